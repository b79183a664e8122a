package dev.physmem.model.syscalls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.testing.MemoryInvariants;
import dev.physmem.model.testing.PageCacheInvariants;
import dev.physmem.model.testing.TestMachines;
import dev.physmem.model.time.VirtualScheduler;
import dev.physmem.model.vmstat.NodeStatItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Many application threads in the system calls at once, on shared and private files and mappings,
 * with memory tight enough for reclaim, while another thread drives the clock so that the flusher,
 * the disk's completions and kswapd run concurrently with them: no deadlock, no exception, and every
 * law holds afterwards.
 */
class ConcurrentSyscallsTest {

    @Test
    void threadsSharingFilesLeaveAConsistentMachine() throws Exception {
        TestMachines.Booted b = TestMachines.boot(MachineConfig.defaults().withRam(128L << 20).withCpus(4)
                .withSwap(32L << 20));
        Machine m = b.machine();
        VirtualScheduler clock = b.clock();
        Syscalls sys = m.syscalls();
        int shared = sys.createInode("shared");
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long seed = t;
            Thread w = new Thread(() -> {
                Random r = new Random(seed);
                try {
                    start.await();
                    int own = sys.createInode("own" + seed);
                    List<Long> maps = new ArrayList<>();
                    for (int op = 0; op < 2000; op++) {
                        int file = r.nextBoolean() ? shared : own;
                        long pos = (long) r.nextInt(4096) << 12;
                        switch (r.nextInt(9)) {
                            case 0, 1, 2 -> sys.write(file, pos + r.nextInt(4096), 1 + r.nextInt(64 << 10));
                            case 3, 4 -> sys.read(file, pos, 1 + r.nextInt(64 << 10));
                            case 5 -> sys.fsync(file);
                            case 6 -> sys.truncate(own, pos);
                            case 7 -> maps.add(r.nextBoolean() ? sys.mmap(file, pos, 4096L * (1 + r.nextInt(16)))
                                    : sys.mmapAnonymous(4096L * (1 + r.nextInt(64))));
                            default -> {
                                if (!maps.isEmpty()) {
                                    sys.munmap(maps.remove(r.nextInt(maps.size())));
                                }
                            }
                        }
                    }
                    for (long h : maps) {
                        sys.munmap(h);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "app-" + t);
            workers.add(w);
            w.start();
        }
        Thread driver = new Thread(() -> {
            while (workers.stream().anyMatch(Thread::isAlive)) {
                clock.advance(1_000_000);
            }
        }, "clock");
        start.countDown();
        driver.start();
        for (Thread w : workers) {
            w.join(TimeUnit.MINUTES.toMillis(2));
            assertThat(w.isAlive()).as(w.getName() + " finished (no deadlock)").isFalse();
        }
        driver.join(TimeUnit.MINUTES.toMillis(1));
        assertThat(failure.get()).isNull();
        clock.advance(120_000_000_000L);
        m.vmStat.refresh();
        assertThat(m.vmStat.globalNodePageState(NodeStatItem.NR_WRITEBACK)).isZero();
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
    }
}
