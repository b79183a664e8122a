package dev.physmem.model.dma;

import dev.physmem.model.Mm;
import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.alloc.PageAlloc;
import dev.physmem.model.cpu.Cpus;
import dev.physmem.model.machine.Arch;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.trace.Tracepoints;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The software IO TLB (kernel/dma/swiotlb.c, include/linux/swiotlb.h): a pool of 2 KiB slots low in
 * memory through which a mapping the device cannot reach is bounced. A mapping takes up to
 * IO_TLB_SEGSIZE contiguous slots (256 KiB); the pool is split into one area per CPU (rounded up to a
 * power of two), each with its own lock and search cursor; {@code slots[i].list} counts the free slots
 * from i to the end of its segment, exactly as the kernel keeps it. Static pool only
 * (CONFIG_SWIOTLB_DYNAMIC is off by default), so a full pool fails the mapping with
 * "swiotlb buffer is full".
 *
 * <p>No data is stored: a bounce copy is counted, with its bytes, in each direction.
 */
public final class Swiotlb {
    public static final int IO_TLB_SHIFT = 11;
    public static final int IO_TLB_SIZE = 1 << IO_TLB_SHIFT;
    public static final int IO_TLB_SEGSIZE = 128;
    /** 64 MiB, the pool x86 and arm64 reserve when some RAM is beyond 32-bit DMA. */
    public static final long IO_TLB_DEFAULT_SIZE = 64L << 20;
    /** The smallest pool worth having: 1 MiB. */
    static final int IO_TLB_MIN_SLABS = (1 << 20) >> IO_TLB_SHIFT;
    private static final int SLABS_PER_PAGE = 1 << (Mm.PAGE_SHIFT - IO_TLB_SHIFT);
    private static final long INVALID_PHYS_ADDR = -1L;
    /** -ENOMEM. */
    public static final int ENOMEM = -12;

    /** struct io_tlb_area. */
    private static final class Area {
        long used;
        int index;
    }

    private final Cpus cpus;
    private final PageAlloc pageAlloc;
    private final ArchDma arch;
    private final DmaWarn warn;
    private final Tracepoints trace;

    private long start;
    private long end;
    private int nslabs;
    private int nareas;
    private int areaNslabs;
    private Area[] areas;
    private short[] list;
    private long[] origAddr;
    private int[] allocSize;

    private final AtomicLong totalUsed = new AtomicLong();
    private final AtomicLong usedHiwater = new AtomicLong();
    private final AtomicLong bufferFull = new AtomicLong();
    /** Bounce copies and bytes: [0] into the bounce buffer (DMA_TO_DEVICE), [1] back out (DMA_FROM_DEVICE). */
    private final AtomicLongArray bounces = new AtomicLongArray(2);
    private final AtomicLongArray bytesBounced = new AtomicLongArray(2);

    Swiotlb(Cpus cpus, PageAlloc pageAlloc, ArchDma arch, DmaWarn warn, Tracepoints trace) {
        this.cpus = cpus;
        this.pageAlloc = pageAlloc;
        this.arch = arch;
        this.warn = warn;
        this.trace = trace;
    }

    // =====================================================================================
    // Sizing and initialisation
    // =====================================================================================

    /**
     * The slots early boot reserves, or 0 for none. x86 (pci_swiotlb_detect) wants the default pool
     * when RAM reaches past 4 GiB; so does arm64 (arch_mm_preinit) when RAM reaches past
     * arm64_dma_phys_limit, and otherwise, because it bounces small kmalloc buffers of non-coherent
     * devices, a pool of 1 MiB per GiB of RAM. swiotlb_adjust_size() and swiotlb_adjust_nareas()
     * then round the count as the kernel does.
     */
    public static int bootNslabs(Arch arch, long ramBytes, long maxPfn, int nrCpus) {
        long dmaLimitPfn = (arch.zoneDmaLimit() + 1) >>> Mm.PAGE_SHIFT;
        long nslabs = IO_TLB_DEFAULT_SIZE >>> IO_TLB_SHIFT;
        if (maxPfn <= (arch == Arch.X86_64 ? 1L << (32 - Mm.PAGE_SHIFT) : dmaLimitPfn)) {
            if (arch == Arch.X86_64) {
                return 0;
            }
            long size = Math.min(IO_TLB_DEFAULT_SIZE, (ramBytes + 1023) / 1024);
            nslabs = align(align(size, IO_TLB_SIZE) >>> IO_TLB_SHIFT, IO_TLB_SEGSIZE);
        }
        // round_up_default_nslabs() once swiotlb_adjust_nareas() has set default_nareas.
        int nareas = roundupPowOfTwo(nrCpus);
        if (nslabs < (long) IO_TLB_SEGSIZE * nareas) {
            nslabs = (long) IO_TLB_SEGSIZE * nareas;
        } else if (Long.bitCount(nslabs) != 1) {
            nslabs = Long.highestOneBit(nslabs) << 1;
        }
        return (int) nslabs;
    }

