package dev.physmem.model.dma;

import static dev.physmem.model.dma.DmaDirection.DMA_BIDIRECTIONAL;
import static dev.physmem.model.dma.DmaDirection.DMA_FROM_DEVICE;
import static dev.physmem.model.dma.DmaDirection.DMA_NONE;
import static dev.physmem.model.dma.DmaDirection.DMA_TO_DEVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.model.KernelBugException;
import dev.physmem.model.Mm;
import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.machine.Arch;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.testing.MemoryInvariants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every dma-debug check, with the text kernel/dma/debug.c prints (6.18: dma_map_single/page are
 * "phy" mappings). Strict machines throw the report once the call is done; the machine is consistent
 * afterwards.
 */
class DmaDebugTest {
    private static final String P = "DMA-API: dbgdrv dbg0: ";

    private Machine m;
    private DmaMapping dma;
    private Device dev;

    @BeforeEach
    void boot() {
        m = DmaMachines.strict("256m", Arch.X86_64);
        dma = m.dma;
        dev = dma.deviceAdd(new Device("dbg0", "dbgdrv", 64, true));
    }

    private int page() {
        return m.pageAlloc.allocPages(Gfp.GFP_KERNEL, 0);
    }

    private long mapChecked(int page, long size, int dir) {
        long handle = dma.dmaMapPage(dev, page, 0, size, dir);
        assertThat(dma.dmaMappingError(dev, handle)).isFalse();
        return handle;
    }

    private static void expectReport(Runnable call, String... lines) {
        assertThatThrownBy(call::run).isInstanceOf(KernelBugException.class).hasMessage(String.join("\n", lines));
    }

    @Test
    void freeingMemoryThatWasNeverAllocated() {
        int page = page();
        expectReport(() -> dma.dmaFreeCoherent(dev, 4096, dma.pageAddress(page), 0x12345000L),
                P + "device driver tries to free DMA memory it has not allocated [device address=0x0000000012345000]"
                        + " [size=4096 bytes]");
        expectReport(() -> dma.dmaUnmapPage(dev, 0x12345000L, 512, DMA_TO_DEVICE),
                P + "device driver tries to free DMA memory it has not allocated [device address=0x0000000012345000]"
                        + " [size=512 bytes]");
        expectReport(() -> dma.dmaUnmapPage(dev, DmaMapping.DMA_MAPPING_ERROR, 512, DMA_TO_DEVICE),
                P + "device driver tries to free an invalid DMA memory address");
        assertThat(m.memMap.refcount(page)).isEqualTo(1);
        assertThat(dma.debug.errors(DmaError.FREE_NOT_ALLOCATED)).isEqualTo(2);
        assertThat(dma.debug.errors(DmaError.FREE_INVALID_ADDRESS)).isEqualTo(1);
        MemoryInvariants.check(m);
    }

    /** The report comes after the free, which gives back what was really allocated (order 0, not 1). */
    @Test
    void freeingWithTheWrongSize() {
        long free = DmaMachines.freePages(m);
        CoherentBuffer buf = dma.dmaAllocCoherent(dev, 4096, Gfp.GFP_KERNEL);
        expectReport(() -> dma.dmaFreeCoherent(dev, 8192, buf.cpuAddr(), buf.dmaHandle()),
                P + String.format("device driver frees DMA memory with different size [device address=0x%016x]"
                        + " [map size=4096 bytes] [unmap size=8192 bytes]", buf.dmaHandle()));
        assertThat(DmaMachines.freePages(m)).isEqualTo(free);
        MemoryInvariants.check(m);

        int page = page();
        long handle = mapChecked(page, 4096, DMA_TO_DEVICE);
        expectReport(() -> dma.dmaUnmapPage(dev, handle, 2048, DMA_TO_DEVICE),
                P + String.format("device driver frees DMA memory with different size [device address=0x%016x]"
                        + " [map size=4096 bytes] [unmap size=2048 bytes]", handle));
        assertThat(m.memMap.refcount(page)).isEqualTo(1);
    }

    @Test
    void freeingWithTheWrongFunction() {
        CoherentBuffer buf = dma.dmaAllocCoherent(dev, 4096, Gfp.GFP_KERNEL);
        expectReport(() -> dma.dmaUnmapPage(dev, buf.dmaHandle(), 4096, DMA_BIDIRECTIONAL),
                P + String.format("device driver frees DMA memory with wrong function [device address=0x%016x]"
                        + " [size=4096 bytes] [mapped as coherent] [unmapped as phy]", buf.dmaHandle()));
        int page = page();
        long handle = mapChecked(page, 4096, DMA_BIDIRECTIONAL);
        expectReport(() -> dma.dmaFreeCoherent(dev, 4096, dma.pageAddress(page), handle),
                P + String.format("device driver frees DMA memory with wrong function [device address=0x%016x]"
                        + " [size=4096 bytes] [mapped as phy] [unmapped as coherent]", handle));
        // Each entry was undone as what it really was: the coherent block freed, the page unmapped.
        assertThat(m.memMap.refcount(page)).isEqualTo(1);
        assertThat(dma.debug.liveEntries()).isZero();
        MemoryInvariants.check(m);
    }

