package dev.physmem.model.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.proc.BuddyInfo;
import dev.physmem.model.proc.FreeAreas;
import dev.physmem.model.testing.MemoryInvariants;
import dev.physmem.model.testing.TestMachines;
import dev.physmem.model.vmstat.VmEventItem;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Eight threads on four simulated CPUs (two threads share each CPU, as application threads do) allocate
 * and free 1.2 million blocks of mixed orders; at the end everything is accounted for and every page
 * handed out came back.
 */
class ConcurrentAllocationStressTest {
    private static final int THREADS = 8;
    private static final int OPS_PER_THREAD = 150_000;

    @Test
    void eightThreadsAMillionOperationsNothingLostNothingDuplicated() throws Exception {
        Machine m = TestMachines.boot(MachineConfig.defaults().withRam(512L << 20).withCpus(4)).machine();
        String bootShape = BuddyInfo.render(FreeAreas.capture(m));
        AtomicLong pagesAllocated = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        CyclicBarrier start = new CyclicBarrier(THREADS);
        int[] gfps = {Gfp.GFP_KERNEL, Gfp.GFP_HIGHUSER_MOVABLE, Gfp.GFP_KERNEL | Gfp.__GFP_COMP,
            Gfp.GFP_KERNEL | Gfp.__GFP_RECLAIMABLE, Gfp.GFP_NOWAIT};
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                try {
                    m.cpus.bind(id % 4);
                    SplittableRandom rnd = new SplittableRandom(id);
                    int[] held = new int[256];
                    int[] orders = new int[256];
                    java.util.Arrays.fill(held, -1);
                    start.await();
                    for (int op = 0; op < OPS_PER_THREAD; op++) {
                        int slot = rnd.nextInt(held.length);
                        if (held[slot] >= 0) {
                            m.pageAlloc.freePages(held[slot], orders[slot]);
                            held[slot] = -1;
                        } else {
                            int r = rnd.nextInt(100);
                            int order = r < 70 ? 0 : r < 85 ? 1 : r < 93 ? 2 : r < 98 ? 3 : 9;
                            int pfn = m.pageAlloc.allocPages(gfps[rnd.nextInt(gfps.length)] | Gfp.__GFP_NOWARN, order);
                            if (pfn >= 0) {
                                held[slot] = pfn;
                                orders[slot] = order;
                                pagesAllocated.addAndGet(1L << order);
                            } else {
                                failures.incrementAndGet();
                            }
                        }
                    }
                    for (int i = 0; i < held.length; i++) {
                        if (held[i] >= 0) {
                            m.pageAlloc.freePages(held[i], orders[i]);
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }, "stress-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(errors).isEmpty();
        m.pageAlloc.drainAllPages(null);
        MemoryInvariants.check(m);
        long pgalloc = 0;
        for (int z = 0; z < 5; z++) {
            pgalloc += m.vmStat.vmEvent(VmEventItem.PGALLOC_DMA + z);
        }
        assertThat(pgalloc).isEqualTo(pagesAllocated.get());
        assertThat(m.vmStat.vmEvent(VmEventItem.PGFREE)).isEqualTo(pagesAllocated.get());
        assertThat(failures.get()).as("a 512 MiB machine never runs dry here").isZero();
        if (m.zones.stream().allMatch(z -> z.nrReservedHighatomic() == 0)) {
            assertThat(BuddyInfo.render(FreeAreas.capture(m))).isEqualTo(bootShape);
        }
    }
}
