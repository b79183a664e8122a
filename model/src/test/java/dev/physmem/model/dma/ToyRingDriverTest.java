package dev.physmem.model.dma;

import static dev.physmem.model.dma.DmaDirection.DMA_BIDIRECTIONAL;
import static dev.physmem.model.dma.DmaDirection.DMA_FROM_DEVICE;
import static dev.physmem.model.dma.DmaDirection.DMA_TO_DEVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.model.KernelBugException;
import dev.physmem.model.machine.Arch;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.testing.MemoryInvariants;
import org.junit.jupiter.api.Test;

/** The same toy NIC driver on x86 (coherent) and on arm64 (a device without dma-coherent). */
class ToyRingDriverTest {

    /** Open, receive three packets (1500, 60 and 2048 bytes), send one of 1000 bytes, close. */
    private static ToyRingDriver runDriver(Machine m) {
        ToyRingDriver drv = new ToyRingDriver(m, false);
        drv.open();
        int[] len = {1500, 60, 2048};
        for (int i = 0; i < len.length; i++) {
            drv.deviceReceives(i, len[i]);
            drv.poll(i, len[i], true);
        }
        drv.transmit(1000);
        drv.close();
        return drv;
    }

    @Test
    void x86DoesNoCacheMaintenanceForTheSameDriver() {
        Machine m = DmaMachines.strict("256m", Arch.X86_64);
        long free = DmaMachines.freePages(m);
        runDriver(m);
        for (int dir = DMA_BIDIRECTIONAL; dir <= DMA_FROM_DEVICE; dir++) {
            assertThat(m.dma.arch.cleanLines(dir)).isZero();
            assertThat(m.dma.arch.invalidateLines(dir)).isZero();
        }
        assertThat(m.dma.arch.prepCoherentLines()).isZero();
        assertThat(m.dma.debug.errorCount()).isZero();
        assertThat(m.dma.liveMappings()).isZero();
        assertThat(DmaMachines.freePages(m)).isEqualTo(free);
        MemoryInvariants.check(m);
    }

    @Test
    void arm64CleansAndInvalidatesCacheLinesForANonCoherentDevice() {
        Machine m = DmaMachines.strict("256m", Arch.ARM64);
        long free = DmaMachines.freePages(m);
        runDriver(m);
        // open: arch_dma_prep_coherent() cleans the ring, PAGE_ALIGN(16 * 16) = 4096 bytes = 64 lines;
        //   dma_map_single(FROM_DEVICE) of 16 buffers cleans 16 * 2048 / 64 = 512 lines.
        // three polls: dma_sync_single_for_cpu(len) invalidates ceil(len / 64) lines = 24 + 1 + 32 = 57;
        //   dma_sync_single_for_device(2048) cleans 32 lines each = 96.
        // transmit: dma_map_single(1000, TO_DEVICE) cleans ceil(1000 / 64) = 16 lines; its unmap does
        //   nothing, since arch_sync_dma_for_cpu() returns early for DMA_TO_DEVICE.
        // close: each unmap syncs for the CPU, invalidating 32 lines: 16 * 32 = 512.
        assertThat(m.dma.arch.prepCoherentLines()).isEqualTo(64);
        assertThat(m.dma.arch.cleanLines(DMA_FROM_DEVICE)).isEqualTo(512 + 96);
        assertThat(m.dma.arch.invalidateLines(DMA_FROM_DEVICE)).isEqualTo(57 + 512);
        assertThat(m.dma.arch.cleanLines(DMA_TO_DEVICE)).isEqualTo(16);
        assertThat(m.dma.arch.invalidateLines(DMA_TO_DEVICE)).isZero();
        assertThat(m.dma.arch.cleanLines(DMA_BIDIRECTIONAL)).isZero();
        assertThat(m.dma.debug.errorCount()).isZero();
        assertThat(DmaMachines.freePages(m)).isEqualTo(free);
        MemoryInvariants.check(m);
    }