    /** "0x%pa" in the kernel's format string prints "0x0x...": %pa brings its own prefix. */
    @Test
    void freeingWithAnotherBuffersCpuAddress() {
        CoherentBuffer a = dma.dmaAllocCoherent(dev, 4096, Gfp.GFP_KERNEL);
        CoherentBuffer b = dma.dmaAllocCoherent(dev, 4096, Gfp.GFP_KERNEL);
        expectReport(() -> dma.dmaFreeCoherent(dev, 4096, b.cpuAddr(), a.dmaHandle()),
                P + String.format("device driver frees DMA memory with different CPU address [device address=0x%016x]"
                        + " [size=4096 bytes] [cpu alloc address=0x0x%016x] [cpu free address=0x0x%016x]",
                        a.dmaHandle(), a.dmaHandle(), b.dmaHandle()));
        dma.dmaFreeCoherent(dev, 4096, b.cpuAddr(), b.dmaHandle());
        assertThat(dma.debug.liveEntries()).isZero();
        MemoryInvariants.check(m);
    }

    @Test
    void unmappingWithAnotherDirection() {
        long handle = mapChecked(page(), 4096, DMA_TO_DEVICE);
        expectReport(() -> dma.dmaUnmapPage(dev, handle, 4096, DMA_FROM_DEVICE),
                P + String.format("device driver frees DMA memory with different direction [device address=0x%016x]"
                        + " [size=4096 bytes] [mapped with DMA_TO_DEVICE] [unmapped with DMA_FROM_DEVICE]", handle));
    }

    /** The kernel's format has no space before the '[' here. */
    @Test
    void neverCheckingTheMappingError() {
        long handle = dma.dmaMapPage(dev, page(), 0, 4096, DMA_TO_DEVICE);
        expectReport(() -> dma.dmaUnmapPage(dev, handle, 4096, DMA_TO_DEVICE),
                P + String.format("device driver failed to check map error[device address=0x%016x] [size=4096 bytes]"
                        + " [mapped as phy]", handle));
        long checked = mapChecked(page(), 4096, DMA_TO_DEVICE);
        dma.dmaUnmapPage(dev, checked, 4096, DMA_TO_DEVICE);
        assertThat(dma.debug.errors(DmaError.MAP_ERROR_NOT_CHECKED)).isEqualTo(1);
    }

    @Test
    void syncingMemoryThatIsNotMapped() {
        expectReport(() -> dma.dmaSyncSingleForCpu(dev, 0xdead000L, 64, DMA_FROM_DEVICE),
                P + "device driver tries to sync DMA memory it has not allocated [device address=0x000000000dead000]"
                        + " [size=64 bytes]");
        // A range running past the end of its mapping is contained in no entry: the same report.
        long handle = mapChecked(page(), 4096, DMA_FROM_DEVICE);
        expectReport(() -> dma.dmaSyncSingleForDevice(dev, handle + 4000, 200, DMA_FROM_DEVICE),
                P + String.format("device driver tries to sync DMA memory it has not allocated"
                        + " [device address=0x%016x] [size=200 bytes]", handle + 4000));
        // Inside the mapping, a partial sync is fine.
        dma.dmaSyncSingleForCpu(dev, handle + 1024, 1500, DMA_FROM_DEVICE);
        assertThat(dma.debug.errors(DmaError.SYNC_NOT_ALLOCATED)).isEqualTo(2);
    }

