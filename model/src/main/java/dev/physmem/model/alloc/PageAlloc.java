package dev.physmem.model.alloc;

import static dev.physmem.model.Mm.PAGE_ALLOC_COSTLY_ORDER;
import static dev.physmem.model.alloc.AllocFlags.ALLOC_CPUSET;
import static dev.physmem.model.alloc.AllocFlags.ALLOC_HIGHATOMIC;
import static dev.physmem.model.alloc.AllocFlags.ALLOC_KSWAPD;
import static dev.physmem.model.alloc.AllocFlags.ALLOC_MIN_RESERVE;
import static dev.physmem.model.alloc.AllocFlags.ALLOC_NOFRAGMENT;
import static dev.physmem.model.alloc.AllocFlags.ALLOC_NON_BLOCK;
import static dev.physmem.model.alloc.AllocFlags.ALLOC_NO_WATERMARKS;
import static dev.physmem.model.alloc.AllocFlags.ALLOC_OOM;
import static dev.physmem.model.alloc.AllocFlags.ALLOC_RESERVES;
import static dev.physmem.model.alloc.AllocFlags.ALLOC_WMARK_LOW;
import static dev.physmem.model.alloc.AllocFlags.ALLOC_WMARK_MASK;
import static dev.physmem.model.alloc.AllocFlags.ALLOC_WMARK_MIN;

import dev.physmem.model.Mm;
import dev.physmem.model.cpu.Cpu;
import dev.physmem.model.cpu.Cpus;
import dev.physmem.model.mmzone.Node;
import dev.physmem.model.mmzone.PerCpuPages;
import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.mmzone.ZoneType;
import dev.physmem.model.mmzone.Zonelist;
import dev.physmem.model.page.BadPage;
import dev.physmem.model.page.FolioBatch;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.page.PageFlags;
import dev.physmem.model.page.PageType;
import dev.physmem.model.trace.Tracepoints;
import dev.physmem.model.vmstat.VmEventItem;
import dev.physmem.model.vmstat.VmStat;
import dev.physmem.model.vmstat.ZoneStatItem;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The zoned page frame allocator's entry points (mm/page_alloc.c): {@code alloc_pages},
 * {@code __free_pages} and everything between them — the zonelist walk against the watermarks, the
 * per-CPU lists, the buddy fallback, and the slow path that wakes kswapd, reclaims directly, calls the
 * OOM killer and finally reports a failure.
 */
public final class PageAlloc {
    /** __GFP_NOFAIL loops forever in the kernel; the simulator gives up after this many rounds and says so. */
    static final int NOFAIL_MAX_ROUNDS = 1000;

    private final MemMap memMap;
    private final Cpus cpus;
    private final VmStat vmStat;
    private final BuddyAllocator buddy;
    private final Tracepoints trace;
    private final BadPage badPage;
    private final Zone[] zoneTable;
    private final Node[] nodes;
    private volatile Reclaim reclaim = Reclaim.NONE;
    private final AtomicLong allocFailures = new AtomicLong();
    private final AtomicLong nofailLivelocks = new AtomicLong();
    private final long[] warnAllocWindow = {Long.MIN_VALUE};
    private final dev.physmem.model.time.Scheduler clock;
    private final Watermarks watermarks;

    public PageAlloc(MemMap memMap, Cpus cpus, VmStat vmStat, BuddyAllocator buddy, Tracepoints trace,
                     BadPage badPage, List<Zone> zones, List<Node> nodes, Watermarks watermarks,
                     dev.physmem.model.time.Scheduler clock) {
        this.memMap = memMap;
        this.cpus = cpus;
        this.vmStat = vmStat;
        this.buddy = buddy;
        this.trace = trace;
        this.badPage = badPage;
        this.nodes = nodes.toArray(new Node[0]);
        this.zoneTable = new Zone[this.nodes.length * ZoneType.MAX_NR_ZONES];
        for (Zone z : zones) {
            zoneTable[z.id] = z;
        }
        this.watermarks = watermarks;
        this.clock = clock;
    }

    public void setReclaim(Reclaim reclaim) {
        this.reclaim = reclaim;
    }

    public Reclaim reclaim() {
        return reclaim;
    }

    /** page_zone(). */
    public Zone pageZone(int pfn) {
        return zoneTable[memMap.nid(pfn) * ZoneType.MAX_NR_ZONES + memMap.zoneIdx(pfn)];
    }

    /** Allocations that ended in "page allocation failure". */
    public long allocFailures() {
        return allocFailures.get();
    }

    // =====================================================================================
    // Allocation
    // =====================================================================================

    /** alloc_pages(): on the calling CPU's node. Returns the first PFN, or -1 (NULL). */
    public int allocPages(int gfp, int order) {
        Cpu cpu = cpus.current();
        return allocPagesNode(cpu, cpu.nid, gfp, order);
    }

    /** folio_alloc(): a compound folio. */
    public int folioAlloc(int gfp, int order) {
        return allocPages(gfp | (order > 0 ? Gfp.__GFP_COMP : 0), order);
    }

    /** alloc_pages_node(). */
    public int allocPagesNode(int nid, int gfp, int order) {
        return allocPagesNode(cpus.current(), nid, gfp, order);
    }

    /** __alloc_frozen_pages(): on {@code cpu}, the calling thread's CPU, looked up once per call. */
    private int allocPagesNode(Cpu cpu, int nid, int gfp, int order) {
        if (order > Mm.MAX_PAGE_ORDER) {
            return MemMap.NONE; // WARN_ON_ONCE_GFP(order > MAX_PAGE_ORDER): the buddy has no such blocks
        }
        int highestZoneIdx = Gfp.gfpZone(gfp);
        Zonelist zonelist = nodes[nid].zonelist();
        int mt = Gfp.migratetype(gfp);
        int preferred = zonelist.first(highestZoneIdx);
        if (preferred < 0) {
            return MemMap.NONE;
        }
        int allocFlags = ALLOC_WMARK_LOW | allocFlagsNofragment(zonelist.get(preferred), gfp);
        int pfn = getPageFromFreelist(cpu, gfp, order, allocFlags, zonelist, preferred, highestZoneIdx, mt);
        if (pfn == MemMap.NONE) {
            pfn = allocPagesSlowpath(cpu, gfp, order, zonelist, preferred, highestZoneIdx, mt, nid);
        }
        if (pfn != MemMap.NONE) {
            trace.mmPageAlloc(pfn, order, gfp, mt);
        }
        return pfn;
    }

