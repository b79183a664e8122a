package dev.physmem.model.time;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Real time for the agent: simulated time is the JVM's monotonic clock since boot, and each worker is a
 * daemon thread named {@code physmem-<kernel name>} that runs its due work in order. {@link #close()}
 * stops them all and waits for the work in progress.
 */
public final class RealTimeScheduler extends Scheduler implements AutoCloseable {
    private final long origin = System.nanoTime();
    private final Consumer<RuntimeException> failures;
    private final List<WorkerThread> threads = new ArrayList<>();
    private volatile boolean closed;
    private long nextSeq;

    /** {@code failures} hears of work that threw: the worker thread itself keeps running. */
    public RealTimeScheduler(Consumer<RuntimeException> failures) {
        this.failures = failures;
    }

    @Override
    public long now() {
        return System.nanoTime() - origin;
    }

    @Override
    public synchronized Worker worker(String name) {
        WorkerThread t = new WorkerThread("physmem-" + name);
        Worker w = new Worker(name, t);
        threads.add(t);
        if (!closed) {
            t.start();
        }
        return w;
    }

    @Override
    void arm(DelayedWork work, long when) {
        WorkerThread t = (WorkerThread) work.worker().driverState;
        synchronized (t.queue) {
            synchronized (this) {
                work.seq = nextSeq++;
            }
            t.queue.add(work);
            t.queue.notifyAll();
        }
    }

    @Override
    void disarm(DelayedWork work) {
        WorkerThread t = (WorkerThread) work.worker().driverState;
        synchronized (t.queue) {
            t.queue.remove(work);
        }
    }

    @Override
    public void close() {
        List<WorkerThread> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(threads);
        }
        for (WorkerThread t : all) {
            t.interrupt();
        }
        for (WorkerThread t : all) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class WorkerThread extends Thread {
        final PriorityQueue<DelayedWork> queue = new PriorityQueue<>((a, b) -> {
            int c = Long.compare(a.when, b.when);
            return c != 0 ? c : Long.compare(a.seq, b.seq);
        });

        WorkerThread(String name) {
            super(name);
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!closed) {
                DelayedWork due;
                synchronized (queue) {
                    DelayedWork next = queue.peek();
                    long wait = next == null ? Long.MAX_VALUE : next.when - now();
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
                    due.run();
                } catch (RuntimeException e) {
                    failures.accept(e);
                }
            }
        }
    }
}
