package dev.physmem.model.dma;

import static dev.physmem.model.dma.DmaDirection.DMA_FROM_DEVICE;
import static dev.physmem.model.dma.DmaDirection.DMA_TO_DEVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.model.KernelBugException;
import dev.physmem.model.Mm;
import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.machine.Arch;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.Memblock;
import dev.physmem.model.mmzone.ZoneType;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.testing.MemoryInvariants;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The software IO TLB: its boot size, bouncing, and running out of slots. */
class SwiotlbTest {

    /**
     * x86 reserves IO_TLB_DEFAULT_SIZE (64 MiB = 32768 slots) only when RAM reaches past 4 GiB: 3 GiB
     * fits below the PCI hole, 4 GiB already puts 1 GiB above it. arm64 does the same past its DMA limit (4 GiB here: RAM starts at
     * 1 GiB, so 3 GiB ends exactly there), and below it keeps 1 MiB per GiB for kmalloc bouncing:
     * 1 GiB gives 512 slots; 3 GiB gives 1536, rounded up to a power of two, 2048; 64 MiB gives 64 KiB,
     * 32 slots, aligned to a segment (128) and raised to one segment per area (2 CPUs: 256).
     */
    @ParameterizedTest
    @CsvSource({"x86_64,1g,0", "x86_64,3g,0", "x86_64,4g,32768", "arm64,64m,256", "arm64,1g,512", "arm64,3g,2048",
        "arm64,6g,32768"})
    void bootPoolFollowsTheArchitecture(String arch, String ram, int slabs) {
        Machine m = DmaMachines.strict(ram, Arch.parse(arch));
        assertThat(m.dma.swiotlb.nslabs()).isEqualTo(slabs);
        Memblock.Region r = m.memblock.region("swiotlb");
        if (slabs == 0) {
            assertThat(r).isNull();
            assertThat(m.dma.swiotlb.isSwiotlbActive()).isFalse();
            return;
        }
        assertThat(r.pages()).isEqualTo(slabs / 2);
        assertThat(m.dma.swiotlb.start()).isEqualTo(Mm.pfnToPhys(r.basePfn()));
        assertThat(Mm.pfnToPhys(r.endPfn())).isLessThanOrEqualTo(1L << 32);
        assertThat(m.dma.swiotlb.nareas()).isEqualTo(2);
        assertThat(m.bootLog()).contains("software IO TLB: area num 2.", String.format(
                "software IO TLB: mapped [mem 0x%016x-0x%016x] (%dMB)", Mm.pfnToPhys(r.basePfn()),
                Mm.pfnToPhys(r.endPfn()), slabs / 512));
        MemoryInvariants.check(m);
    }

    /**
     * A 32-bit device on 6 GiB maps a page from ZONE_NORMAL (above 4 GiB): the mapping is bounced. A
     * page (2 slots, page-aligned) is copied in at map time and on each sync for the device; a
     * DMA_TO_DEVICE unmap copies nothing back.
     */
    @Test
    void aBufferAboveTheMaskIsBouncedToTheDevice() {
        DmaTraceLog log = new DmaTraceLog();
        Machine m = DmaMachines.strict("6g", Arch.X86_64, log);
        Swiotlb tlb = m.dma.swiotlb;
        Device dev = m.dma.deviceAdd(new Device("pci32", "legacy", 32, true));
        int page = m.pageAlloc.allocPages(Gfp.GFP_KERNEL, 0);
        assertThat(m.memMap.zoneIdx(page)).isEqualTo(ZoneType.ZONE_NORMAL);
        long phys = Mm.pfnToPhys(page);

        long handle = m.dma.dmaMapPage(dev, page, 0, 4096, DMA_TO_DEVICE);
        assertThat(m.dma.dmaMappingError(dev, handle)).isFalse();
        assertThat(handle).isBetween(tlb.start(), tlb.start() + Swiotlb.IO_TLB_DEFAULT_SIZE - 4096);
        assertThat(handle % 4096).isZero();
        assertThat(tlb.used()).isEqualTo(2);
        assertThat(log.events).contains(String.format("swiotlb_bounced pci32 dev_addr=%x size=4096", phys),
                String.format("dma_map_phys pci32 dir=1 dma_addr=%x size=4096 phys_addr=%x", handle, phys));
        m.dma.dmaSyncSingleForDevice(dev, handle, 4096, DMA_TO_DEVICE);
        m.dma.dmaUnmapPage(dev, handle, 4096, DMA_TO_DEVICE);
        assertThat(tlb.bounces(true)).isEqualTo(2);
        assertThat(tlb.bytesBounced(true)).isEqualTo(8192);
        assertThat(tlb.bounces(false)).isZero();
        assertThat(tlb.used()).isZero();
        assertThat(dev.bouncedMappings()).isEqualTo(1);
        assertThat(m.memMap.refcount(page)).isEqualTo(1);
    }