    /**
     * alloc_flags_nofragment(): a Normal-zone allocation on a node that also has DMA32 first refuses to
     * fragment (ALLOC_NOFRAGMENT), and carries ALLOC_KSWAPD from __GFP_KSWAPD_RECLAIM.
     */
    private int allocFlagsNofragment(Zone preferred, int gfp) {
        int allocFlags = gfp & Gfp.__GFP_KSWAPD_RECLAIM;
        if (preferred.zoneIdx != ZoneType.ZONE_NORMAL) {
            return allocFlags;
        }
        if (nodes.length > 1 && !preferred.node.zone(ZoneType.ZONE_DMA32).isPopulated()) {
            return allocFlags;
        }
        return allocFlags | ALLOC_NOFRAGMENT;
    }

    /**
     * get_page_from_freelist(): the first zone of the zonelist whose watermark allows the allocation
     * gets to serve it.
     */
    int getPageFromFreelist(Cpu cpu, int gfp, int order, int allocFlags, Zonelist zonelist, int preferred,
                            int highestZoneIdx, int mt) {
        boolean skipKswapdNodes = nodes.length > 1;
        boolean skippedKswapdNodes = false;
        Zone preferredZone = zonelist.get(preferred);
        while (true) {
            boolean noFallback = (allocFlags & ALLOC_NOFRAGMENT) != 0;
            boolean retry = false;
            for (int i = preferred; i < zonelist.size(); i++) {
                Zone zone = zonelist.get(i);
                if (zone.zoneIdx > highestZoneIdx || !zone.isManaged()) {
                    continue;
                }
                if (noFallback && nodes.length > 1 && zone.node != preferredZone.node) {
                    allocFlags &= ~ALLOC_NOFRAGMENT;
                    retry = true;
                    break;
                }
                if (skipKswapdNodes && reclaim.kswapdActive(zone)) {
                    skippedKswapdNodes = true;
                    continue;
                }
                boolean ok = false;
                if (!zone.testFlag(Zone.ZONE_BELOW_HIGH)) {
                    if (zoneWatermarkFast(zone, order, zone.highWmarkPages(), highestZoneIdx, allocFlags)) {
                        ok = true;
                    } else {
                        zone.setFlag(Zone.ZONE_BELOW_HIGH);
                    }
                }
                if (!ok) {
                    long mark = zone.wmarkPages(allocFlags & ALLOC_WMARK_MASK);
                    if (!zoneWatermarkFast(zone, order, mark, highestZoneIdx, allocFlags)
                            && (allocFlags & ALLOC_NO_WATERMARKS) == 0) {
                        continue;
                    }
                }
                int pfn = rmqueue(cpu, preferredZone, zone, order, allocFlags, mt);
                if (pfn != MemMap.NONE) {
                    prepNewPage(pfn, order, gfp);
                    if ((allocFlags & ALLOC_HIGHATOMIC) != 0) {
                        cpu.lock();
                        try {
                            buddy.reserveHighatomicPageblock(cpu, zone, pfn, order);
                        } finally {
                            cpu.unlock();
                        }
                    }
                    return pfn;
                }
            }
            if (retry) {
                continue;
            }
            if (skipKswapdNodes && skippedKswapdNodes) {
                skipKswapdNodes = false;
                continue;
            }
            if (noFallback) {
                allocFlags &= ~ALLOC_NOFRAGMENT;
                continue;
            }
            return MemMap.NONE;
        }
    }

    /** __zone_watermark_unusable_free(). */
    private static long zoneWatermarkUnusableFree(Zone z, int order, int allocFlags) {
        long unusable = (1L << order) - 1;
        if ((allocFlags & ALLOC_RESERVES) == 0) {
            unusable += z.nrFreeHighatomic();
        }
        return unusable;
    }

    /**
     * __zone_watermark_ok(): after the pages the request cannot use, free pages must stay above the mark
     * plus the lowmem reserve against {@code highestZoneIdx}; a high-order request also needs a free
     * block of at least its order on a list it may use.
     */
    public boolean zoneWatermarkOk(Zone z, int order, long mark, int highestZoneIdx, int allocFlags, long freePages) {
        long min = mark;
        freePages -= zoneWatermarkUnusableFree(z, order, allocFlags);
        if ((allocFlags & ALLOC_RESERVES) != 0) {
            if ((allocFlags & ALLOC_MIN_RESERVE) != 0) {
                min -= min / 2;
                if ((allocFlags & ALLOC_NON_BLOCK) != 0) {
                    min -= min / 4;
                }
            }
            if ((allocFlags & ALLOC_OOM) != 0) {
                min -= min / 2;
            }
        }
        if (freePages <= min + z.lowmemReserve(highestZoneIdx)) {
            return false;
        }
        if (order == 0) {
            return true;
        }
        // Unlocked, as in the kernel: a racy look at the list heads is good enough for a heuristic.
        for (int o = order; o < Mm.NR_PAGE_ORDERS; o++) {
            if (z.freeArea.nrFree(o) == 0) {
                continue;
            }
            for (int mt = 0; mt < MigrateType.MIGRATE_PCPTYPES; mt++) {
                if (!z.freeArea.isEmpty(o, mt)) {
                    return true;
                }
            }
            if ((allocFlags & (ALLOC_HIGHATOMIC | ALLOC_OOM)) != 0
                    && !z.freeArea.isEmpty(o, MigrateType.MIGRATE_HIGHATOMIC)) {
                return true;
            }
        }
        return false;
    }

    /** zone_watermark_ok() with the folded free count. */
    public boolean zoneWatermarkOk(Zone z, int order, long mark, int highestZoneIdx, int allocFlags) {
        return zoneWatermarkOk(z, order, mark, highestZoneIdx, allocFlags, freePagesForWatermark(z));
    }