    @Test
    void syncingInTheWrongDirection() {
        long tx = mapChecked(page(), 4096, DMA_TO_DEVICE);
        expectReport(() -> dma.dmaSyncSingleForCpu(dev, tx, 1024, DMA_FROM_DEVICE),
                P + String.format("device driver syncs DMA memory with different direction [device address=0x%016x]"
                        + " [size=4096 bytes] [mapped with DMA_TO_DEVICE] [synced with DMA_FROM_DEVICE]", tx),
                P + String.format("device driver syncs device read-only DMA memory for cpu [device address=0x%016x]"
                        + " [size=4096 bytes] [mapped with DMA_TO_DEVICE] [synced with DMA_FROM_DEVICE]", tx));
        long rx = mapChecked(page(), 4096, DMA_FROM_DEVICE);
        expectReport(() -> dma.dmaSyncSingleForDevice(dev, rx, 4096, DMA_TO_DEVICE),
                P + String.format("device driver syncs DMA memory with different direction [device address=0x%016x]"
                        + " [size=4096 bytes] [mapped with DMA_FROM_DEVICE] [synced with DMA_TO_DEVICE]", rx),
                P + String.format("device driver syncs device write-only DMA memory to device [device address=0x%016x]"
                        + " [size=4096 bytes] [mapped with DMA_FROM_DEVICE] [synced with DMA_TO_DEVICE]", rx));
        // The receive pattern (sync FROM_DEVICE both ways) and anything on a bidirectional mapping are fine.
        dma.dmaSyncSingleForDevice(dev, rx, 4096, DMA_FROM_DEVICE);
        dma.dmaSyncSingleForCpu(dev, rx, 4096, DMA_FROM_DEVICE);
        long bidi = mapChecked(page(), 4096, DMA_BIDIRECTIONAL);
        dma.dmaSyncSingleForCpu(dev, bidi, 4096, DMA_TO_DEVICE);
        assertThat(dma.debug.errorCount()).isEqualTo(4);
    }

    @Test
    void scatterlistEntryCountsMustMatch() {
        Scatterlist sg = new Scatterlist(3);
        for (int i = 0; i < 3; i++) {
            sg.setPage(i, page(), 4096, 0);
        }
        assertThat(dma.dmaMapSg(dev, sg, 3, DMA_TO_DEVICE)).isEqualTo(3);
        expectReport(() -> dma.dmaSyncSgForDevice(dev, sg, 2, DMA_TO_DEVICE),
                P + "device driver syncs DMA sg list with different entry count [map count=3] [sync count=2]",
                P + "device driver syncs DMA sg list with different entry count [map count=3] [sync count=2]");
        expectReport(() -> dma.dmaUnmapSg(dev, sg, 2, DMA_TO_DEVICE),
                P + "device driver frees DMA sg list with different entry count [map count=3] [unmap count=2]",
                P + "device driver frees DMA sg list with different entry count [map count=3] [unmap count=2]");
        // The third entry is still mapped: the leak shows when the device goes away.
        expectReport(() -> dma.deviceDel(dev),
                P + String.format("device driver has pending DMA allocations while released from device [count=1]\n"
                        + "One of leaked entries details: [device address=0x%016x] [size=4096 bytes]"
                        + " [mapped with DMA_TO_DEVICE] [mapped as scatter-gather]", sg.dmaAddress(2)));
    }

    @Test
    void scatterlistSegmentsLongerThanTheDeviceAllows() {
        int folio = m.pageAlloc.folioAlloc(Gfp.GFP_KERNEL, 5);
        Scatterlist sg = new Scatterlist(1).setPage(0, folio, 128 << 10, 0);
        expectReport(() -> dma.dmaMapSg(dev, sg, 1, DMA_TO_DEVICE),
                P + "mapping sg segment longer than device claims to support [len=131072] [max=65536]");
        dma.dmaUnmapSg(dev, sg, 1, DMA_TO_DEVICE);
        // The block device raised its limit (dma_set_max_seg_size) to take whole large folios.
        Scatterlist big = new Scatterlist(1).setPage(0, folio, 128 << 10, 0);
        assertThat(dma.dmaMapSg(dma.blockDevice, big, 1, DMA_TO_DEVICE)).isEqualTo(1);
        dma.dmaUnmapSg(dma.blockDevice, big, 1, DMA_TO_DEVICE);
    }

    @Test
    void mappingMemoryOutsideTheLinearMap() {
        expectReport(() -> dma.dmaMapSingle(dev, 0x1234L, 64, DMA_TO_DEVICE),
                P + "device driver maps memory from invalid area [addr=0000000000001234] [len=64]");
        assertThat(dev.liveMappings()).isZero();
    }

    /**
     * Two mappings the device may write, starting in the same cache line: the second is EEXIST. On
     * arm64 with a swiotlb pool the kernel lets it be (small kmalloc buffers are bounced there).
     */
    @Test
    void overlappingMappingsTheDeviceWrites() {
        int page = page();
        long first = mapChecked(page, 2048, DMA_FROM_DEVICE);
        expectReport(() -> dma.dmaMapPage(dev, page, 32, 64, DMA_BIDIRECTIONAL),
                P + "cacheline tracking EEXIST, overlapping mappings aren't supported");
        long tx = mapChecked(page, 512, DMA_TO_DEVICE);
        dma.dmaUnmapPage(dev, tx, 512, DMA_TO_DEVICE);
        dma.dmaUnmapPage(dev, first, 2048, DMA_FROM_DEVICE);

        Machine arm = DmaMachines.strict("256m", Arch.ARM64);
        Device adev = arm.dma.deviceAdd(new Device("dbg0", "dbgdrv", 64, true));
        int p = arm.pageAlloc.allocPages(Gfp.GFP_KERNEL, 0);
        long a = arm.dma.dmaMapPage(adev, p, 0, 2048, DMA_FROM_DEVICE);
        long b = arm.dma.dmaMapPage(adev, p, 32, 64, DMA_BIDIRECTIONAL);
        assertThat(arm.dma.debug.errorCount()).isZero();
        assertThat(a).isNotEqualTo(b);
    }

