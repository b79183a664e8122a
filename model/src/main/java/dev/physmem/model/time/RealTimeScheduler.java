package dev.physmem.model.time;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * Real time for the agent: simulated time is the JVM's monotonic clock since boot, and each worker is a
 * daemon thread named {@code physmem-<kernel name>} that runs its due work in order. The threads come
 * from the caller's factory, so a host can keep what they do (class loading reads the class path, for
 * one) out of the simulation. {@link #close()} stops them all and waits for the work in progress.
 */
public final class RealTimeScheduler extends Scheduler implements AutoCloseable {
    private final long origin = System.nanoTime();
    private final Consumer<Throwable> failures;
    private final ThreadFactory threads;
    private final List<Thread> started = new ArrayList<>();
    private volatile boolean closed;
    private long nextSeq;

    /**
     * {@code failures} hears of work that threw, errors included (a LinkageError in one work must not
     * silently end kswapd): the worker thread itself keeps running.
     */
    public RealTimeScheduler(Consumer<Throwable> failures, ThreadFactory threads) {
        this.failures = failures;
        this.threads = threads;
    }

    @Override
    public long now() {
        return System.nanoTime() - origin;
    }

    @Override
    public synchronized Worker worker(String name) {
        WorkerLoop loop = new WorkerLoop();
        Thread t = threads.newThread(loop);
        t.setName("physmem-" + name);
        t.setDaemon(true);
        started.add(t);
        if (!closed) {
            t.start();
        }
        return new Worker(name, loop);
    }

    @Override
    void arm(DelayedWork work, long when) {
        PriorityQueue<Timer> queue = ((WorkerLoop) work.worker().driverState).queue;
        synchronized (queue) {
            synchronized (this) {
                work.seq = nextSeq++;
            }
            Timer timer = new Timer(when, work.seq, work);
            queue.add(timer);
            // The worker sleeps until its earliest timer: only a new earliest one changes that, so the
            // common case (a completion queued behind those in flight) wakes nobody.
            if (queue.peek() == timer) {
                queue.notifyAll();
            }
        }
    }

    @Override
    void disarm(DelayedWork work) {
        PriorityQueue<Timer> queue = ((WorkerLoop) work.worker().driverState).queue;
        synchronized (queue) {
            queue.removeIf(timer -> timer.work() == work);
        }
    }

    @Override
    public void close() {
        List<Thread> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(started);
        }
        for (Thread t : all) {
            t.interrupt();
        }
        for (Thread t : all) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One worker's thread body: runs its due timers in order until the scheduler closes. */
    private final class WorkerLoop implements Runnable {
        final PriorityQueue<Timer> queue = new PriorityQueue<>(Timer.ORDER);

        @Override
        public void run() {
            while (!closed) {
                Timer due;
                synchronized (queue) {
                    Timer next = queue.peek();
                    long wait = next == null ? Long.MAX_VALUE : next.when() - now();
                    if (wait > 0) {
                        try {
                            if (wait == Long.MAX_VALUE) {
                                queue.wait();
                            } else {
                                queue.wait(wait / 1_000_000, (int) (wait % 1_000_000));
                            }
                        } catch (InterruptedException e) {
                            return;
                        }
                        continue;
                    }
                    due = queue.poll();
                }
                try {
                    due.work().fire(due.seq());
                } catch (Throwable e) { // errors and sneaky checked exceptions too: the thread must live on
                    failures.accept(e);
                }
            }
        }
    }
}