    /** zone_page_state(NR_FREE_PAGES), or the snapshot below the drift mark, as zone_watermark_ok_safe. */
    private long freePagesForWatermark(Zone z) {
        long free = vmStat.zonePageState(z, ZoneStatItem.NR_FREE_PAGES);
        long drift = z.percpuDriftMark();
        if (drift != 0 && free < drift) {
            free = vmStat.zonePageStateSnapshot(z, ZoneStatItem.NR_FREE_PAGES);
        }
        return free;
    }

    /** zone_watermark_fast(). */
    private boolean zoneWatermarkFast(Zone z, int order, long mark, int highestZoneIdx, int allocFlags) {
        long freePages = freePagesForWatermark(z);
        if (order == 0) {
            long usable = freePages;
            long reserved = zoneWatermarkUnusableFree(z, 0, allocFlags);
            usable -= Math.min(usable, reserved);
            if (usable > mark + z.lowmemReserve(highestZoneIdx)) {
                return true;
            }
        }
        if (zoneWatermarkOk(z, order, mark, highestZoneIdx, allocFlags, freePages)) {
            return true;
        }
        if (order == 0 && (allocFlags & ALLOC_MIN_RESERVE) != 0 && z.watermarkBoost() != 0
                && (allocFlags & ALLOC_WMARK_MASK) == ALLOC_WMARK_MIN) {
            return zoneWatermarkOk(z, order, z.rawWatermark(Zone.WMARK_MIN), highestZoneIdx, allocFlags, freePages);
        }
        return false;
    }

    /** rmqueue(): cheap orders and THP through the per-CPU lists, the rest straight from the buddy. */
    private int rmqueue(Cpu cpu, Zone preferredZone, Zone zone, int order, int allocFlags, int mt) {
        int pfn = MemMap.NONE;
        if (PerCpuPages.allowedOrder(order)) {
            pfn = rmqueuePcplist(cpu, preferredZone, zone, order, mt, allocFlags);
        }
        if (pfn == MemMap.NONE) {
            pfn = rmqueueBuddy(cpu, preferredZone, zone, order, allocFlags, mt);
        }
        if ((allocFlags & ALLOC_KSWAPD) != 0 && zone.testAndClearFlag(Zone.ZONE_BOOSTED_WATERMARK)) {
            reclaim.wakeupKswapd(zone, 0, 0, zone.zoneIdx);
        }
        return pfn;
    }

    /** rmqueue_pcplist(): pop from this CPU's list, refilling it in a batch from the buddy when empty. */
    private int rmqueuePcplist(Cpu cpu, Zone preferredZone, Zone zone, int order, int mt, int allocFlags) {
        PerCpuPages pcp = zone.pageset[cpu.id];
        int pindex = PerCpuPages.orderToPindex(mt, order);
        cpu.lock();
        try {
            pcp.freeCount >>= 1;
            int pfn;
            do {
                if (pcp.lists.isEmpty(pindex)) {
                    int batch = nrPcpAlloc(pcp, zone, order);
                    int alloced = rmqueueBulk(cpu, zone, order, batch, pcp, pindex, mt, allocFlags);
                    pcp.count += alloced << order;
                    if (pcp.lists.isEmpty(pindex)) {
                        return MemMap.NONE;
                    }
                }
                pfn = pcp.lists.first(pindex);
                pcp.lists.remove(pindex, pfn);
                pcp.count -= 1 << order;
            } while (checkNewPages(pfn, order));
            VmStat.__countZidVmEvents(cpu, VmEventItem.PGALLOC_DMA, zone.zoneIdx, 1L << order);
            zoneStatistics(cpu, preferredZone, zone, 1);
            return pfn;
        } finally {
            cpu.unlock();
        }
    }

    /** rmqueue_bulk(): {@code count} blocks under one hold of the zone lock, in physical order. */
    private int rmqueueBulk(Cpu cpu, Zone zone, int order, int count, PerCpuPages pcp, int pindex, int mt,
                            int allocFlags) {
        int[] mode = {BuddyAllocator.RMQUEUE_NORMAL};
        int i;
        synchronized (zone.lock) {
            for (i = 0; i < count; i++) {
                int pfn = buddy.rmqueue(cpu, zone, order, mt, allocFlags, mode);
                if (pfn == MemMap.NONE) {
                    break;
                }
                pcp.lists.addTail(pindex, pfn);
            }
        }
        return i;
    }

    /** nr_pcp_alloc(): how many blocks a refill takes; it doubles on runs of order-0 allocations. */
    static int nrPcpAlloc(PerCpuPages pcp, Zone zone, int order) {
        int baseBatch = pcp.batch;
        int high = clampHigh(pcp);
        if (high < baseBatch) {
            return 1;
        }
        int batch = order != 0 ? baseBatch : baseBatch << pcp.allocFactor;
        if (pcp.highMin != pcp.highMax && !zone.testFlag(Zone.ZONE_BELOW_HIGH)) {
            high = pcp.high = Math.min(high + batch, pcp.highMax);
        }
        if (order == 0) {
            int maxNrAlloc = Math.max(high - pcp.count - baseBatch, baseBatch);
            if (batch <= maxNrAlloc && pcp.allocFactor < PerCpuPages.PCP_BATCH_SCALE_MAX) {
                pcp.allocFactor++;
            }
            batch = Math.min(batch, maxNrAlloc);
        }
        if (batch > 1) {
            batch = Math.max(batch >> order, 2);
        }
        return batch;
    }