    /** device_dma_allocations() leaves the last entry found walking the buckets in order. */
    @Test
    void mappingsLeftWhenTheDeviceGoesAway() {
        CoherentBuffer ring = dma.dmaAllocCoherent(dev, 1024, Gfp.GFP_KERNEL);
        long rx = mapChecked(page(), 2048, DMA_FROM_DEVICE);
        boolean ringLast = DmaDebug.hashFn(ring.dmaHandle()) > DmaDebug.hashFn(rx);
        expectReport(() -> dma.deviceDel(dev),
                P + "device driver has pending DMA allocations while released from device [count=2]\n"
                        + "One of leaked entries details: " + (ringLast
                        ? String.format("[device address=0x%016x] [size=1024 bytes] [mapped with DMA_BIDIRECTIONAL]"
                                + " [mapped as coherent]", ring.dmaHandle())
                        : String.format("[device address=0x%016x] [size=2048 bytes] [mapped with DMA_FROM_DEVICE]"
                                + " [mapped as phy]", rx)));
        assertThat(dma.devices()).doesNotContain(dev);
        assertThat(dma.debug.errors(DmaError.PENDING_AT_RELEASE)).isEqualTo(1);
        // Leaked, as in the kernel: the pages stay allocated and accounted for.
        MemoryInvariants.check(m);
    }

    @Test
    void anInvalidDirectionIsAKernelBug() {
        int page = page();
        expectReport(() -> dma.dmaMapPage(dev, page, 0, 4096, DMA_NONE), "kernel BUG at kernel/dma/mapping.c:162!");
        expectReport(() -> dma.dmaSyncSingleForCpu(dev, 0, 4096, 7), "kernel BUG at kernel/dma/mapping.c:390!");
        assertThat(m.memMap.refcount(page)).isEqualTo(1);
        assertThat(dma.debug.errors(DmaError.INVALID_DIRECTION)).isEqualTo(2);
    }

    /** debugfs dma-api/dump, one line per entry: "driver dev type idx N P= D= L= cln= dir maperr". */
    @Test
    void theDumpListsLiveEntries() {
        CoherentBuffer ring = dma.dmaAllocCoherent(dev, 1024, Gfp.GFP_KERNEL);
        dma.dmaFreeCoherent(dev, 1024, ring.cpuAddr(), ring.dmaHandle());
        int page = page();
        long h = dma.dmaMapPage(dev, page, 128, 1500, DMA_FROM_DEVICE);
        long phys = Mm.pfnToPhys(page) + 128;
        assertThat(dma.debug.dump()).containsExactly(String.format(
                "dbgdrv dbg0 phy idx %d P=0x%016x D=%x L=5dc cln=0x%016x DMA_FROM_DEVICE dma map error not checked",
                DmaDebug.hashFn(h), phys, h, phys >>> 6));
    }

    /** In an application (lenient): reported, counted and traced with the same text; the call completes. */
    @Test
    void aLenientMachineCountsAndCarriesOn() {
        DmaTraceLog log = new DmaTraceLog();
        Machine lm = DmaMachines.lenient("256m", Arch.X86_64, log);
        Device d = lm.dma.deviceAdd(new Device("dbg0", "dbgdrv", 64, true));
        long free = DmaMachines.freePages(lm);
        CoherentBuffer buf = lm.dma.dmaAllocCoherent(d, 4096, Gfp.GFP_KERNEL);
        lm.dma.dmaFreeCoherent(d, 8192, buf.cpuAddr(), buf.dmaHandle());
        lm.dma.dmaFreeCoherent(d, 4096, buf.cpuAddr(), buf.dmaHandle());
        assertThat(log.errors).containsExactly(
                P + String.format("device driver frees DMA memory with different size [device address=0x%016x]"
                        + " [map size=4096 bytes] [unmap size=8192 bytes]", buf.dmaHandle()),
                P + String.format("device driver tries to free DMA memory it has not allocated"
                        + " [device address=0x%016x] [size=4096 bytes]", buf.dmaHandle()));
        assertThat(lm.dma.debug.errorCount()).isEqualTo(2);
        assertThat(lm.dma.debug.errors(DmaError.FREE_DIFFERENT_SIZE)).isEqualTo(1);
        assertThat(DmaMachines.freePages(lm)).isEqualTo(free);
        MemoryInvariants.check(lm);
    }
}
