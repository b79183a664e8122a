package dev.physmem.model.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The agent's clock: kernel threads that never die, made by the host's thread factory. */
class RealTimeSchedulerTest {
    private static final long PATIENCE = TimeUnit.SECONDS.toNanos(10);

    @Test
    void workThatThrowsAnErrorIsReportedAndTheThreadRunsOn() throws Exception {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicInteger ran = new AtomicInteger();
        try (RealTimeScheduler s = new RealTimeScheduler(failures::add, Thread::new)) {
            Worker kswapd = s.worker("kswapd0");
            s.delayedWork(kswapd, () -> {
                throw new LinkageError("duplicate class definition");
            }).queue(0);
            s.delayedWork(kswapd, ran::incrementAndGet).queue(TimeUnit.MILLISECONDS.toNanos(5));
            awaitTrue(() -> ran.get() == 1);
        }
        assertThat(failures).singleElement().isInstanceOf(LinkageError.class);
    }

    @Test
    void workerThreadsComeFromTheFactoryAndCarryTheKernelName() throws Exception {
        List<Thread> made = new CopyOnWriteArrayList<>();
        AtomicLong ranOn = new AtomicLong();
        try (RealTimeScheduler s = new RealTimeScheduler(e -> { }, r -> {
            Thread t = new Thread(r);
            made.add(t);
            return t;
        })) {
            s.delayedWork(s.worker("flush-8:0"), () -> ranOn.set(Thread.currentThread().getId())).queue(0);
            awaitTrue(() -> ranOn.get() != 0);
            assertThat(made).singleElement().satisfies(t -> {
                assertThat(t.getName()).isEqualTo("physmem-flush-8:0");
                assertThat(t.isDaemon()).isTrue();
                assertThat(t.getId()).isEqualTo(ranOn.get());
            });
        }
    }

    @Test
    void anEarlierTimerWakesAWorkerAsleepUntilALaterOneAndALaterOneWaitsItsTurn() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        try (RealTimeScheduler s = new RealTimeScheduler(e -> { }, Thread::new)) {
            Worker kblockd = s.worker("kblockd");
            s.delayedWork(kblockd, () -> ran.add("in an hour")).queue(TimeUnit.HOURS.toNanos(1));
            Thread.sleep(20); // the worker is asleep until the hour is up
            s.delayedWork(kblockd, () -> ran.add("now")).queue(0);
            s.delayedWork(kblockd, () -> ran.add("in two hours")).queue(TimeUnit.HOURS.toNanos(2));
            s.delayedWork(kblockd, () -> ran.add("in 5 ms")).queue(TimeUnit.MILLISECONDS.toNanos(5));
            awaitTrue(() -> ran.size() == 2);
            Thread.sleep(20);
        }
        assertThat(ran).containsExactly("now", "in 5 ms");
    }

    private interface Condition {
        boolean holds();
    }

    private static void awaitTrue(Condition c) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE;
        while (!c.holds()) {
            assertThat(System.nanoTime() - deadline).as("waited 10 s").isNegative();
            Thread.onSpinWait();
        }
    }
}