    /** rmqueue_buddy(). */
    private int rmqueueBuddy(Cpu cpu, Zone preferredZone, Zone zone, int order, int allocFlags, int mt) {
        cpu.lock();
        try {
            int pfn;
            do {
                synchronized (zone.lock) {
                    pfn = MemMap.NONE;
                    if ((allocFlags & ALLOC_HIGHATOMIC) != 0) {
                        pfn = buddy.rmqueueSmallest(cpu, zone, order, MigrateType.MIGRATE_HIGHATOMIC);
                    }
                    if (pfn == MemMap.NONE) {
                        int[] mode = {BuddyAllocator.RMQUEUE_NORMAL};
                        pfn = buddy.rmqueue(cpu, zone, order, mt, allocFlags, mode);
                        if (pfn == MemMap.NONE && (allocFlags & (ALLOC_OOM | ALLOC_NON_BLOCK)) != 0) {
                            pfn = buddy.rmqueueSmallest(cpu, zone, order, MigrateType.MIGRATE_HIGHATOMIC);
                        }
                        if (pfn == MemMap.NONE) {
                            return MemMap.NONE;
                        }
                    }
                }
            } while (checkNewPages(pfn, order));
            VmStat.__countZidVmEvents(cpu, VmEventItem.PGALLOC_DMA, zone.zoneIdx, 1L << order);
            zoneStatistics(cpu, preferredZone, zone, 1);
            return pfn;
        } finally {
            cpu.unlock();
        }
    }

    /** zone_statistics(): numa_hit/miss/foreign and local/other. */
    private static void zoneStatistics(Cpu cpu, Zone preferredZone, Zone z, long nr) {
        int localStat = z.node.nid != cpu.nid ? ZoneStatItem.Numa.NUMA_OTHER : ZoneStatItem.Numa.NUMA_LOCAL;
        if (z.node == preferredZone.node) {
            VmStat.__countNumaEvents(cpu, z, ZoneStatItem.Numa.NUMA_HIT, nr);
        } else {
            VmStat.__countNumaEvents(cpu, z, ZoneStatItem.Numa.NUMA_MISS, nr);
            VmStat.__countNumaEvents(cpu, preferredZone, ZoneStatItem.Numa.NUMA_FOREIGN, 1);
        }
        VmStat.__countNumaEvents(cpu, z, localStat, nr);
    }

    /**
     * check_new_pages(): every page leaving the allocator must look free; one that does not is
     * reported and leaked, and the caller takes the next block.
     */
    private boolean checkNewPages(int pfn, int order) {
        int n = 1 << order;
        for (int i = 0; i < n; i++) {
            int p = pfn + i;
            if (!pageExpectedState(p, PageFlags.PAGE_FLAGS_CHECK_AT_PREP)) {
                badPage.leak(pfn, n);
                badPage.badPage(p, pageBadReason(p, PageFlags.PAGE_FLAGS_CHECK_AT_PREP, false));
                return true;
            }
        }
        return false;
    }

    /** page_expected_state(). */
    private boolean pageExpectedState(int pfn, int checkFlags) {
        return memMap.mapcountWord(pfn) == PageType.NO_TYPE && memMap.mapping(pfn) == 0
                && memMap.refcount(pfn) == 0 && (memMap.flags(pfn) & checkFlags) == 0;
    }

    /** page_bad_reason(): the last failing check wins, as in the kernel. */
    private String pageBadReason(int pfn, int checkFlags, boolean atFree) {
        String reason = null;
        if (memMap.mapcountWord(pfn) != PageType.NO_TYPE) {
            reason = "nonzero mapcount";
        }
        if (memMap.mapping(pfn) != 0) {
            reason = "non-NULL mapping";
        }
        if (memMap.refcount(pfn) != 0) {
            reason = "nonzero _refcount";
        }
        if ((memMap.flags(pfn) & checkFlags) != 0) {
            reason = atFree ? "PAGE_FLAGS_CHECK_AT_FREE flag(s) set" : "PAGE_FLAGS_CHECK_AT_PREP flag(s) set";
        }
        return reason;
    }

    /**
     * prep_new_page() / post_alloc_hook(): refcount 1, and a compound folio if asked. Compaction uses it
     * for the free pages it isolated (mm/compaction.c: mark_allocated, compaction_alloc).
     */
    public void prepNewPage(int pfn, int order, int gfp) {
        if (memMap.order(pfn) != order) {
            memMap.setOrder(pfn, order);
        }
        if (order > 0 && (gfp & Gfp.__GFP_COMP) != 0) {
            prepCompoundPage(pfn, order);
        }
        memMap.setRefcount(pfn, 1);
    }

    /** prep_compound_page(): PG_head on the head, compound_head on every tail. */
    private void prepCompoundPage(int head, int order) {
        memMap.setNonAtomic(head, PageFlags.PG_head);
        int n = 1 << order;
        for (int i = 1; i < n; i++) {
            memMap.setCompoundHead(head + i, head);
        }
    }

    // ---- slow path ----

    /** gfp_to_alloc_flags(). */
    static int gfpToAllocFlags(int gfp, int order) {
        int allocFlags = ALLOC_WMARK_MIN | ALLOC_CPUSET;
        allocFlags |= gfp & (Gfp.__GFP_HIGH | Gfp.__GFP_KSWAPD_RECLAIM);
        if ((gfp & Gfp.__GFP_DIRECT_RECLAIM) == 0) {
            if ((gfp & Gfp.__GFP_NOMEMALLOC) == 0) {
                allocFlags |= ALLOC_NON_BLOCK;
                if (order > 0 && (allocFlags & ALLOC_MIN_RESERVE) != 0) {
                    allocFlags |= ALLOC_HIGHATOMIC;
                }
            }
            if ((allocFlags & ALLOC_MIN_RESERVE) != 0) {
                allocFlags &= ~ALLOC_CPUSET;
            }
        }
        return allocFlags;
    }

