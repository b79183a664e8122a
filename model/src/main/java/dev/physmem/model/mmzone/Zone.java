package dev.physmem.model.mmzone;

import dev.physmem.model.page.MemMap;
import dev.physmem.model.vmstat.ZoneStatItem;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code struct zone} (include/linux/mmzone.h): a range of page frames of one node with its own free
 * lists, watermarks, lowmem reserves, per-CPU page caches and vmstat counters.
 */
public final class Zone {
    public static final int WMARK_MIN = 0;
    public static final int WMARK_LOW = 1;
    public static final int WMARK_HIGH = 2;
    public static final int WMARK_PROMO = 3;
    public static final int NR_WMARK = 4;

    /** zone_flags. */
    public static final int ZONE_BOOSTED_WATERMARK = 0;
    public static final int ZONE_RECLAIM_ACTIVE = 1;
    public static final int ZONE_BELOW_HIGH = 2;

    public final Node node;
    public final int zoneIdx;
    /** Index in the machine's zone table: nid * MAX_NR_ZONES + zoneIdx. */
    public final int id;
    public final String name;
    public final int zoneStartPfn;
    public final long spannedPages;
    public final long presentPages;
    private final AtomicLong managedPages = new AtomicLong();

    /** _watermark[NR_WMARK]. */
    final long[] watermark = new long[NR_WMARK];
    volatile long watermarkBoost;
    final long[] lowmemReserve = new long[ZoneType.MAX_NR_ZONES];
    volatile long percpuDriftMark;
    volatile int statThreshold;
    long nrReservedHighatomic;
    volatile long nrFreeHighatomic;

    public final FreeArea freeArea;
    /** zone->lock: guards the free lists, nr_free and pageblock migrate types. */
    public final Object lock = new Object();
    /** zone->per_cpu_pageset, one per simulated CPU. */
    public final PerCpuPages[] pageset;
    /** zone->vm_stat: folded counters. */
    public final AtomicLongArray vmStat = new AtomicLongArray(ZoneStatItem.NR_VM_ZONE_STAT_ITEMS);
    /** zone->vm_numa_event. */
    public final AtomicLongArray vmNumaEvent = new AtomicLongArray(ZoneStatItem.Numa.NR_VM_NUMA_EVENT_ITEMS);
    private final AtomicInteger flags = new AtomicInteger();

    public Zone(Node node, int zoneIdx, int zoneStartPfn, long spannedPages, long presentPages,
                MemMap memMap, int nrCpus) {
        this.node = node;
        this.zoneIdx = zoneIdx;
        this.id = node.nid * ZoneType.MAX_NR_ZONES + zoneIdx;
        this.name = ZoneType.name(zoneIdx);
        this.zoneStartPfn = zoneStartPfn;
        this.spannedPages = spannedPages;
        this.presentPages = presentPages;
        this.freeArea = new FreeArea(memMap);
        this.pageset = new PerCpuPages[nrCpus];
        for (int cpu = 0; cpu < nrCpus; cpu++) {
            pageset[cpu] = new PerCpuPages(memMap);
        }
    }

    public long managedPages() {
        return managedPages.get();
    }

    /** adjust_managed_page_count(). */
    public void adjustManagedPages(long delta) {
        managedPages.addAndGet(delta);
    }

    /** populated_zone(). */
    public boolean isPopulated() {
        return presentPages != 0;
    }

    /** managed_zone(). */
    public boolean isManaged() {
        return managedPages.get() != 0;
    }

    public int zoneEndPfn() {
        return zoneStartPfn + (int) spannedPages;
    }

    /** zone_spans_pfn(). */
    public boolean spansPfn(long pfn) {
        return pfn >= zoneStartPfn && pfn < zoneEndPfn();
    }

    /** wmark_pages(): the watermark plus the current boost. */
    public long wmarkPages(int wmark) {
        return watermark[wmark] + watermarkBoost;
    }

    public long minWmarkPages() {
        return wmarkPages(WMARK_MIN);
    }

    public long lowWmarkPages() {
        return wmarkPages(WMARK_LOW);
    }

    public long highWmarkPages() {
        return wmarkPages(WMARK_HIGH);
    }

    public long promoWmarkPages() {
        return wmarkPages(WMARK_PROMO);
    }

    /** _watermark[w] without the boost. */
    public long rawWatermark(int wmark) {
        return watermark[wmark];
    }

    public void setWatermark(int wmark, long pages) {
        watermark[wmark] = pages;
    }

    public long watermarkBoost() {
        return watermarkBoost;
    }

    public void setWatermarkBoost(long pages) {
        watermarkBoost = pages;
    }

    public long lowmemReserve(int highestZoneIdx) {
        return lowmemReserve[highestZoneIdx];
    }

    public void setLowmemReserve(int zoneIdx, long pages) {
        lowmemReserve[zoneIdx] = pages;
    }

    public long nrReservedHighatomic() {
        return nrReservedHighatomic;
    }

    public void addReservedHighatomic(long pages) {
        nrReservedHighatomic += pages;
    }

    /** zone->nr_free_highatomic: free pages in HIGHATOMIC blocks, unusable for ordinary allocations. */
    public long nrFreeHighatomic() {
        return nrFreeHighatomic;
    }

    public void addFreeHighatomic(long pages) {
        nrFreeHighatomic += pages;
    }

    public int statThreshold() {
        return statThreshold;
    }

    public void setStatThreshold(int threshold) {
        statThreshold = threshold;
    }

    public long percpuDriftMark() {
        return percpuDriftMark;
    }

    public void setPercpuDriftMark(long mark) {
        percpuDriftMark = mark;
    }

    public boolean testFlag(int flag) {
        return (flags.get() & (1 << flag)) != 0;
    }

    public void setFlag(int flag) {
        if ((flags.get() & (1 << flag)) == 0) {
            flags.getAndUpdate(f -> f | (1 << flag));
        }
    }

    public void clearFlag(int flag) {
        if ((flags.get() & (1 << flag)) != 0) {
            flags.getAndUpdate(f -> f & ~(1 << flag));
        }
    }

    /** test_and_clear_bit() on zone->flags; a plain read first, so the common "not set" case costs no atomic. */
    public boolean testAndClearFlag(int flag) {
        if ((flags.get() & (1 << flag)) == 0) {
            return false;
        }
        return (flags.getAndUpdate(f -> f & ~(1 << flag)) & (1 << flag)) != 0;
    }

    /** zone_page_state(): the folded counter, clamped at zero like the kernel's. */
    public long pageState(int item) {
        long x = vmStat.get(item);
        return x < 0 ? 0 : x;
    }

    @Override
    public String toString() {
        return "Node " + node.nid + ", zone " + name;
    }
}
