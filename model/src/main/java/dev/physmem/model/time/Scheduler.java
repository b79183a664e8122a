package dev.physmem.model.time;

/**
 * The simulated kernel's only source of time and of deferred execution. The model never reads the
 * wall clock: it asks {@link #now()} and queues {@link DelayedWork} on named {@link Worker}s (the
 * kernel's kthreads and workqueues). {@link VirtualScheduler} runs the work as a deterministic
 * discrete-event loop; {@link RealTimeScheduler} runs each worker on its own daemon thread.
 */
public abstract class Scheduler {
    /** CONFIG_HZ of the simulated kernel. */
    public static final int HZ = 250;
    public static final long NANOS_PER_JIFFY = 1_000_000_000L / HZ;

    /** Simulated nanoseconds since boot. */
    public abstract long now();

    /** jiffies: {@link #now()} in ticks of 1/HZ. */
    public long jiffies() {
        return now() / NANOS_PER_JIFFY;
    }

    /** A kthread or workqueue context named as the kernel names it ("kswapd0", "flush-8:0"). */
    public abstract Worker worker(String name);

    public DelayedWork delayedWork(Worker worker, Runnable fn) {
        return new DelayedWork(this, worker, fn);
    }

    /** Arms {@code work} to run at simulated time {@code when}. Called with the work's monitor held. */
    abstract void arm(DelayedWork work, long when);

    /** Disarms {@code work}. Called with the work's monitor held. */
    abstract void disarm(DelayedWork work);

    public static long msecsToNanos(long ms) {
        return ms * 1_000_000L;
    }

    public static long centisecsToNanos(long cs) {
        return cs * 10_000_000L;
    }
}