    /**
     * __alloc_pages_slowpath(): wake kswapd, retry at the min watermark, reclaim directly, consider
     * the OOM killer, and finally fail with warn_alloc() (or keep trying for __GFP_NOFAIL).
     */
    private int allocPagesSlowpath(Cpu cpu, int gfp, int order, Zonelist zonelist, int preferred,
                                   int highestZoneIdx, int mt, int nid) {
        boolean canDirectReclaim = (gfp & Gfp.__GFP_DIRECT_RECLAIM) != 0;
        boolean nofail = (gfp & Gfp.__GFP_NOFAIL) != 0;
        boolean costlyOrder = order > PAGE_ALLOC_COSTLY_ORDER;
        int allocFlags = gfpToAllocFlags(gfp, order);
        int noProgressLoops = 0;
        int rounds = 0;

        if ((allocFlags & ALLOC_KSWAPD) != 0) {
            wakeAllKswapds(order, gfp, zonelist, preferred, highestZoneIdx);
        }
        int pfn = getPageFromFreelist(cpu, gfp, order, allocFlags, zonelist, preferred, highestZoneIdx, mt);
        if (pfn != MemMap.NONE) {
            return pfn;
        }
        while (true) {
            rounds++;
            if ((allocFlags & ALLOC_KSWAPD) != 0) {
                wakeAllKswapds(order, gfp, zonelist, preferred, highestZoneIdx);
            }
            if ((gfp & Gfp.__GFP_MEMALLOC) != 0 && (gfp & Gfp.__GFP_NOMEMALLOC) == 0) {
                allocFlags = ALLOC_NO_WATERMARKS | (allocFlags & ALLOC_KSWAPD);
            }
            pfn = getPageFromFreelist(cpu, gfp, order, allocFlags, zonelist, preferred, highestZoneIdx, mt);
            if (pfn != MemMap.NONE) {
                return pfn;
            }
            boolean progress = false;
            if (canDirectReclaim) {
                long reclaimed = directReclaim(cpu, zonelist, order, gfp, highestZoneIdx);
                pfn = getPageFromFreelist(cpu, gfp, order, allocFlags, zonelist, preferred, highestZoneIdx, mt);
                if (pfn != MemMap.NONE) {
                    return pfn;
                }
                progress = reclaimed > 0;
                boolean giveUp = (gfp & Gfp.__GFP_NORETRY) != 0
                        || (costlyOrder && (gfp & Gfp.__GFP_RETRY_MAYFAIL) == 0);
                if (!giveUp) {
                    if (progress && order <= PAGE_ALLOC_COSTLY_ORDER) {
                        noProgressLoops = 0;
                    } else {
                        noProgressLoops++;
                    }
                    if (noProgressLoops <= Mm.MAX_RECLAIM_RETRIES
                            && shouldReclaimRetry(zonelist, preferred, order, highestZoneIdx, allocFlags)) {
                        continue;
                    }
                    if (oomMayHelp(gfp, costlyOrder, highestZoneIdx)
                            && reclaim.outOfMemory(zonelist, order, gfp, highestZoneIdx)) {
                        noProgressLoops = 0;
                        continue;
                    }
                }
            }
            if (nofail && canDirectReclaim && rounds < NOFAIL_MAX_ROUNDS) {
                pfn = getPageFromFreelist(cpu, gfp, order, ALLOC_MIN_RESERVE | ALLOC_WMARK_MIN, zonelist, preferred,
                        highestZoneIdx, mt);
                if (pfn != MemMap.NONE) {
                    return pfn;
                }
                continue;
            }
            if (nofail && canDirectReclaim) {
                nofailLivelocks.incrementAndGet();
            }
            warnAlloc(gfp, order, nid);
            return MemMap.NONE;
        }
    }

    /**
     * __alloc_pages_may_oom()'s bail-outs: killing a task frees neither a costly high-order block nor
     * lowmem, and callers that said __GFP_NORETRY, __GFP_RETRY_MAYFAIL or __GFP_THISNODE would rather fail.
     */
    private static boolean oomMayHelp(int gfp, boolean costlyOrder, int highestZoneIdx) {
        return !costlyOrder && highestZoneIdx >= ZoneType.ZONE_NORMAL
                && (gfp & (Gfp.__GFP_NORETRY | Gfp.__GFP_RETRY_MAYFAIL | Gfp.__GFP_THISNODE)) == 0;
    }

    private long directReclaim(Cpu cpu, Zonelist zonelist, int order, int gfp, int highestZoneIdx) {
        cpu.lock();
        try {
            VmStat.__countZidVmEvents(cpu, VmEventItem.ALLOCSTALL_DMA, highestZoneIdx, 1);
        } finally {
            cpu.unlock();
        }
        return reclaim.tryToFreePages(zonelist, order, gfp, highestZoneIdx);
    }

    /** should_reclaim_retry(): would free plus reclaimable pages pass the min watermark anywhere? */
    private boolean shouldReclaimRetry(Zonelist zonelist, int preferred, int order, int highestZoneIdx,
                                       int allocFlags) {
        for (int i = preferred; i < zonelist.size(); i++) {
            Zone zone = zonelist.get(i);
            if (zone.zoneIdx > highestZoneIdx || !zone.isManaged()) {
                continue;
            }
            long reclaimable = reclaim.zoneReclaimablePages(vmStat, zone);
            long available = reclaimable + vmStat.zonePageStateSnapshot(zone, ZoneStatItem.NR_FREE_PAGES);
            if (reclaimable > 0
                    && zoneWatermarkOk(zone, order, zone.minWmarkPages(), highestZoneIdx, allocFlags, available)) {
                return true;
            }
        }
        return false;
    }

    /** wake_all_kswapds(): every node in the zonelist, once each. */
    private void wakeAllKswapds(int order, int gfp, Zonelist zonelist, int preferred, int highestZoneIdx) {
        Node last = null;
        for (int i = preferred; i < zonelist.size(); i++) {
            Zone zone = zonelist.get(i);
            if (zone.zoneIdx > highestZoneIdx || zone.node == last) {
                continue;
            }
            last = zone.node;
            reclaim.wakeupKswapd(zone, gfp, order, highestZoneIdx);
        }
    }

