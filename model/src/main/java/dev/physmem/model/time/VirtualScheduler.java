package dev.physmem.model.time;

import java.util.PriorityQueue;

/**
 * Discrete-event time for tests, scenarios and replay: nothing runs until the caller advances the
 * clock, and then due work runs in (time, queueing order), so a scenario is deterministic. Work runs on
 * the advancing thread; the worker names only say which kernel thread it stands for.
 */
public final class VirtualScheduler extends Scheduler {
    private final PriorityQueue<Timer> queue = new PriorityQueue<>(Timer.ORDER);
    private long now;
    private long nextSeq;

    @Override
    public synchronized long now() {
        return now;
    }

    @Override
    public Worker worker(String name) {
        return new Worker(name, null);
    }

    @Override
    synchronized void arm(DelayedWork work, long when) {
        work.seq = nextSeq++;
        queue.add(new Timer(when, work.seq, work));
    }

    @Override
    synchronized void disarm(DelayedWork work) {
        queue.removeIf(t -> t.work() == work);
    }

    /** Runs every work due up to {@code time} and leaves the clock there. */
    public void runUntil(long time) {
        while (true) {
            Timer next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.when() > time) {
                    now = Math.max(now, time);
                    return;
                }
                queue.poll();
                now = Math.max(now, next.when());
            }
            next.work().fire(next.seq());
        }
    }

    /** Advances the clock by {@code nanos}, running what falls due. */
    public void advance(long nanos) {
        runUntil(now() + nanos);
    }

    /** Runs until no work is pending (or {@code limitNanos} of simulated time passed); returns the time. */
    public long runUntilIdle(long limitNanos) {
        long deadline = now() + limitNanos;
        while (true) {
            long due;
            synchronized (this) {
                Timer next = queue.peek();
                if (next == null || next.when() > deadline) {
                    return now;
                }
                due = next.when();
            }
            runUntil(due);
        }
    }

    public synchronized int pendingCount() {
        return queue.size();
    }
}
