package dev.physmem.model.time;

/**
 * {@code struct delayed_work}: a function to run on a worker after a delay, pending at most once.
 * {@link #queue} leaves a pending work alone (queue_delayed_work); {@link #mod} moves it
 * (mod_delayed_work).
 */
public final class DelayedWork {
    private final Scheduler scheduler;
    private final Worker worker;
    private final Runnable fn;
    /** When it is due; -1 when not pending. Guarded by this. */
    long when = -1;
    /** The sequence number of its current arming, set by the scheduler. Guarded by this. */
    long seq;

    DelayedWork(Scheduler scheduler, Worker worker, Runnable fn) {
        this.scheduler = scheduler;
        this.worker = worker;
        this.fn = fn;
    }

    public Worker worker() {
        return worker;
    }

    /** queue_delayed_work(): false if it was already pending. */
    public synchronized boolean queue(long delayNanos) {
        if (when >= 0) {
            return false;
        }
        when = scheduler.now() + Math.max(0, delayNanos);
        scheduler.arm(this, when);
        return true;
    }

    /** mod_delayed_work(): (re)arm to run after {@code delayNanos} from now. */
    public synchronized void mod(long delayNanos) {
        if (when >= 0) {
            scheduler.disarm(this);
        }
        when = scheduler.now() + Math.max(0, delayNanos);
        scheduler.arm(this, when);
    }

    /** cancel_delayed_work(): true if it was pending. */
    public synchronized boolean cancel() {
        if (when < 0) {
            return false;
        }
        scheduler.disarm(this);
        when = -1;
        return true;
    }

    public synchronized boolean pending() {
        return when >= 0;
    }

    public synchronized long expires() {
        return when;
    }

    /**
     * Called by the driver for a due timer: clears pending and runs the function, unless the work was
     * re-armed or cancelled after that timer was armed (it is then stale; false).
     */
    boolean fire(long armedSeq) {
        synchronized (this) {
            if (when < 0 || seq != armedSeq) {
                return false;
            }
            when = -1;
        }
        fn.run();
        return true;
    }
}