    /**
     * warn_alloc(): "page allocation failure: order:N, mode:0x..(...)", with the zone summary of
     * show_free_areas(). The kernel prints at most one in 10 s; the simulator counts every failure and
     * reports the first of each window.
     */
    private void warnAlloc(int gfp, int order, int nid) {
        allocFailures.incrementAndGet();
        long now = clock.now();
        synchronized (warnAllocWindow) {
            if (warnAllocWindow[0] != Long.MIN_VALUE && now - warnAllocWindow[0] < 10L * 1_000_000_000L) {
                return;
            }
            warnAllocWindow[0] = now;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%s: page allocation failure: order:%d, mode:%#x(%s), nodemask=(null)\n",
                Thread.currentThread().getName(), order, gfp, Gfp.format(gfp)));
        for (Zone z : zoneTable) {
            if (z == null || !z.isPopulated()) {
                continue;
            }
            sb.append(String.format("Node %d %s free:%dkB boost:%dkB min:%dkB low:%dkB high:%dkB"
                            + " reserved_highatomic:%dKB free_highatomic:%dKB managed:%dkB\n",
                    z.node.nid, z.name, Mm.pagesToKb(vmStat.zonePageState(z, ZoneStatItem.NR_FREE_PAGES)),
                    Mm.pagesToKb(z.watermarkBoost()), Mm.pagesToKb(z.minWmarkPages()),
                    Mm.pagesToKb(z.lowWmarkPages()), Mm.pagesToKb(z.highWmarkPages()),
                    Mm.pagesToKb(z.nrReservedHighatomic()), Mm.pagesToKb(z.nrFreeHighatomic()),
                    Mm.pagesToKb(z.managedPages())));
        }
        trace.warnAlloc(gfp, order, nid, sb.toString());
    }

    // =====================================================================================
    // Freeing
    // =====================================================================================

    /**
     * __free_pages(): drop the caller's reference; at zero the block goes back. A high-order block
     * that is not compound and still referenced frees its tail pieces, as ___free_pages() does.
     */
    public void freePages(int pfn, int order) {
        boolean head = memMap.test(pfn, PageFlags.PG_head);
        int ref = memMap.addRefcount(pfn, -1);
        if (ref == 0) {
            freeFrozenPages(pfn, order);
        } else if (ref < 0) {
            memMap.addRefcount(pfn, 1);
            badPage.vmBugOnFolio(pfn, "page_ref_count(page) == 0");
        } else if (!head) {
            memMap.setOrder(pfn, 0);
            while (order-- > 0) {
                freeFrozenPages(pfn + (1 << order), order);
            }
        }
    }

    /**
     * __free_frozen_pages(): a block whose refcount reached zero goes to this CPU's list (cheap
     * orders and THP) or straight to the buddy.
     */
    public void freeFrozenPages(int pfn, int order) {
        if (!freePagesPrepare(pfn, order)) {
            return;
        }
        Cpu cpu = cpus.current();
        cpu.lock();
        try {
            freeFrozenPageLocked(cpu, pfn, order);
        } finally {
            cpu.unlock();
        }
    }

    /**
     * free_unref_folios() (mm/page_alloc.c) of a batch whose folios each carry their order: every folio is
     * prepared first, then all go back under one pcp lock, where freeing them one by one would take it for
     * each. The batch is empty afterwards.
     */
    public void freeUnrefFolios(FolioBatch batch) {
        int j = 0;
        for (int i = 0; i < batch.count(); i++) {
            int pfn = batch.folio(i);
            int order = batch.value(i);
            if (freePagesPrepare(pfn, order)) {
                batch.set(j++, pfn, order);
            }
        }
        batch.shrink(j);
        if (j > 0) {
            Cpu cpu = cpus.current();
            cpu.lock();
            try {
                for (int i = 0; i < j; i++) {
                    freeFrozenPageLocked(cpu, batch.folio(i), batch.value(i));
                }
            } finally {
                cpu.unlock();
            }
        }
        batch.reinit();
    }

    /**
     * The part of __free_frozen_pages() under the pcp lock, which the caller holds: orders the lists do not
     * keep, and isolated pageblocks, go straight to the buddy; the other types above the pcp ones are
     * freed as movable.
     */
    private void freeFrozenPageLocked(Cpu cpu, int pfn, int order) {
        Zone zone = pageZone(pfn);
        if (!PerCpuPages.allowedOrder(order)) {
            freeOnePage(cpu, zone, pfn, order);
            VmStat.__countVmEvents(cpu, VmEventItem.PGFREE, 1L << order);
            return;
        }
        int mt = memMap.pageblockMigratetype(pfn);
        if (mt >= MigrateType.MIGRATE_PCPTYPES) {
            if (mt == MigrateType.MIGRATE_ISOLATE) {
                freeOnePage(cpu, zone, pfn, order);
                return;
            }
            mt = MigrateType.MIGRATE_MOVABLE;
        }
        freeFrozenPageCommit(cpu, zone, zone.pageset[cpu.id], pfn, mt, order);
    }

    /**
     * __isolate_free_page(): takes a free block off its list for compaction, if the zone stays above
     * its min watermark plus the block (the order-0 check stands in for a high-order one: the block
     * exists). A block of half a pageblock or more turns its pageblocks MOVABLE. Returns the pages
     * isolated, 0 if the watermark refuses. Caller holds {@code cpu}'s lock and the zone lock.
     */
    public int isolateFreePage(Cpu cpu, Zone zone, int pfn, int order) {
        int mt = memMap.pageblockMigratetype(pfn);
        if (mt != MigrateType.MIGRATE_ISOLATE) {
            long watermark = zone.rawWatermark(Zone.WMARK_MIN) + (1L << order);
            if (!zoneWatermarkOk(zone, 0, watermark, 0, AllocFlags.ALLOC_CMA)) {
                return 0;
            }
        }
        buddy.delFromFreeList(cpu, zone, pfn, order, mt);
        if (order >= Mm.PAGEBLOCK_ORDER - 1) {
            int end = pfn + (1 << order) - 1;
            for (int p = pfn; p < end; p += Mm.PAGEBLOCK_NR_PAGES) {
                int blockMt = memMap.pageblockMigratetype(p);
                int start = p & ~(Mm.PAGEBLOCK_NR_PAGES - 1);
                if (MigrateType.isMergeable(blockMt) && blockMt != MigrateType.MIGRATE_MOVABLE
                        && zone.spansPfn(start) && zone.spansPfn(start + Mm.PAGEBLOCK_NR_PAGES - 1)) {
                    buddy.moveFreepagesBlock(cpu, zone, start, blockMt, MigrateType.MIGRATE_MOVABLE);
                    memMap.setPageblockMigratetype(start, MigrateType.MIGRATE_MOVABLE);
                }
            }
        }
        return 1 << order;
    }

    /** free_one_page(): under the zone lock, splitting blocks larger than a pageblock. */
    private void freeOnePage(Cpu cpu, Zone zone, int pfn, int order) {
        synchronized (zone.lock) {
            buddy.freeLargeBuddy(cpu, zone, pfn, order, false);
        }
    }

    /**
     * free_pages_prepare(): the block must be in the state a free page has (no mapping, no mapcount,
     * no PAGE_FLAGS_CHECK_AT_FREE flag); a block that is not is reported and never reused. Compaction
     * calls it for a target it did not use (compaction_free).
     */
    public boolean freePagesPrepare(int pfn, int order) {
        trace.mmPageFree(pfn, order);
        int flags = memMap.flags(pfn);
        if (order == 0 && (flags & PageFlags.bit(PageFlags.PG_mlocked)) == 0 && memMap.mapping(pfn) == 0
                && memMap.mapcountWord(pfn) == PageType.NO_TYPE && memMap.refcount(pfn) == 0
                && (flags & PageFlags.PAGE_FLAGS_CHECK_AT_FREE) == 0) {
            // The common case, a clean order-0 page: page_expected_state() holds at once. Only stores that
            // change something: each store still pending delays the pcp lock's CAS that follows.
            if ((flags & PageFlags.PAGE_FLAGS_CHECK_AT_PREP) != 0) {
                memMap.clearFlagsMask(pfn, PageFlags.PAGE_FLAGS_CHECK_AT_PREP);
            }
            if (memMap.index(pfn) != 0) {
                memMap.setIndex(pfn, 0);
            }
            return true;
        }
        return freePagesPrepareFull(pfn, order);
    }

    /** free_pages_prepare() for blocks that are large, mlocked, anonymous, typed or bad. */
    private boolean freePagesPrepareFull(int pfn, int order) {
        boolean compound = memMap.test(pfn, PageFlags.PG_head);
        int bad = 0;
        if (memMap.test(pfn, PageFlags.PG_mlocked)) {
            memMap.clearNonAtomic(pfn, PageFlags.PG_mlocked);
            vmStat.modZonePageState(pageZone(pfn), ZoneStatItem.NR_MLOCK, -(1L << order));
            vmStat.countVmEvents(VmEventItem.UNEVICTABLE_PGS_CLEARED, 1L << order);
        }
        if (order > 0) {
            bad += freeTailPagesPrepare(pfn, order, compound);
        }
        if (memMap.mapping(pfn) < 0) {
            memMap.setMapping(pfn, 0);
        }
        if (PageType.hasType(memMap.mapcountWord(pfn))) {
            memMap.clearPageType(pfn);
        }
        if (!pageExpectedState(pfn, PageFlags.PAGE_FLAGS_CHECK_AT_FREE)) {
            badPage.badPage(pfn, pageBadReason(pfn, PageFlags.PAGE_FLAGS_CHECK_AT_FREE, true));
            bad++;
        }
        if (bad > 0) {
            badPage.leak(pfn, 1 << order);
            return false;
        }
        memMap.clearFlagsMask(pfn, PageFlags.PAGE_FLAGS_CHECK_AT_PREP);
        memMap.setOrder(pfn, 0);
        memMap.setIndex(pfn, 0);
        return true;
    }

    /** The tail pages of a block being freed (free_tail_page_prepare for folios); returns the bad ones. */
    private int freeTailPagesPrepare(int pfn, int order, boolean compound) {
        int bad = 0;
        int n = 1 << order;
        for (int i = 1; i < n; i++) {
            int tail = pfn + i;
            if (compound) {
                // free_tail_page_prepare(): a folio's mapcount is checked on its first tail page.
                if (i == 1 && folioMapcountRaw(pfn) != PageType.NO_TYPE) {
                    badPage.badPage(tail, "nonzero large_mapcount");
                    bad++;
                }
                memMap.setMapping(tail, 0);
                memMap.clearCompoundHead(tail);
            }
            if (!pageExpectedState(tail, PageFlags.PAGE_FLAGS_CHECK_AT_FREE)) {
                badPage.badPage(tail, pageBadReason(tail, PageFlags.PAGE_FLAGS_CHECK_AT_FREE, true));
                bad++;
                continue;
            }
            memMap.clearFlagsMask(tail, PageFlags.PAGE_FLAGS_CHECK_AT_PREP);
        }
        return bad;
    }

    /** The head's mapcount word unless it holds a page type (which free_pages_prepare clears). */
    private int folioMapcountRaw(int head) {
        int word = memMap.mapcountWord(head);
        return PageType.hasType(word) ? PageType.NO_TYPE : word;
    }

    /**
     * free_frozen_page_commit(): onto the per-CPU list; once the list passes {@code high}, a batch goes
     * back to the buddy.
     */
    private void freeFrozenPageCommit(Cpu cpu, Zone zone, PerCpuPages pcp, int pfn, int mt, int order) {
        if (pcp.allocFactor != 0) {
            pcp.allocFactor >>= 1;
        }
        VmStat.__countVmEvents(cpu, VmEventItem.PGFREE, 1L << order);
        int pindex = PerCpuPages.orderToPindex(mt, order);
        pcp.lists.addHead(pindex, pfn);
        pcp.count += 1 << order;
        int batch = pcp.batch;
        boolean freeHigh = false;
        if (order > 0 && order <= PAGE_ALLOC_COSTLY_ORDER) {
            freeHigh = pcp.freeCount >= batch + pcp.highMin / 2
                    && (pcp.flags & PerCpuPages.PCPF_PREV_FREE_HIGH_ORDER) != 0
                    && ((pcp.flags & PerCpuPages.PCPF_FREE_HIGH_BATCH) == 0 || pcp.count >= batch);
            pcp.flags |= PerCpuPages.PCPF_PREV_FREE_HIGH_ORDER;
        } else if ((pcp.flags & PerCpuPages.PCPF_PREV_FREE_HIGH_ORDER) != 0) {
            pcp.flags &= ~PerCpuPages.PCPF_PREV_FREE_HIGH_ORDER;
        }
        if (pcp.freeCount < (batch << PerCpuPages.PCP_BATCH_SCALE_MAX)) {
            pcp.freeCount += 1 << order;
        }
        int high = nrPcpHigh(pcp, zone, batch, freeHigh);
        if (pcp.count < high) {
            return;
        }
        freePcppagesBulk(cpu, zone, nrPcpFree(pcp, batch, high, freeHigh), pcp, pindex);
        if (zone.testFlag(Zone.ZONE_BELOW_HIGH)
                && zoneWatermarkOk(zone, 0, zone.highWmarkPages(), ZoneType.ZONE_MOVABLE, 0)) {
            zone.clearFlag(Zone.ZONE_BELOW_HIGH);
        }
    }

    /** nr_pcp_free(). */
    static int nrPcpFree(PerCpuPages pcp, int batch, int high, boolean freeHigh) {
        if (freeHigh) {
            return Math.min(pcp.count, batch << PerCpuPages.PCP_BATCH_SCALE_MAX);
        }
        if (high < batch) {
            return 1;
        }
        return clamp(pcp.freeCount, batch, high - batch);
    }

    /** nr_pcp_high(): pcp->high floats between high_min and high_max with the zone's pressure. */
    static int nrPcpHigh(PerCpuPages pcp, Zone zone, int batch, boolean freeHigh) {
        int highMin = pcp.highMin;
        int highMax = pcp.highMax;
        int high = clampHigh(pcp);
        if (high == 0) {
            return 0;
        }
        if (freeHigh) {
            pcp.high = Math.max(high - (batch << PerCpuPages.PCP_BATCH_SCALE_MAX), highMin);
            return 0;
        }
        if (zone.testFlag(Zone.ZONE_RECLAIM_ACTIVE)) {
            int freeCount = Math.max(pcp.freeCount, batch);
            pcp.high = Math.max(high - freeCount, highMin);
            return Math.min(batch << 2, pcp.high);
        }
        if (highMin == highMax) {
            return high;
        }
        if (zone.testFlag(Zone.ZONE_BELOW_HIGH)) {
            int freeCount = Math.max(pcp.freeCount, batch);
            pcp.high = Math.max(high - freeCount, highMin);
            high = Math.max(pcp.count, highMin);
        } else if (pcp.count >= high) {
            int needHigh = pcp.freeCount + batch;
            if (pcp.high < needHigh) {
                pcp.high = clamp(needHigh, highMin, highMax);
            }
        }
        return high;
    }

    /** free_pcppages_bulk(): {@code count} pages back to the buddy, round-robin over the lists, oldest first. */
    private void freePcppagesBulk(Cpu cpu, Zone zone, int count, PerCpuPages pcp, int pindex) {
        count = Math.min(pcp.count, count);
        pindex = pindex - 1;
        synchronized (zone.lock) {
            while (count > 0) {
                do {
                    if (++pindex > PerCpuPages.NR_PCP_LISTS - 1) {
                        pindex = 0;
                    }
                } while (pcp.lists.isEmpty(pindex));
                int order = PerCpuPages.pindexToOrder(pindex);
                int nrPages = 1 << order;
                do {
                    int pfn = pcp.lists.last(pindex);
                    int mt = memMap.pageblockMigratetype(pfn);
                    pcp.lists.remove(pindex, pfn);
                    count -= nrPages;
                    pcp.count -= nrPages;
                    buddy.freeOnePage(cpu, zone, pfn, order, mt, false);
                } while (count > 0 && !pcp.lists.isEmpty(pindex));
            }
        }
    }

    /** drain_pages_zone() for one CPU: everything on its lists back to the buddy. */
    public void drainPagesZone(int cpuId, Zone zone) {
        Cpu cpu = cpus.get(cpuId);
        cpu.lock();
        try {
            PerCpuPages pcp = zone.pageset[cpuId];
            if (pcp.count > 0) {
                freePcppagesBulk(cpu, zone, pcp.count, pcp, 0);
            }
        } finally {
            cpu.unlock();
        }
    }

    /** drain_all_pages(): every CPU's lists of every zone (or of one zone). */
    public void drainAllPages(Zone only) {
        for (Zone zone : zoneTable) {
            if (zone == null || (only != null && zone != only)) {
                continue;
            }
            for (int c = 0; c < cpus.count(); c++) {
                drainPagesZone(c, zone);
            }
        }
    }

    /**
     * decay_pcp_high() for every CPU and zone: run from the vmstat worker each second, lowering
     * pcp->high toward high_min and draining what lies above it.
     */
    public void decayPcpHigh() {
        for (Zone zone : zoneTable) {
            if (zone == null || !zone.isPopulated()) {
                continue;
            }
            for (int c = 0; c < cpus.count(); c++) {
                Cpu cpu = cpus.get(c);
                cpu.lock();
                try {
                    PerCpuPages pcp = zone.pageset[c];
                    int batch = pcp.batch;
                    if (pcp.high > pcp.highMin) {
                        pcp.high = Math.max(Math.max(pcp.count - (batch << PerCpuPages.PCP_BATCH_SCALE_MAX),
                                pcp.high - (pcp.high >> 3)), pcp.highMin);
                    }
                    int toDrain = pcp.count - pcp.high;
                    if (toDrain > 0) {
                        freePcppagesBulk(cpu, zone, toDrain, pcp, 0);
                    }
                } finally {
                    cpu.unlock();
                }
            }
        }
    }

    /**
     * __free_pages_core() at boot: memory memblock did not reserve becomes managed and free.
     * Called with no allocation running.
     */
    public void freePagesCore(Cpu cpu, Zone zone, int pfn, int order) {
        int n = 1 << order;
        memMap.releaseBootRange(pfn, n);
        zone.adjustManagedPages(n);
        synchronized (zone.lock) {
            buddy.freeLargeBuddy(cpu, zone, pfn, order, true);
        }
    }

    public Watermarks watermarks() {
        return watermarks;
    }

    public long nofailLivelocks() {
        return nofailLivelocks.get();
    }

    /** {@code high = pcp->high = clamp(pcp->high, high_min, high_max)}, storing only a change. */
    private static int clampHigh(PerCpuPages pcp) {
        int high = clamp(pcp.high, pcp.highMin, pcp.highMax);
        if (high != pcp.high) {
            pcp.high = high;
        }
        return high;
    }

    static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(v, hi));
    }
}