    /**
     * DMA_FROM_DEVICE: the original is still copied in at map time (so a partial device write cannot
     * expose stale bounce data); 3000 bytes take 2 slots, slot-aligned. Sync for the CPU copies back,
     * and so does the unmap.
     */
    @Test
    void aReceiveBufferIsCopiedInAtMapAndBackOnSyncAndUnmap() {
        Machine m = DmaMachines.strict("6g", Arch.X86_64);
        Swiotlb tlb = m.dma.swiotlb;
        Device dev = m.dma.deviceAdd(new Device("pci32", "legacy", 32, true));
        int page = m.pageAlloc.allocPages(Gfp.GFP_KERNEL, 0);
        long handle = m.dma.dmaMapPage(dev, page, 100, 3000, DMA_FROM_DEVICE);
        m.dma.dmaMappingError(dev, handle);
        assertThat(handle % Swiotlb.IO_TLB_SIZE).isZero();
        assertThat(tlb.used()).isEqualTo(2);
        assertThat(tlb.bytesBounced(true)).isEqualTo(3000);
        m.dma.deviceWrites(dev, handle, 3000);
        m.dma.dmaSyncSingleForCpu(dev, handle, 3000, DMA_FROM_DEVICE);
        m.dma.cpuReads(m.dma.pageAddress(page) + 100, 3000);
        m.dma.dmaUnmapPage(dev, handle, 3000, DMA_FROM_DEVICE);
        assertThat(tlb.bounces(false)).isEqualTo(2);
        assertThat(tlb.bytesBounced(false)).isEqualTo(6000);
        assertThat(tlb.used()).isZero();
        assertThat(m.dma.debug.errorCount()).isZero();
    }

    /**
     * swiotlb_init_late(2 MiB, GFP_DMA) on a machine without a pool: an order-9 block from ZONE_DMA,
     * 1024 slots in 2 areas of 512. A 24-bit device bounces 256 KiB buffers (128 slots, the most one
     * mapping may take): 4 fit in each area, the ninth finds no free run and fails with the kernel's
     * warning. A mapping larger than a segment fails even on an empty pool.
     */
    @Test
    void aFullPoolFailsTheMapping() {
        DmaTraceLog log = new DmaTraceLog();
        Machine m = DmaMachines.strict("256m", Arch.X86_64, log);
        Swiotlb tlb = m.dma.swiotlb;
        long free = DmaMachines.freePages(m);
        assertThat(tlb.swiotlbInitLate(2 << 20, Gfp.GFP_KERNEL | Gfp.GFP_DMA)).isZero();
        assertThat(tlb.nslabs()).isEqualTo(1024);
        assertThat(tlb.nareas()).isEqualTo(2);
        assertThat(tlb.start() + (2 << 20)).isLessThanOrEqualTo(16L << 20);
        long poolFree = DmaMachines.freePages(m);
        assertThat(poolFree).isEqualTo(free - 512);

        Device isa = m.dma.deviceAdd(new Device("isa0", "floppy", 24, true));
        List<Integer> folios = new ArrayList<>();
        List<Long> handles = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int folio = m.pageAlloc.folioAlloc(Gfp.GFP_KERNEL, 6);
            long h = m.dma.dmaMapPage(isa, folio, 0, 256 << 10, DMA_TO_DEVICE);
            assertThat(m.dma.dmaMappingError(isa, h)).isFalse();
            folios.add(folio);
            handles.add(h);
        }
        assertThat(tlb.used()).isEqualTo(1024);
        int last = m.pageAlloc.folioAlloc(Gfp.GFP_KERNEL, 6);
        long h = m.dma.dmaMapPage(isa, last, 0, 256 << 10, DMA_TO_DEVICE);
        assertThat(m.dma.dmaMappingError(isa, h)).isTrue();
        assertThat(log.warnings).containsExactly(
                "floppy isa0: swiotlb buffer is full (sz: 262144 bytes), total 1024 (slots), used 1024 (slots)");
        assertThat(m.folios.folioRefCount(last)).isEqualTo(1);

