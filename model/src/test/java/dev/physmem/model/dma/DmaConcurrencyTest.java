package dev.physmem.model.dma;

import static dev.physmem.model.dma.DmaDirection.DMA_FROM_DEVICE;
import static dev.physmem.model.dma.DmaDirection.DMA_TO_DEVICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.machine.Arch;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.testing.MemoryInvariants;
import dev.physmem.model.testing.TestMachines;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Four threads on four simulated CPUs map, exchange data and unmap at once, on the block device and on
 * a device that bounces through swiotlb (one area per CPU): nothing is reported, nothing leaks.
 */
class DmaConcurrencyTest {
    private static final int ROUNDS = 2_000;

    @Test
    void parallelMappingsStayConsistent() throws Exception {
        for (Arch arch : Arch.values()) {
            Machine m = TestMachines.boot(DmaMachines.config("256m", arch).withCpus(4)).machine();
            DmaMapping dma = m.dma;
            if (!dma.swiotlb.isSwiotlbActive()) {
                dma.swiotlb.swiotlbInitLate(2 << 20, Gfp.GFP_KERNEL | Gfp.GFP_DMA);
            }
            assertThat(dma.swiotlb.nareas()).isEqualTo(4);
            // x86: a 24-bit device bounces everything; arm64: a non-coherent one bounces its 64-byte reads.
            Device bouncer = dma.deviceAdd(new Device("isa0", "conc", arch == Arch.X86_64 ? 24 : 32, false));
            long free = DmaMachines.freePages(m);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int cpu = t;
                threads.add(new Thread(() -> {
                    try {
                        m.cpus.bind(cpu);
                        for (int i = 0; i < ROUNDS; i++) {
                            round(m, dma.blockDevice, i % 2 == 0 ? DMA_TO_DEVICE : DMA_FROM_DEVICE, 4096);
                            round(m, bouncer, DMA_FROM_DEVICE, 64);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "dma-" + t));
            }
            threads.forEach(Thread::start);
            for (Thread th : threads) {
                th.join();
            }
            assertThat(failure.get()).isNull();
            assertThat(dma.debug.errorCount()).isZero();
            assertThat(dma.debug.liveEntries()).isZero();
            assertThat(dma.swiotlb.used()).isZero();
            assertThat(bouncer.mappings()).isEqualTo(4L * ROUNDS);
            assertThat(bouncer.bouncedMappings()).isEqualTo(4L * ROUNDS);
            assertThat(dma.swiotlb.bounces(false)).isEqualTo(2L * 4 * ROUNDS);
            assertThat(DmaMachines.freePages(m)).isEqualTo(free);
            MemoryInvariants.check(m);
        }
    }

    private static void round(Machine m, Device dev, int dir, int size) {
        DmaMapping dma = m.dma;
        int folio = m.pageAlloc.folioAlloc(Gfp.GFP_KERNEL, 0);
        long cpuAddr = dma.pageAddress(folio);
        if (dir == DMA_TO_DEVICE) {
            dma.cpuWrites(cpuAddr, size);
        }
        long h = dma.dmaMapSingle(dev, cpuAddr, size, dir);
        if (dma.dmaMappingError(dev, h)) {
            throw new IllegalStateException("mapping failed on " + dev);
        }
        if (dir == DMA_TO_DEVICE) {
            dma.deviceReads(dev, h, size);
        } else {
            dma.deviceWrites(dev, h, size);
            dma.dmaSyncSingleForCpu(dev, h, size, dir);
            dma.cpuReads(cpuAddr, size);
        }
        dma.dmaUnmapSingle(dev, h, size, dir);
        m.folios.folioPut(folio);
    }
}
