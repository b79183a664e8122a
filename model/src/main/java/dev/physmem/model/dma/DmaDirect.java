package dev.physmem.model.dma;

import dev.physmem.model.Mm;
import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.alloc.PageAlloc;
import dev.physmem.model.page.MemMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * dma-direct (kernel/dma/direct.c, direct.h): DMA without an IOMMU, where the bus address is the
 * physical address. Coherent memory comes straight from the page allocator, from the zone the
 * device's coherent mask points at; a streaming mapping is the buffer's own physical address, unless
 * the device cannot reach it (or arm64 must bounce a small kmalloc buffer) and it goes through
 * {@link Swiotlb}. Non-coherent devices get the architecture's cache maintenance.
 *
 * <p>Not modelled: CMA (dma_alloc_contiguous finds no area), the atomic pools a non-blocking
 * allocation for a non-coherent device would use (the page allocator serves it directly) and the
 * uncached vmalloc alias arm64 gives such memory (the CPU address stays the linear-map one; its
 * accesses are still uncached, so its lines never go stale).
 */
final class DmaDirect {
    private final PageAlloc pageAlloc;
    private final ArchDma arch;
    private final Swiotlb swiotlb;
    private final DmaWarn warn;
    private final AtomicLong zeroedBytes = new AtomicLong();

    DmaDirect(PageAlloc pageAlloc, ArchDma arch, Swiotlb swiotlb, DmaWarn warn) {
        this.pageAlloc = pageAlloc;
        this.arch = arch;
        this.swiotlb = swiotlb;
        this.warn = warn;
    }

    /** dma_capable(): the whole range lies at or below the streaming mask (masks are unsigned). */
    static boolean dmaCapable(Device dev, long addr, long size) {
        if (addr == DmaMapping.DMA_MAPPING_ERROR) {
            return false;
        }
        return Long.compareUnsigned(addr + size - 1, dev.dmaMask()) <= 0;
    }

    /**
     * dma_direct_optimal_gfp_mask(): try first the zone the coherent mask falls into; GFP_DMA up to
     * zone_dma_limit, GFP_DMA32 up to 4 GiB, any zone above.
     */
    int dmaDirectOptimalGfpMask(Device dev) {
        long physLimit = dev.coherentDmaMask();
        if (Long.compareUnsigned(physLimit, arch.zoneDmaLimit()) <= 0) {
            return Gfp.GFP_DMA;
        }
        if (Long.compareUnsigned(physLimit, DmaMapping.dmaBitMask(32)) <= 0) {
            return Gfp.GFP_DMA32;
        }
        return 0;
    }

    /** dma_coherent_ok(): the whole buffer below the coherent mask. */
    static boolean dmaCoherentOk(Device dev, long phys, long size) {
        return Long.compareUnsigned(phys + size - 1, dev.coherentDmaMask()) <= 0;
    }

    /**
     * __dma_direct_alloc_pages(): allocate from the optimal zone; while the pages the allocator returns
     * are above the mask, give them back and retry one zone lower (DMA32, then DMA). Returns the first
     * PFN of a block of get_order(size) pages, or NONE.
     */
    int dmaDirectAllocPages(Device dev, long size, int gfp) {
        int order = Mm.getOrder(size);
        long physLimit = dev.coherentDmaMask();
        gfp |= dmaDirectOptimalGfpMask(dev);
        int pfn;
        while ((pfn = pageAlloc.allocPages(gfp, order)) != MemMap.NONE
                && !dmaCoherentOk(dev, Mm.pfnToPhys(pfn), size)) {
            pageAlloc.freePages(pfn, order);
            if (physLimit != -1L && (gfp & (Gfp.GFP_DMA32 | Gfp.GFP_DMA)) == 0) {
                gfp |= Gfp.GFP_DMA32;
            } else if ((gfp & Gfp.GFP_DMA) == 0) {
                gfp = (gfp & ~Gfp.GFP_DMA32) | Gfp.GFP_DMA;
            } else {
                return MemMap.NONE;
            }
        }
        return pfn;
    }

    /**
     * dma_direct_alloc(): page-aligned size, contiguous pages, cache-cleaned and remapped uncached for
     * a non-coherent device, zeroed. Returns the first PFN, or NONE.
     */
    int dmaDirectAlloc(Device dev, long size, int gfp) {
        size = pageAlign(size);
        int pfn = dmaDirectAllocPages(dev, size, gfp & ~Gfp.__GFP_ZERO);
        if (pfn == MemMap.NONE) {
            return MemMap.NONE;
        }
        if (!arch.devIsDmaCoherent(dev)) {
            // DMA_DIRECT_REMAP: remove any dirty cache lines on the kernel alias, then map uncached.
            arch.archDmaPrepCoherent(Mm.pfnToPhys(pfn), size);
        }
        zeroedBytes.addAndGet(size);
        return pfn;
    }