    /** swiotlb_init(): the pool memblock set aside at boot. */
    void swiotlbInit(long startPhys, int slabs) {
        initPool(startPhys, slabs);
    }

    /**
     * swiotlb_init_late(): a pool from the page allocator for a machine that booted without one (the
     * kernel's path for IOMMU set-ups that find late they need bouncing; tests use it to get a small
     * pool). The size is rounded to whole segments and then to a power-of-two block, halving while the
     * allocation fails, down to just above 1 MiB. Returns 0 or -ENOMEM; a machine with a pool keeps it.
     */
    public int swiotlbInitLate(long size, int gfp) {
        synchronized (this) {
            if (nslabs != 0) {
                return 0;
            }
        }
        long slabs = align(size >>> IO_TLB_SHIFT, IO_TLB_SEGSIZE);
        int order = Mm.getOrder(slabs << IO_TLB_SHIFT);
        int pfn = MemMap.NONE;
        while ((SLABS_PER_PAGE << order) > IO_TLB_MIN_SLABS) {
            pfn = pageAlloc.allocPages(gfp | Gfp.__GFP_NOWARN, order);
            if (pfn != MemMap.NONE) {
                break;
            }
            order--;
        }
        if (pfn == MemMap.NONE) {
            return ENOMEM;
        }
        initPool(Mm.pfnToPhys(pfn), SLABS_PER_PAGE << order);
        return 0;
    }

    /** swiotlb_init_io_tlb_pool(): every slot free, each segment's list counting down to its end. */
    private synchronized void initPool(long startPhys, int slabs) {
        int areasWanted = roundupPowOfTwo(cpus.count());
        nareas = slabs < areasWanted * IO_TLB_SEGSIZE ? slabs / IO_TLB_SEGSIZE : areasWanted;
        start = startPhys;
        end = startPhys + ((long) slabs << IO_TLB_SHIFT);
        areaNslabs = slabs / nareas;
        areas = new Area[nareas];
        for (int i = 0; i < nareas; i++) {
            areas[i] = new Area();
        }
        list = new short[slabs];
        origAddr = new long[slabs];
        allocSize = new int[slabs];
        for (int i = 0; i < slabs; i++) {
            list[i] = (short) Math.min(IO_TLB_SEGSIZE - ioTlbOffset(i), slabs - i);
            origAddr[i] = INVALID_PHYS_ADDR;
        }
        nslabs = slabs;
    }

    private static long align(long v, long a) {
        return (v + a - 1) / a * a;
    }

