package dev.physmem.agent.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.agent.boot.Hooks;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue from the application's threads to the syscall thread, against a translator over a Syscalls
 * that records: every call arrives once, in each thread's order, as the thread that made it, after
 * which a drain returns; a full ring makes producers wait, a stuck syscall thread makes them drop
 * (counted), and a call that throws does not stop the thread.
 */
class SyscallThreadTest {
    @TempDir
    Path dir;
    RecordingSyscalls sys;
    AgentCounters counters;
    Translator translator;
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    final List<Thread> switches = new CopyOnWriteArrayList<>();
    SyscallThread syscalls;
    AsyncSink sink;

    @BeforeEach
    void setUp() {
        sys = new RecordingSyscalls();
        counters = new AgentCounters();
        translator = sys.translator(counters);
    }

    private void start(int capacity) {
        start(capacity, SyscallThread.DOZE_NANOS);
    }

    private void start(int capacity, long dozeNanos) {
        syscalls = new SyscallThread(capacity, translator, switches::add, failures::add, counters, dozeNanos);
        syscalls.start();
        sink = new AsyncSink(syscalls);
        Hooks.sink = sink;
    }

    @AfterEach
    void stop() {
        Hooks.sink = null;
        Hooks.frame().last = null;
        syscalls.shutdown();
    }

    /** A write as the hooks report it: one that continues the thread's last joins its slot there (Frame#last). */
    private static void write(Object fd, String path, long offset, long bytes) {
        Hooks.write(Hooks.enter(), fd, fd, path, offset, bytes);
    }

    private static void read(Object fd, String path, long offset, long bytes) {
        Hooks.read(Hooks.enter(), fd, fd, path, offset, bytes);
    }

    private String file(String name) throws IOException {
        return Files.write(dir.resolve(name), new byte[0]).toString();
    }

    @Test
    void manyThreadsThroughASmallRingEachInItsOrderAndAllBeforeTheDrainReturns() throws Exception {
        manyThreads(true, 5000);
        assertThat(counters.queueFullWaits.sum()).as("64 slots for 40000 calls").isPositive();
    }

    /** The same with like writes in a row: they share slots while the syscall thread takes them concurrently. */
    @Test
    void manyThreadsJoiningTheirLastSlotsWhileTheyAreTakenLoseAndReorderNothing() throws Exception {
        manyThreads(false, 50_000);
    }

