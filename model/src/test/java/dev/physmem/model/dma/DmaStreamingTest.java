package dev.physmem.model.dma;

import static dev.physmem.model.dma.DmaDirection.DMA_FROM_DEVICE;
import static dev.physmem.model.dma.DmaDirection.DMA_TO_DEVICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.model.Mm;
import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.machine.Arch;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.testing.MemoryInvariants;
import org.junit.jupiter.api.Test;

/** Streaming mappings: what they return, the folio reference they hold, and what they cost. */
class DmaStreamingTest {

    /**
     * Writeback's pattern: a page-cache folio (here an order-2 folio with the page cache's reference)
     * is mapped DMA_TO_DEVICE for the disk, which holds it with a DMA reference until the unmap. If the
     * page cache drops its reference meanwhile (truncate during writeback), the folio survives until
     * the unmap's folio_put frees it.
     */
    @Test
    void aMappedFolioHoldsARealReferenceUntilUnmapped() {
        DmaTraceLog log = new DmaTraceLog();
        Machine m = DmaMachines.strict("256m", Arch.X86_64, log);
        Device disk = m.dma.blockDevice;
        long free = DmaMachines.freePages(m);
        int folio = m.pageAlloc.folioAlloc(Gfp.GFP_HIGHUSER_MOVABLE, 2);
        long handle = m.dma.dmaMapPage(disk, folio, 0, 16 << 10, DMA_TO_DEVICE);
        assertThat(m.dma.dmaMappingError(disk, handle)).isFalse();
        assertThat(handle).isEqualTo(Mm.pfnToPhys(folio));
        assertThat(m.folios.folioRefCount(folio)).isEqualTo(2);
        assertThat(disk.liveMappings()).isEqualTo(1);
        assertThat(m.dma.liveMappings()).isEqualTo(1);

        m.folios.folioPut(folio);
        assertThat(m.folios.folioRefCount(folio)).isEqualTo(1);
        assertThat(m.memMap.isBuddy(folio)).isFalse();
        m.dma.deviceReads(disk, handle, 16 << 10);
        m.dma.dmaUnmapPage(disk, handle, 16 << 10, DMA_TO_DEVICE);
        assertThat(m.folios.folioRefCount(folio)).isZero();
        assertThat(disk.liveMappings()).isZero();
        assertThat(DmaMachines.freePages(m)).isEqualTo(free);
        assertThat(log.events).contains(
                String.format("dma_map_phys 8:0 dir=1 dma_addr=%x size=16384 phys_addr=%x", handle, handle),
                String.format("dma_unmap_phys 8:0 dir=1 dma_addr=%x size=16384", handle));
        MemoryInvariants.check(m);
    }

    /** page_folio() of a tail page is its head: mapping the second page of a folio pins the whole folio. */
    @Test
    void mappingATailPageReferencesItsFolio() {
        Machine m = DmaMachines.strict("256m", Arch.X86_64);
        Device nic = m.dma.netDevice;
        int folio = m.pageAlloc.folioAlloc(Gfp.GFP_KERNEL, 1);
        long handle = m.dma.dmaMapPage(nic, folio + 1, 100, 1400, DMA_FROM_DEVICE);
        assertThat(handle).isEqualTo(Mm.pfnToPhys(folio + 1) + 100);
        assertThat(m.folios.folioRefCount(folio)).isEqualTo(2);
        m.dma.dmaMappingError(nic, handle);
        m.dma.dmaUnmapPage(nic, handle, 1400, DMA_FROM_DEVICE);
        assertThat(m.folios.folioRefCount(folio)).isEqualTo(1);
        m.folios.folioPut(folio);
        MemoryInvariants.check(m);
    }

    /**
     * A page inside a non-compound block has refcount 0 (its block's first page holds the reference),
     * so there is nothing to take a reference on: folio_try_get() fails and the mapping holds none.
     */
    @Test
    void aPageOfANonCompoundBlockIsMappedWithoutAReference() {
        Machine m = DmaMachines.strict("256m", Arch.X86_64);
        Device nic = m.dma.netDevice;
        int block = m.pageAlloc.allocPages(Gfp.GFP_KERNEL, 1);
        long handle = m.dma.dmaMapSingle(nic, m.dma.pageAddress(block + 1), 4096, DMA_TO_DEVICE);
        m.dma.dmaMappingError(nic, handle);
        assertThat(m.memMap.refcount(block + 1)).isZero();
        assertThat(m.memMap.refcount(block)).isEqualTo(1);
        m.dma.dmaUnmapSingle(nic, handle, 4096, DMA_TO_DEVICE);
        m.pageAlloc.freePages(block, 1);
        MemoryInvariants.check(m);
    }

