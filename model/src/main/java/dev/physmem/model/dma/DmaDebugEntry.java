package dev.physmem.model.dma;

import dev.physmem.model.page.MemMap;

/**
 * {@code struct dma_debug_entry} (kernel/dma/debug.c): one coherent allocation or one streaming
 * mapping (a single/page mapping, or one entry of a scatterlist). The simulator also keeps here what
 * dma-direct would recompute from the address: the folio holding the DMA reference, the allocation
 * order, the swiotlb bounce buffer, and the per-cache-line view of the buffer (see {@link CpuView}).
 * Entries are recycled through a free list, as the kernel's preallocated pool is, so mapping a folio
 * allocates nothing once the pool has grown to the number of mappings in flight.
 */
final class DmaDebugEntry {
    // enum { dma_debug_single, dma_debug_sg, dma_debug_coherent, dma_debug_noncoherent, dma_debug_phy }
    static final int TYPE_SINGLE = 0;
    static final int TYPE_SG = 1;
    static final int TYPE_COHERENT = 2;
    static final int TYPE_NONCOHERENT = 3;
    static final int TYPE_PHY = 4;
    private static final String[] TYPE_NAMES = {"single", "scatter-gather", "coherent", "noncoherent", "phy"};

    // enum map_err_types
    static final int MAP_ERR_CHECK_NOT_APPLICABLE = 0;
    static final int MAP_ERR_NOT_CHECKED = 1;
    static final int MAP_ERR_CHECKED = 2;

    Device dev;
    long devAddr;
    long size;
    int type;
    int direction;
    int sgCallEnts;
    int sgMappedEnts;
    long paddr;
    int mapErrType;

    /** The folio whose reference this mapping holds, or NONE (a coherent block holds its allocation ref). */
    int folio = MemMap.NONE;
    /** Coherent allocations: the order of the block given back on free. */
    int order;
    /** The mapping goes through a swiotlb bounce buffer at devAddr. */
    boolean bounced;
    /** The CPU's view of the buffer can go stale: a non-coherent device, or a bounce buffer. */
    boolean tracked;
    /** Cache lines whose newest data the device wrote and the CPU's view has not caught up with. */
    long[] cpuStale;
    /** Cache lines the CPU wrote since the device's view was last brought up to date. */
    long[] deviceStale;
    /** Either bitset holds a set bit (they are cleared lazily, only when used). */
    boolean staleInUse;

    /** Hash-bucket chain in insertion order, or the free list. */
    DmaDebugEntry next;
    /** The list of tracked entries {@link CpuView} scans for CPU accesses. */
    DmaDebugEntry trackedPrev;
    DmaDebugEntry trackedNext;

    static String typeName(int type) {
        return TYPE_NAMES[type];
    }

    /** The entry's cache lines: the ones [paddr, paddr + size) spans. */
    int nrLines() {
        return (int) ArchDma.cacheLines(paddr, size);
    }

    /** memset(entry, 0, sizeof(*entry)) when the entry leaves the free list; bitsets are kept for reuse. */
    void reset() {
        dev = null;
        devAddr = 0;
        size = 0;
        type = 0;
        direction = 0;
        sgCallEnts = 0;
        sgMappedEnts = 0;
        paddr = 0;
        mapErrType = MAP_ERR_CHECK_NOT_APPLICABLE;
        folio = MemMap.NONE;
        order = 0;
        bounced = false;
        tracked = false;
        staleInUse = false;
        next = null;
        trackedPrev = null;
        trackedNext = null;
    }
}