    /** Four threads each write {@code writes} pages to a file of their own, each write followed by a read if {@code alternate}. */
    private void manyThreads(boolean alternate, int writes) throws Exception {
        start(64);
        int threads = 4;
        List<String> paths = new ArrayList<>();
        List<Thread> writers = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < threads; i++) {
            String path = file("f" + i);
            paths.add(path);
            Object fd = new Object();
            writers.add(new Thread(() -> {
                sink.opened(fd, fd, path, 0);
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int w = 0; w < writes; w++) {
                    write(fd, path, -1, 4096);
                    if (alternate) {
                        read(fd, path, 0, 4096); // unlike the write: each call takes a slot
                    }
                }
            }));
        }
        writers.forEach(Thread::start);
        go.countDown();
        for (Thread w : writers) {
            w.join();
        }
        syscalls.drain();

        assertThat(counters.writes.sum()).isEqualTo((long) threads * writes);
        assertThat(counters.reads.sum()).isEqualTo(alternate ? (long) threads * writes : 0);
        assertThat(counters.queueDrops.sum()).isZero();
        assertThat(syscalls.backlog()).isZero();
        List<String> calls = sys.calls();
        for (int i = 0; i < threads; i++) {
            String prefix = "write(" + inoOf(calls, paths.get(i)) + ", ";
            List<String> own = calls.stream().filter(c -> c.startsWith(prefix)).toList();
            assertThat(own).hasSize(writes);
            for (int w = 0; w < writes; w++) {
                assertThat(own.get(w)).isEqualTo(prefix + 4096L * w + ", 4096)");
            }
        }
        assertThat(switches).as("the syscall thread ran as each writer").containsAll(writers);
        assertThat(failures).isEmpty();
    }

    /**
     * A thread's reads or writes in a row, alike but for the offset, share its last slot while the
     * syscall thread has not taken it, and still run one by one in order, each at its own offset; a call
     * of another thread, or an unlike one, takes a slot of its own and keeps its place.
     */
    @Test
    void likeCallsInARowShareASlotAndRunOneByOneInOrder() throws Exception {
        start(16);
        String a = file("a");
        String b = file("b");
        Object fdA = new Object();
        Object fdB = new Object();
        sink.opened(fdA, fdA, a, 0);
        sink.opened(fdB, fdB, b, 0);
        CountDownLatch hold = occupy(); // the calls below are queued while the syscall thread is busy
        for (int i = 0; i < 100; i++) {
            write(fdA, a, -1, 4096); // 100 appends: one slot
        }
        for (int i = 0; i < 10; i++) {
            read(fdA, a, 8192 + 512L * i, 512); // 10 positional reads, each where the last ended: one slot
        }
        read(fdA, a, 0, 512); // not where the last ended: a slot of its own
        Thread other = new Thread(() -> write(fdB, b, -1, 100));
        other.start();
        other.join();
        write(fdA, a, -1, 4096); // after another thread's call: a slot of its own
        write(fdA, a, -1, 1000); // another size: a slot of its own
        assertThat(counters.queueFullWaits.sum()).as("116 calls fit in 16 slots while the thread is busy").isZero();
        hold.countDown();
        syscalls.drain();

        List<String> calls = sys.calls();
        int inoA = inoOf(calls, a);
        int inoB = inoOf(calls, b);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add("write(" + inoA + ", " + 4096L * i + ", 4096)");
        }
        for (int i = 0; i < 10; i++) {
            expected.add("read(" + inoA + ", " + (8192 + 512L * i) + ", 512)");
        }
        expected.add("read(" + inoA + ", 0, 512)");
        expected.add("write(" + inoB + ", 0, 100)");
        expected.add("write(" + inoA + ", " + 4096L * 100 + ", 4096)");
        expected.add("write(" + inoA + ", " + 4096L * 101 + ", 1000)");
        assertThat(calls.stream().filter(c -> c.startsWith("write(") || c.startsWith("read(")).toList())
                .containsExactlyElementsOf(expected);
        assertThat(counters.writes.sum()).isEqualTo(103);
        assertThat(counters.reads.sum()).isEqualTo(11);
        assertThat(counters.queueDrops.sum()).isZero();
        assertThat(switches).as("each ran as the thread that made it").contains(other);
        assertThat(failures).isEmpty();
    }

    /** Queues a call that keeps the syscall thread busy until the returned latch opens; returns once it runs. */
    private CountDownLatch occupy() throws InterruptedException {
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        sink.call(t -> {
            taken.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(taken.await(10, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    private static int inoOf(List<String> calls, String path) {
        String c = calls.stream().filter(x -> x.startsWith("createInode(" + path + ")=")).findFirst().orElseThrow();
        return Integer.parseInt(c.substring(c.indexOf(")=") + 2));
    }

    @Test
    void aCallRunsAsTheThreadThatMadeItAndOneThatThrowsDoesNotStopTheThread() throws Exception {
        start(16);
        List<Thread> callers = new CopyOnWriteArrayList<>();
        Thread app = new Thread(() -> {
            sink.call(t -> callers.add(SyscallThread.caller()));
            sink.call(t -> {
                throw new IllegalStateException("boom");
            });
            sink.socket(true, 100, true);
        }, "app");
        app.start();
        app.join();
        syscalls.drain();
        assertThat(callers).containsExactly(app);
        assertThat(failures).singleElement().extracting(Throwable::getMessage).isEqualTo("boom");
        assertThat(counters.socketSends.sum()).isEqualTo(1);
        assertThat(syscalls.isAlive()).isTrue();
        assertThat(SyscallThread.caller()).as("any other thread acts for itself").isSameAs(Thread.currentThread());
    }

    /**
     * The syscall thread is stuck in a call: a producer facing the full ring waits a second, then drops
     * its call and counts it; until the thread moves again later calls drop at once; then all is normal.
     */
    @Test
    void aStuckSyscallThreadMakesCallsDropCountedNotHang() throws Exception {
        start(4);
        CountDownLatch stuck = occupy();
        for (int i = 0; i < 3; i++) {
            sink.socket(true, 1, true); // the slot of the call that runs is not free until it returns
        }
        long t0 = System.nanoTime();
        sink.socket(true, 1, true);
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(SyscallThread.MAX_WAIT_NANOS);
        t0 = System.nanoTime();
        sink.socket(true, 1, true);
        assertThat(System.nanoTime() - t0).as("no second wait while nothing moves").isLessThan(SyscallThread.MAX_WAIT_NANOS / 2);
        assertThat(counters.queueDrops.sum()).isEqualTo(2);

        stuck.countDown();
        syscalls.drain();
        sink.socket(true, 1, true);
        syscalls.drain();
        assertThat(counters.socketSends.sum()).isEqualTo(4);
        assertThat(counters.queueDrops.sum()).isEqualTo(2);
        assertThat(counters.queueFullWaits.sum()).isEqualTo(2);
    }

    /**
     * After a quiet spell the thread dozes, here for an hour, and the first call published wakes it:
     * the call runs without a drain (which would wake it too), well before the hour is over.
     */
    @Test
    void aDozingThreadIsWokenByTheFirstCallThatComes() throws Exception {
        start(16, TimeUnit.HOURS.toNanos(1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!syscalls.dozing() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(syscalls.dozing()).as("dozing after " + SyscallThread.QUIET_LOOKS + " empty looks").isTrue();

        sink.socket(true, 100, true);
        while (counters.socketSends.sum() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(counters.socketSends.sum()).as("the call ran, the doze cut short").isEqualTo(1);
    }

    @Test
    void queueingAReadOrWriteAllocatesNothing() throws Exception {
        start(1 << 14);
        String path = file("a");
        Object fd = new Object();
        sink.opened(fd, fd, path, 0);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int round = 0; round < 3; round++) {
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 20_000; i++) {
                write(fd, path, -1, 4096);
                read(fd, path, 0, 4096);
            }
            long allocated = threads.getThreadAllocatedBytes(id) - before;
            syscalls.drain();
            sys.clear();
            if (round == 2) {
                assertThat(allocated).as("bytes allocated by 40000 queued calls").isLessThan(1024);
            }
        }
    }

    @Test
    void bootTimeCallsHandedOverRunAsTheThreadsThatMadeThemBeforeLaterOnes() throws Exception {
        start(16);
        BootingSink early = new BootingSink();
        String path = file("log");
        Object fd = new Object();
        Thread opener = new Thread(() -> early.opened(fd, fd, path, 0), "opener");
        opener.start();
        opener.join();
        early.write(fd, fd, path, -1, 100);

        assertThat(early.handOver(sink, failures::add)).isZero();
        early.write(fd, fd, path, -1, 50);
        syscalls.drain();
        assertThat(sys.calls()).containsExactly("createInode(" + path + ")=1", "write(1, 0, 100)", "write(1, 100, 50)");
        assertThat(switches).containsExactly(opener, Thread.currentThread());
        assertThat(failures).isEmpty();
    }
}
