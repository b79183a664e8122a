package dev.physmem.model.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.model.Mm;
import dev.physmem.model.dma.DmaDirection;
import dev.physmem.model.dma.DmaMapping;
import dev.physmem.model.machine.Arch;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.syscalls.Syscalls;
import dev.physmem.model.testing.MemoryInvariants;
import dev.physmem.model.testing.PageCacheInvariants;
import dev.physmem.model.testing.TestMachines;
import dev.physmem.model.time.VirtualScheduler;
import dev.physmem.model.vmstat.VmEventItem;
import org.junit.jupiter.api.Test;

/**
 * Every request the disk serves is DMA: its folios are mapped for the device (dma_map_sg) from submit
 * to completion, DMA_TO_DEVICE for writeback and DMA_FROM_DEVICE for reads. On x86 the disk is
 * dma-coherent and nothing is flushed; on arm64 it is not, and the cache maintenance is exact: a write
 * cleans every line it sends, a read cleans at map and invalidates at unmap every line it receives.
 */
class BlockDeviceDmaTest {
    private static final int PAGES = 64;
    private static final long LINES_PER_PAGE = Mm.PAGE_SIZE / 64;

    private static TestMachines.Booted boot(Arch arch) {
        return TestMachines.boot(MachineConfig.defaults().withRam(1L << 30).withArch(arch));
    }

    @Test
    void writebackMapsEveryFolioForTheDiskWhileItsRequestIsInFlight() {
        TestMachines.Booted b = boot(Arch.X86_64);
        Machine m = b.machine();
        Syscalls sys = m.syscalls();
        int ino = sys.createInode("log");
        sys.write(ino, 0, PAGES * Mm.PAGE_SIZE);
        long wait = sys.fsync(ino);

        int inFlight = m.disk.inflightFolios();
        assertThat(inFlight).isPositive();
        assertThat(m.dma.blockDevice.liveMappings()).as("one segment per folio at the disk").isEqualTo(inFlight);
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);

        b.clock().advance(wait);
        assertThat(m.dma.blockDevice.liveMappings()).isZero();
        assertThat(m.dma.blockDevice.mappings()).isEqualTo(inFlight);
        assertThat(m.dma.arch.cleanLines(DmaDirection.DMA_TO_DEVICE)).as("x86 is dma-coherent").isZero();
        assertThat(m.dma.stats().errorCount()).isZero();
        PageCacheInvariants.check(m);
    }

    @Test
    void onArm64AWriteCleansAndAReadInvalidatesEveryLineItMoves() {
        TestMachines.Booted b = boot(Arch.ARM64);
        Machine m = b.machine();
        VirtualScheduler clock = b.clock();
        Syscalls sys = m.syscalls();
        int ino = sys.createInode("data");
        sys.write(ino, 0, PAGES * Mm.PAGE_SIZE);
        clock.advance(sys.fsync(ino));
        DmaMapping dma = m.dma;
        assertThat(dma.arch.cleanLines(DmaDirection.DMA_TO_DEVICE)).isEqualTo(PAGES * LINES_PER_PAGE);
        assertThat(dma.arch.invalidateLines(DmaDirection.DMA_TO_DEVICE)).as("the device only read them").isZero();

        sys.dropCaches(1);
        long sectors = m.vmStat.vmEvent(VmEventItem.PGPGIN);
        clock.advance(sys.read(ino, 0, Mm.PAGE_SIZE));
        long pagesRead = (m.vmStat.vmEvent(VmEventItem.PGPGIN) - sectors) >> (Mm.PAGE_SHIFT - 9);
        assertThat(pagesRead).as("readahead").isGreaterThan(1);
        assertThat(dma.arch.cleanLines(DmaDirection.DMA_FROM_DEVICE)).isEqualTo(pagesRead * LINES_PER_PAGE);
        assertThat(dma.arch.invalidateLines(DmaDirection.DMA_FROM_DEVICE)).isEqualTo(pagesRead * LINES_PER_PAGE);
        assertThat(dma.liveMappings()).isZero();
        assertThat(dma.stats().errorCount()).isZero();
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
    }
}