        for (int i = 0; i < 8; i++) {
            m.dma.dmaUnmapPage(isa, handles.get(i), 256 << 10, DMA_TO_DEVICE);
        }
        assertThat(tlb.used()).isZero();
        assertThat(tlb.usedHiwater()).isEqualTo(1024);
        long tooBig = m.dma.dmaMapPage(isa, last, 0, (256 << 10) + 1, DMA_TO_DEVICE);
        assertThat(tooBig).isEqualTo(DmaMapping.DMA_MAPPING_ERROR);
        assertThat(log.warnings).last().isEqualTo(
                "floppy isa0: swiotlb buffer is full (sz: 262145 bytes), total 1024 (slots), used 0 (slots)");
        assertThat(tlb.bufferFull()).isEqualTo(2);
        assertThat(m.dma.stats().warnings()).containsExactly(java.util.Map.entry("swiotlb_full", 2L));
        assertThat(m.dma.stats().mappingErrors()).isEqualTo(2);
        // The free lists are whole again: the pool takes eight maximal mappings once more.
        for (int i = 0; i < 8; i++) {
            handles.set(i, m.dma.dmaMapPage(isa, folios.get(i), 0, 256 << 10, DMA_TO_DEVICE));
            m.dma.dmaMappingError(isa, handles.get(i));
        }
        for (int i = 0; i < 8; i++) {
            m.dma.dmaUnmapPage(isa, handles.get(i), 256 << 10, DMA_TO_DEVICE);
            m.folios.folioPut(folios.get(i));
        }
        m.folios.folioPut(last);
        assertThat(DmaMachines.freePages(m)).isEqualTo(poolFree);
        MemoryInvariants.check(m);
    }

    /** dma_map_sg() that runs out of slots part-way unmaps what it had mapped and returns 0. */
    @Test
    void aScatterlistThatDoesNotFitIsUndone() {
        Machine m = DmaMachines.strict("256m", Arch.X86_64);
        Swiotlb tlb = m.dma.swiotlb;
        tlb.swiotlbInitLate(2 << 20, Gfp.GFP_KERNEL | Gfp.GFP_DMA);
        Device isa = m.dma.deviceAdd(new Device("isa0", "floppy", 24, true));
        isa.setMaxSegmentSize(256 << 10);
        Scatterlist sg = new Scatterlist(9);
        for (int i = 0; i < 9; i++) {
            sg.setPage(i, m.pageAlloc.folioAlloc(Gfp.GFP_KERNEL, 6), 256 << 10, 0);
        }
        assertThat(m.dma.dmaMapSg(isa, sg, 9, DMA_FROM_DEVICE)).isZero();
        assertThat(tlb.used()).isZero();
        assertThat(tlb.bounces(false)).isZero();
        assertThat(isa.liveMappings()).isZero();
        assertThat(m.dma.debug.liveEntries()).isZero();
        assertThat(m.folios.folioRefCount(sg.page(0))).isEqualTo(1);
    }

    /**
     * The boot pool lies below 4 GiB but above 16 MiB: a 24-bit device gets a bounce slot it cannot
     * reach either. swiotlb_map() gives the slot back and warns once.
     */
    @Test
    void aPoolBeyondTheDevicesReachIsNoHelp() {
        DmaTraceLog log = new DmaTraceLog();
        Machine m = DmaMachines.strict("6g", Arch.X86_64, log);
        Device isa = m.dma.deviceAdd(new Device("isa0", "floppy", 24, true));
        int page = m.pageAlloc.allocPages(Gfp.GFP_KERNEL | Gfp.GFP_DMA32, 0);
        long h = m.dma.dmaMapPage(isa, page, 0, 4096, DMA_TO_DEVICE);
        assertThat(h).isEqualTo(DmaMapping.DMA_MAPPING_ERROR);
        assertThat(log.warnings).containsExactly(String.format(
                "floppy isa0: swiotlb addr 0x%016x+4096 overflow (mask ffffff, bus limit 0).", m.dma.swiotlb.start()));
        assertThat(m.dma.swiotlb.used()).isZero();
    }

    /**
     * arm64 (DMA_BOUNCE_UNALIGNED_KMALLOC, ARCH_DMA_MINALIGN 128): a buffer a non-coherent device will
     * write is bounced when it is smaller than 256 bytes and its kmalloc size class (8..64, 96, 128,
     * 192, 256) is not a multiple of 128, even though the device can reach it.
     */
    @ParameterizedTest
    @CsvSource({"64,2,true", "100,2,false", "150,2,true", "200,2,false", "256,2,false", "64,1,false"})
    void arm64BouncesSmallBuffersANonCoherentDeviceWrites(int size, int dir, boolean bounced) {
        Machine m = DmaMachines.strict("256m", Arch.ARM64);
        Device dev = m.dma.deviceAdd(new Device("emac0", "stmmac", 32, false));
        Device coherent = m.dma.deviceAdd(new Device("emac1", "stmmac", 32, true));
        int page = m.pageAlloc.allocPages(Gfp.GFP_KERNEL, 0);
        long h = m.dma.dmaMapPage(dev, page, 0, size, dir);
        assertThat(m.dma.swiotlb.isSwiotlbBuffer(h)).isEqualTo(bounced);
        long hc = m.dma.dmaMapPage(coherent, page, 2048, size, dir);
        assertThat(m.dma.swiotlb.isSwiotlbBuffer(hc)).isFalse();
    }

    /**
     * Coherent x86 can still read stale data: a bounced receive buffer holds the device's data in the
     * bounce slot until dma_sync_single_for_cpu() copies it back.
     */
    @Test
    void aMissingSyncForCpuOnABouncedBufferIsAStaleReadEvenOnX86() {
        Machine m = DmaMachines.strict("256m", Arch.X86_64);
        m.dma.swiotlb.swiotlbInitLate(2 << 20, Gfp.GFP_KERNEL | Gfp.GFP_DMA);
        Device isa = m.dma.deviceAdd(new Device("isa0", "floppy", 24, true));
        int page = m.pageAlloc.allocPages(Gfp.GFP_KERNEL, 0);
        long buf = m.dma.pageAddress(page);
        long h = m.dma.dmaMapSingle(isa, buf, 2048, DMA_FROM_DEVICE);
        m.dma.dmaMappingError(isa, h);
        m.dma.deviceWrites(isa, h, 512);
        m.dma.cpuReads(buf + 1024, 1024);
        assertThatThrownBy(() -> m.dma.cpuReads(buf, 1024)).isInstanceOf(KernelBugException.class)
                .hasMessage(String.format("DMA stale read: floppy isa0: CPU read 8 cache line(s) the device wrote after"
                        + " the last dma_sync_*_for_cpu() [device address=0x%016x] [size=1024 bytes]"
                        + " [mapping=0x%016x+2048 DMA_FROM_DEVICE]", h, h));
        m.dma.dmaSyncSingleForCpu(isa, h, 512, DMA_FROM_DEVICE);
        m.dma.cpuReads(buf, 2048);
        m.dma.dmaUnmapSingle(isa, h, 2048, DMA_FROM_DEVICE);
        assertThat(m.dma.debug.errors(DmaError.STALE_CPU_READ)).isEqualTo(1);
        assertThat(m.memMap.refcount(page)).isEqualTo(1);
        assertThat(MemMap.NONE).isNegative();
    }
}