    @Test
    void aScatterlistMapsEveryEntryAndReferencesEveryFolio() {
        DmaTraceLog log = new DmaTraceLog();
        Machine m = DmaMachines.strict("256m", Arch.X86_64, log);
        Device disk = m.dma.blockDevice;
        long free = DmaMachines.freePages(m);
        int[] folios = {m.pageAlloc.folioAlloc(Gfp.GFP_KERNEL, 0), m.pageAlloc.folioAlloc(Gfp.GFP_KERNEL, 3),
            m.pageAlloc.folioAlloc(Gfp.GFP_KERNEL, 0)};
        Scatterlist sg = new Scatterlist(3).setPage(0, folios[0], 4096, 0).setPage(1, folios[1], 32 << 10, 0)
                .setPage(2, folios[2], 512, 1024);
        assertThat(m.dma.dmaMapSg(disk, sg, 3, DMA_FROM_DEVICE)).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(sg.dmaAddress(i)).isEqualTo(sg.phys(i));
            assertThat(sg.dmaLen(i)).isEqualTo(sg.length(i));
            assertThat(m.folios.folioRefCount(folios[i])).isEqualTo(2);
        }
        assertThat(disk.liveMappings()).isEqualTo(3);
        assertThat(log.events).contains("dma_map_sg 8:0 nents=3 ents=3 size=37376 dir=2");
        m.dma.dmaSyncSgForCpu(disk, sg, 3, DMA_FROM_DEVICE);
        m.dma.dmaUnmapSg(disk, sg, 3, DMA_FROM_DEVICE);
        for (int f : folios) {
            assertThat(m.folios.folioRefCount(f)).isEqualTo(1);
            m.folios.folioPut(f);
        }
        assertThat(disk.liveMappings()).isZero();
        assertThat(m.dma.debug.errorCount()).isZero();
        assertThat(DmaMachines.freePages(m)).isEqualTo(free);
        MemoryInvariants.check(m);
    }

    /**
     * Writeback maps and unmaps every folio it writes, so the pair must not allocate: dma-debug entries
     * come back to a free list and are reused, and a coherent device's mapping keeps no CPU-view state.
     */
    @Test
    void mapAndUnmapReuseOneEntry() {
        Machine m = DmaMachines.strict("256m", Arch.X86_64);
        Device disk = m.dma.blockDevice;
        int folio = m.pageAlloc.folioAlloc(Gfp.GFP_HIGHUSER_MOVABLE, 0);
        for (int i = 0; i < 10_000; i++) {
            long handle = m.dma.dmaMapPage(disk, folio, 0, 4096, i % 2 == 0 ? DMA_TO_DEVICE : DMA_FROM_DEVICE);
            m.dma.dmaMappingError(disk, handle);
            m.dma.dmaUnmapPage(disk, handle, 4096, i % 2 == 0 ? DMA_TO_DEVICE : DMA_FROM_DEVICE);
        }
        assertThat(m.dma.debug.nrTotalEntries()).isEqualTo(1);
        assertThat(m.dma.debug.activeCachelines()).isZero();
        assertThat(disk.mappings()).isEqualTo(10_000);
        assertThat(m.folios.folioRefCount(folio)).isEqualTo(1);
    }

    /** Without swiotlb, a buffer above the streaming mask cannot be mapped: "DMA addr ... overflow", once. */
    @Test
    void anUnreachableBufferWithoutAPoolIsAMappingError() {
        DmaTraceLog log = new DmaTraceLog();
        Machine m = DmaMachines.strict("256m", Arch.X86_64, log);
        Device isa = m.dma.deviceAdd(new Device("isa0", "floppy", 24, true));
        int page = m.pageAlloc.allocPages(Gfp.GFP_KERNEL, 0);
        long phys = Mm.pfnToPhys(page);
        assertThat(phys).isGreaterThan(0xffffffL);
        long handle = m.dma.dmaMapPage(isa, page, 0, 4096, DMA_TO_DEVICE);
        assertThat(m.dma.dmaMappingError(isa, handle)).isTrue();
        assertThat(m.dma.dmaMapPage(isa, page, 0, 4096, DMA_TO_DEVICE)).isEqualTo(DmaMapping.DMA_MAPPING_ERROR);
        assertThat(log.warnings).containsExactly(String.format(
                "floppy isa0: DMA addr 0x%016x+4096 overflow (mask ffffff, bus limit 0).", phys));
        assertThat(m.memMap.refcount(page)).isEqualTo(1);
        assertThat(isa.liveMappings()).isZero();
    }
}