    @Test
    void statsShowWhatTheDriverHolds() {
        Machine m = DmaMachines.strict("256m", Arch.ARM64);
        ToyRingDriver drv = new ToyRingDriver(m, false);
        drv.open();
        DmaStats s = m.dma.stats();
        assertThat(s.devices()).extracting(DmaStats.DeviceStats::name).containsExactly("8:0", "eth0", "toy0");
        DmaStats.DeviceStats toy = s.devices().get(2);
        assertThat(toy.coherent()).isFalse();
        assertThat(toy.coherentBytes()).containsExactly(4096, 0, 0, 0, 0);
        assertThat(toy.liveMappings()).isEqualTo(16);
        assertThat(s.liveMappings()).isEqualTo(16);
        assertThat(s.cleanLines()).containsExactly(0, 0, 512);
        assertThat(s.invalidateLines()).containsExactly(0, 0, 0);
        assertThat(s.prepCoherentLines()).isEqualTo(64);
        assertThat(s.zeroedBytes()).isEqualTo(4096);
        assertThat(s.errorCount()).isZero();
        assertThat(s.errors()).isEmpty();
        // 256 MiB of arm64 RAM: 256 KiB of kmalloc bounce pool, raised to a segment per area (2 * 128 slots).
        assertThat(s.swiotlbSlots()).isEqualTo(256);
    }

    @Test
    void arm64CatchesTheMissingSyncForCpuAsTheStaleReadItWouldBe() {
        Machine m = DmaMachines.strict("256m", Arch.ARM64);
        ToyRingDriver drv = new ToyRingDriver(m, false);
        drv.open();
        drv.deviceReceives(0, 1500);
        long handle = drv.rxHandle[0];
        // The descriptor is in coherent (uncached) memory: reading it is fine. The packet is not.
        assertThatThrownBy(() -> drv.poll(0, 1500, false))
                .isInstanceOf(KernelBugException.class)
                .hasMessage(String.format("DMA stale read: toyring toy0: CPU read 24 cache line(s) the device wrote"
                        + " after the last dma_sync_*_for_cpu() [device address=0x%016x] [size=1500 bytes]"
                        + " [mapping=0x%016x+2048 DMA_FROM_DEVICE]", handle, handle));
        assertThat(m.dma.debug.errors(DmaError.STALE_CPU_READ)).isEqualTo(1);
        // With the sync the same read is fine, and the lines stay fresh until the device writes again.
        drv.deviceReceives(1, 100);
        drv.poll(1, 100, true);
        drv.poll(1, 100, false);
        assertThat(m.dma.debug.errors(DmaError.STALE_CPU_READ)).isEqualTo(1);
    }

    @Test
    void x86CannotReadStaleDataFromACoherentDevice() {
        Machine m = DmaMachines.strict("256m", Arch.X86_64);
        ToyRingDriver drv = new ToyRingDriver(m, false);
        drv.open();
        drv.deviceReceives(0, 1500);
        drv.poll(0, 1500, false);
        assertThat(m.dma.debug.errorCount()).isZero();
    }

    @Test
    void aCpuWriteAfterMappingIsStaleForTheDeviceUntilSyncedForDevice() {
        Machine m = DmaMachines.strict("256m", Arch.ARM64);
        ToyRingDriver drv = new ToyRingDriver(m, false);
        drv.open();
        int page = drv.rxPage[0];
        long handle = drv.rxHandle[0];
        // A driver that patches a header into a mapped buffer without handing it back to the device.
        m.dma.cpuWrites(m.dma.pageAddress(page) + 64, 128);
        assertThatThrownBy(() -> m.dma.deviceReads(drv.dev, handle, 256))
                .isInstanceOf(KernelBugException.class)
                .hasMessageStartingWith("DMA stale read: toyring toy0: device read 2 cache line(s) the CPU wrote"
                        + " after the last dma_sync_*_for_device()");
        m.dma.dmaSyncSingleForDevice(drv.dev, handle, 256, DMA_FROM_DEVICE);
        m.dma.deviceReads(drv.dev, handle, 256);
        assertThat(m.dma.debug.errors(DmaError.STALE_DEVICE_READ)).isEqualTo(1);
    }
}