    private static int roundupPowOfTwo(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    private static int ioTlbOffset(int i) {
        return i & (IO_TLB_SEGSIZE - 1);
    }

    private static int nrSlots(long bytes) {
        return (int) ((bytes + IO_TLB_SIZE - 1) >>> IO_TLB_SHIFT);
    }

    // =====================================================================================
    // Mapping
    // =====================================================================================

    /** is_swiotlb_active(). */
    public boolean isSwiotlbActive() {
        return nslabs != 0;
    }

    /** swiotlb_find_pool() != NULL: is this physical address inside the bounce pool? */
    boolean isSwiotlbBuffer(long paddr) {
        return nslabs != 0 && paddr >= start && paddr < end;
    }

    /**
     * swiotlb_map(): bounce {@code [paddr, paddr + size)} for {@code dev}. Returns the bus address in
     * the pool, or DMA_MAPPING_ERROR when the pool is full or itself out of the device's reach.
     */
    long swiotlbMap(Device dev, long paddr, long size, int dir) {
        trace.swiotlbBounced(dev.name, paddr, size);
        long tlbAddr = swiotlbTblMapSingle(dev, paddr, size);
        if (tlbAddr == DmaMapping.DMA_MAPPING_ERROR) {
            return DmaMapping.DMA_MAPPING_ERROR;
        }
        if (!DmaDirect.dmaCapable(dev, tlbAddr, size)) {
            releaseSlots(tlbAddr);
            warn.warn(DmaWarn.Site.SWIOTLB_ADDR_OVERFLOW, dev, String.format(
                    "swiotlb addr 0x%016x+%d overflow (mask %x, bus limit %x).", tlbAddr, size, dev.dmaMask(), 0));
            return DmaMapping.DMA_MAPPING_ERROR;
        }
        if (!arch.devIsDmaCoherent(dev)) {
            arch.archSyncDmaForDevice(tlbAddr, size, dir);
        }
        return tlbAddr;
    }

    /**
     * swiotlb_tbl_map_single() with no alignment request and a device without min_align_mask: find
     * slots, remember the original address of each, and always copy the original in (even for
     * DMA_FROM_DEVICE, so a partial device write does not expose stale bounce-buffer data).
     */
    private long swiotlbTblMapSingle(Device dev, long origAddr, long mappingSize) {
        if (nslabs == 0) {
            warn.warn(DmaWarn.Site.SWIOTLB_NO_POOL, dev, "Can not allocate SWIOTLB buffer earlier and can't now"
                    + " provide you with the DMA bounce buffer");
            return DmaMapping.DMA_MAPPING_ERROR;
        }
        int index = swiotlbFindSlots(origAddr, mappingSize);
        if (index == -1) {
            bufferFull.incrementAndGet();
            warn.warn(DmaWarn.Site.SWIOTLB_FULL, dev, String.format(
                    "swiotlb buffer is full (sz: %d bytes), total %d (slots), used %d (slots)",
                    mappingSize, nslabs, totalUsed.get()));
            return DmaMapping.DMA_MAPPING_ERROR;
        }
        for (int i = 0; i < nrSlots(mappingSize); i++) {
            this.origAddr[index + i] = origAddr + ((long) i << IO_TLB_SHIFT);
        }
        long tlbAddr = start + ((long) index << IO_TLB_SHIFT);
        swiotlbBounce(dev, tlbAddr, mappingSize, DmaDirection.DMA_TO_DEVICE);
        return tlbAddr;
    }

    /** swiotlb_find_slots() without dynamic pools: this CPU's area first, then the others in turn. */
    private int swiotlbFindSlots(long orig, long allocSize) {
        if (allocSize > (long) IO_TLB_SEGSIZE * IO_TLB_SIZE) {
            return -1;
        }
        int first = cpus.current().id & (nareas - 1);
        int i = first;
        do {
            int index = swiotlbSearchPoolArea(i, allocSize);
            if (index >= 0) {
                return index;
            }
            if (++i >= nareas) {
                i = 0;
            }
        } while (i != first);
        return -1;
    }

    /**
     * swiotlb_search_pool_area(): from the area's cursor, the first slot whose list covers the request;
     * a request of a page or more starts page-aligned (so only every other slot is tried).
     */
    private int swiotlbSearchPoolArea(int areaIndex, long size) {
        Area area = areas[areaIndex];
        int nslots = nrSlots(size);
        long allocAlignMask = size >= Mm.PAGE_SIZE ? Mm.PAGE_SIZE - 1 : 0;
        allocAlignMask |= IO_TLB_SIZE - 1;
        int stride = (int) (allocAlignMask >>> IO_TLB_SHIFT) + 1;
        synchronized (area) {
            if (nslots > areaNslabs - area.used) {
                return -1;
            }
            int slotBase = areaIndex * areaNslabs;
            int index = area.index;
            for (int slotsChecked = 0; slotsChecked < areaNslabs; ) {
                int slotIndex = slotBase + index;
                long tlbAddr = start + ((long) slotIndex << IO_TLB_SHIFT);
                if ((tlbAddr & allocAlignMask) != 0) {
                    index = wrapAreaIndex(index + 1);
                    slotsChecked++;
                    continue;
                }
                if (list[slotIndex] >= nslots) {
                    for (int i = slotIndex; i < slotIndex + nslots; i++) {
                        list[i] = 0;
                        allocSize[i] = (int) (size - ((long) (i - slotIndex) << IO_TLB_SHIFT));
                    }
                    int count = 0;
                    for (int i = slotIndex - 1; ioTlbOffset(i) != IO_TLB_SEGSIZE - 1 && list[i] != 0; i--) {
                        list[i] = (short) ++count;
                    }
                    area.index = wrapAreaIndex(index + nslots);
                    area.used += nslots;
                    incUsedAndHiwater(nslots);
                    return slotIndex;
                }
                index = wrapAreaIndex(index + stride);
                slotsChecked += stride;
            }
            return -1;
        }
    }

    private int wrapAreaIndex(int index) {
        return index >= areaNslabs ? 0 : index;
    }

    private void incUsedAndHiwater(int n) {
        long used = totalUsed.addAndGet(n);
        usedHiwater.accumulateAndGet(used, Math::max);
    }

    /**
     * __swiotlb_tbl_unmap_single(): copy back for a direction the device wrote (unless the caller has
     * already synced, as dma_direct_unmap_phys() has), then free the slots.
     */
    void swiotlbTblUnmapSingle(Device dev, long tlbAddr, long mappingSize, int dir, boolean skipCpuSync) {
        if (!skipCpuSync && (dir == DmaDirection.DMA_FROM_DEVICE || dir == DmaDirection.DMA_BIDIRECTIONAL)) {
            swiotlbBounce(dev, tlbAddr, mappingSize, DmaDirection.DMA_FROM_DEVICE);
        }
        releaseSlots(tlbAddr);
    }

    /** swiotlb_release_slots(): give the slots back, merging with the free run after and before them. */
    private void releaseSlots(long tlbAddr) {
        int index = (int) ((tlbAddr - start) >>> IO_TLB_SHIFT);
        int nslots = nrSlots(allocSize[index]);
        Area area = areas[index / areaNslabs];
        synchronized (area) {
            int count = index + nslots < alignUp(index + 1, IO_TLB_SEGSIZE) ? list[index + nslots] : 0;
            for (int i = index + nslots - 1; i >= index; i--) {
                list[i] = (short) ++count;
                origAddr[i] = INVALID_PHYS_ADDR;
                allocSize[i] = 0;
            }
            for (int i = index - 1; ioTlbOffset(i) != IO_TLB_SEGSIZE - 1 && list[i] != 0; i--) {
                list[i] = (short) ++count;
            }
            area.used -= nslots;
        }
        totalUsed.addAndGet(-nslots);
    }

    private static int alignUp(int v, int a) {
        return (v + a - 1) / a * a;
    }

    /** swiotlb_sync_single_for_device(): copy the CPU's data in for a direction the device reads. */
    void syncSingleForDevice(Device dev, long tlbAddr, long size, int dir) {
        if (dir == DmaDirection.DMA_TO_DEVICE || dir == DmaDirection.DMA_BIDIRECTIONAL) {
            swiotlbBounce(dev, tlbAddr, size, DmaDirection.DMA_TO_DEVICE);
        }
    }

    /** swiotlb_sync_single_for_cpu(): copy the device's data back for a direction the device writes. */
    void syncSingleForCpu(Device dev, long tlbAddr, long size, int dir) {
        if (dir == DmaDirection.DMA_FROM_DEVICE || dir == DmaDirection.DMA_BIDIRECTIONAL) {
            swiotlbBounce(dev, tlbAddr, size, DmaDirection.DMA_FROM_DEVICE);
        }
    }

    /**
     * swiotlb_bounce(): one copy between the original buffer and the slots, clipped (with a warning)
     * to what is left of the mapping after the slot offset.
     */
    private void swiotlbBounce(Device dev, long tlbAddr, long size, int dir) {
        int index = (int) ((tlbAddr - start) >>> IO_TLB_SHIFT);
        if (origAddr[index] == INVALID_PHYS_ADDR) {
            return;
        }
        long remaining = allocSize[index] - (tlbAddr & (IO_TLB_SIZE - 1));
        if (size > remaining) {
            warn.warn(DmaWarn.Site.BOUNCE_BUFFER_OVERFLOW, dev, String.format(
                    "Buffer overflow detected. Allocation size: %d. Mapping size: %d.", remaining, size));
            size = remaining;
        }
        int way = dir == DmaDirection.DMA_TO_DEVICE ? 0 : 1;
        bounces.incrementAndGet(way);
        bytesBounced.addAndGet(way, size);
    }

    /**
     * What boot prints about the pool (swiotlb_adjust_nareas(), swiotlb_print_info(), pr_fmt
     * "software IO TLB: "); nothing for a machine without one. The end address printed is exclusive.
     */
    public List<String> bootMessages() {
        if (nslabs == 0) {
            return List.of();
        }
        return List.of(String.format("software IO TLB: area num %d.", roundupPowOfTwo(cpus.count())),
                String.format("software IO TLB: mapped [mem 0x%016x-0x%016x] (%dMB)", start, end,
                        ((long) nslabs << IO_TLB_SHIFT) >> 20));
    }

    // =====================================================================================
    // Figures (debugfs swiotlb/)
    // =====================================================================================

    /** io_tlb_nslabs. */
    public int nslabs() {
        return nslabs;
    }

    /** Physical address of the pool (default_swiotlb_base()), or 0 without one. */
    public long start() {
        return start;
    }

    public int nareas() {
        return nareas;
    }

    /** io_tlb_used: slots in use now. */
    public long used() {
        return totalUsed.get();
    }

    /** io_tlb_used_hiwater. */
    public long usedHiwater() {
        return usedHiwater.get();
    }

    /** Mappings refused because no run of free slots was long enough. */
    public long bufferFull() {
        return bufferFull.get();
    }

    /** Bounce copies into the pool (toDevice) or back out of it. */
    public long bounces(boolean toDevice) {
        return bounces.get(toDevice ? 0 : 1);
    }

    public long bytesBounced(boolean toDevice) {
        return bytesBounced.get(toDevice ? 0 : 1);
    }
}