    /** WARN_ON_ONCE(flag & __GFP_COMP) in dma_alloc_attrs(): DMA memory is never a compound page. */
    void warnGfpComp() {
        warn.warn(DmaWarn.Site.ALLOC_GFP_COMP, null, "WARNING: at kernel/dma/mapping.c:645 dma_alloc_attrs");
    }

    /** dma_direct_free(): the block goes back to the allocator (__free_pages of get_order(size)). */
    void dmaDirectFree(int pfn, int order) {
        pageAlloc.freePages(pfn, order);
    }

    /**
     * dma_direct_map_phys(): the physical address itself if the device can reach it, else a bounce
     * buffer if there is a pool, else DMA_MAPPING_ERROR with the kernel's overflow warning. A
     * non-coherent device gets its cache lines cleaned.
     */
    long dmaDirectMapPhys(Device dev, long phys, long size, int dir) {
        long dmaAddr = phys;
        if (!dmaCapable(dev, dmaAddr, size) || arch.dmaKmallocNeedsBounce(dev, size, dir)) {
            if (swiotlb.isSwiotlbActive()) {
                return swiotlb.swiotlbMap(dev, phys, size, dir);
            }
            warn.warn(DmaWarn.Site.DMA_ADDR_OVERFLOW, dev, String.format(
                    "DMA addr 0x%016x+%d overflow (mask %x, bus limit %x).", dmaAddr, size, dev.dmaMask(), 0));
            return DmaMapping.DMA_MAPPING_ERROR;
        }
        if (!arch.devIsDmaCoherent(dev)) {
            dev.addCacheLines(arch.archSyncDmaForDevice(phys, size, dir));
        }
        return dmaAddr;
    }

    /**
     * dma_direct_unmap_phys(): sync for the CPU (unless DMA_ATTR_SKIP_CPU_SYNC, as dma_map_sg()'s
     * error path asks), then release any bounce slots without a second copy.
     */
    void dmaDirectUnmapPhys(Device dev, long addr, long size, int dir, boolean skipCpuSync) {
        if (!skipCpuSync) {
            dmaDirectSyncSingleForCpu(dev, addr, size, dir);
        }
        if (swiotlb.isSwiotlbBuffer(addr)) {
            swiotlb.swiotlbTblUnmapSingle(dev, addr, size, dir, true);
        }
    }

    /** dma_direct_sync_single_for_cpu(): invalidate (non-coherent), then copy back from any bounce buffer. */
    long dmaDirectSyncSingleForCpu(Device dev, long addr, long size, int dir) {
        long lines = 0;
        if (!arch.devIsDmaCoherent(dev)) {
            lines = arch.archSyncDmaForCpu(addr, size, dir);
            dev.addCacheLines(lines);
        }
        if (swiotlb.isSwiotlbBuffer(addr)) {
            swiotlb.syncSingleForCpu(dev, addr, size, dir);
        }
        return lines;
    }

    /** dma_direct_sync_single_for_device(): copy into any bounce buffer, then clean (non-coherent). */
    long dmaDirectSyncSingleForDevice(Device dev, long addr, long size, int dir) {
        if (swiotlb.isSwiotlbBuffer(addr)) {
            swiotlb.syncSingleForDevice(dev, addr, size, dir);
        }
        if (!arch.devIsDmaCoherent(dev)) {
            long lines = arch.archSyncDmaForDevice(addr, size, dir);
            dev.addCacheLines(lines);
            return lines;
        }
        return 0;
    }

    /** dma_direct_supported(): 32-bit masks always; smaller ones must still cover ZONE_DMA or all of RAM. */
    boolean dmaDirectSupported(long mask, long maxPfn) {
        if (Long.compareUnsigned(mask, DmaMapping.dmaBitMask(32)) >= 0) {
            return true;
        }
        long minMask = Math.min((maxPfn - 1) << Mm.PAGE_SHIFT, arch.zoneDmaLimit());
        return Long.compareUnsigned(mask, minMask) >= 0;
    }

    /** Bytes dma_direct_alloc() zeroed: the page-aligned size asked for, not the whole power-of-two block. */
    long zeroedBytes() {
        return zeroedBytes.get();
    }

    static long pageAlign(long size) {
        return (size + Mm.PAGE_SIZE - 1) & ~((long) Mm.PAGE_SIZE - 1);
    }
}
