package dev.physmem.model.compaction;

import static dev.physmem.model.Mm.PAGEBLOCK_NR_PAGES;
import static dev.physmem.model.Mm.PAGEBLOCK_ORDER;

import dev.physmem.model.Mm;
import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.alloc.MigrateType;
import dev.physmem.model.alloc.PageAlloc;
import dev.physmem.model.cpu.Cpu;
import dev.physmem.model.cpu.Cpus;
import dev.physmem.model.migrate.Migrate;
import dev.physmem.model.mmzone.Node;
import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.mmzone.ZoneType;
import dev.physmem.model.page.Folios;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.page.PageFlags;
import dev.physmem.model.page.PageType;
import dev.physmem.model.sysctl.Sysctl;
import dev.physmem.model.sysctl.SysctlTable;
import dev.physmem.model.time.Scheduler;
import dev.physmem.model.trace.Tracepoints;
import dev.physmem.model.vmscan.Lru;
import dev.physmem.model.vmstat.VmEventItem;
import dev.physmem.model.vmstat.VmStat;
import java.util.List;

/**
 * Memory compaction (mm/compaction.c) as {@code echo 1 > /proc/sys/vm/compact_memory} runs it:
 * compact_nodes() → compact_node() → compact_zone() on every populated zone, synchronously, over the
 * whole zone, ignoring the skip hints (order -1, MIGRATE_SYNC, whole_zone, ignore_skip_hint). The
 * migration scanner walks pageblocks up from the zone start isolating LRU folios; the free scanner
 * walks pageblocks down from the zone end isolating free pages of partly used MOVABLE pageblocks as
 * targets; migrate_pages() moves the folios up into those holes, and the run ends when the two
 * scanners meet. Freed sources go back through the per-CPU lists, as in the kernel (which drains them
 * only for a high-order request).
 *
 * <p>Not modelled: direct compaction and kcompactd (the allocator never compacts), so no
 * compact_stall/fail/success, no deferral, no cached scanner positions, no skip bits; the fast
 * free-list searches (both return at once for order -1); too_many_isolated() throttling.
 */
public final class Compaction {
    /** COMPACT_CLUSTER_MAX = SWAP_CLUSTER_MAX (include/linux/swap.h): folios isolated before a migration round. */
    static final int COMPACT_CLUSTER_MAX = Mm.SWAP_CLUSTER_MAX;

    /** enum compact_result values a compact_memory run ends with, as compaction_status_string names them. */
    public static final String COMPACT_COMPLETE = "complete";
    public static final String COMPACT_CONTENDED = "contended";
    private static final String COMPACT_CONTINUE = "continue";

    private final MemMap memMap;
    private final Folios folios;
    private final PageAlloc pageAlloc;
    private final Lru lru;
    private final Migrate migrate;
    private final List<Node> nodes;
    private final Cpus cpus;
    private final VmStat vmStat;
    private final Tracepoints trace;
    private final Scheduler clock;

    public Compaction(MemMap memMap, Folios folios, PageAlloc pageAlloc, Lru lru, Migrate migrate, List<Node> nodes,
                      Cpus cpus, VmStat vmStat, Tracepoints trace, Scheduler clock) {
        this.memMap = memMap;
        this.folios = folios;
        this.pageAlloc = pageAlloc;
        this.lru = lru;
        this.migrate = migrate;
        this.nodes = nodes;
        this.cpus = cpus;
        this.vmStat = vmStat;
        this.trace = trace;
        this.clock = clock;
    }

    /** vm.compact_memory: write-only; sysctl_compaction_handler() accepts only 1. */
    public void registerSysctl(SysctlTable table) {
        table.register(Sysctl.ofTrigger("compact_memory", 1, 1,
                "Write 1 to compact every zone of every node: movable pages move to the top of their zone so free pages merge into large blocks.",
                v -> compactNodes()));
    }

    /** compact_nodes(): every zone of every online node. */
    public void compactNodes() {
        for (Node node : nodes) {
            compactNode(node);
        }
    }

    /** compact_node(): every populated zone of the node, lowest first. */
    public void compactNode(Node node) {
        for (int z = 0; z < ZoneType.MAX_NR_ZONES; z++) {
            Zone zone = node.zone(z);
            if (zone.isPopulated()) {
                compactZone(zone);
            }
        }
    }

    /** compact_zone() of a whole zone; returns the compact_result's name. */
    public String compactZone(Zone zone) {
        CompactControl cc = new CompactControl(this, zone, memMap);
        int startPfn = zone.zoneStartPfn;
        int endPfn = zone.zoneEndPfn();
        cc.migratePfn = startPfn;
        cc.freePfn = pageblockStartPfn(endPfn - 1);
        long start = clock.now();
        trace.mmCompactionBegin(zone.node.nid, zone.name, startPfn, cc.migratePfn, cc.freePfn, endPfn, true);
        int lastMigratedPfn = 0;
        String ret;
        while ((ret = compactFinished(cc)) == COMPACT_CONTINUE) {
            int iterationStartPfn = cc.migratePfn;
            // A second pass over the pageblock last migrated from takes the rest of it at once.
            cc.finishPageblock = pageblockStartPfn(lastMigratedPfn) == pageblockStartPfn(iterationStartPfn);
            if (!isolateMigratepages(cc)) {
                continue;
            }
            lastMigratedPfn = Math.max(startPfn, pageblockStartPfn(cc.migratePfn - 1));
            int err = migrate.migratePages(cc.migratepages, cc, cc.migrateStats);
            cc.nrMigratepages = 0;
            if (err != 0) {
                migrate.putbackMovablePages(cc.migratepages);
                if (err == Migrate.ENOMEM && !compactScannersMet(cc)) {
                    ret = COMPACT_CONTENDED;
                    break;
                }
            }
        }
        if (cc.nrFreepages > 0) {
            releaseFreeList(cc);
            cc.nrFreepages = 0;
        }
        vmStat.countVmEvents(VmEventItem.COMPACT_MIGRATE_SCANNED, cc.totalMigrateScanned);
        vmStat.countVmEvents(VmEventItem.COMPACT_FREE_SCANNED, cc.totalFreeScanned);
        trace.mmCompactionEnd(zone.node.nid, zone.name, startPfn, cc.migratePfn, cc.freePfn, endPfn, true, ret, start,
                cc.totalMigrateScanned, cc.totalFreeScanned, cc.migrateStats[0], cc.migrateStats[1]);
        return ret;
    }

    /** __compact_finished() for order -1: only the scanners meeting ends the run. */
    private static String compactFinished(CompactControl cc) {
        return compactScannersMet(cc) ? COMPACT_COMPLETE : COMPACT_CONTINUE;
    }

    /** compact_scanners_met(): the free scanner reached the migration scanner's pageblock. */
    static boolean compactScannersMet(CompactControl cc) {
        return (cc.freePfn >> PAGEBLOCK_ORDER) <= (cc.migratePfn >> PAGEBLOCK_ORDER);
    }

    static int pageblockStartPfn(int pfn) {
        return pfn & ~(PAGEBLOCK_NR_PAGES - 1);
    }

    static int pageblockEndPfn(int pfn) {
        return pageblockStartPfn(pfn) + PAGEBLOCK_NR_PAGES;
    }

    /** pageblock_pfn_to_page(): is [start, end) wholly inside the zone? */
    private static boolean pageblockInZone(Zone zone, int start, int end) {
        return zone.spansPfn(start) && zone.spansPfn(end - 1);
    }

    // =====================================================================================
    // The migration scanner
    // =====================================================================================

    /**
     * isolate_migratepages(): from where the scanner stopped, the first pageblock inside the zone and
     * below the free scanner is scanned for folios to move. True if any were isolated.
     */
    private boolean isolateMigratepages(CompactControl cc) {
        int lowPfn = cc.migratePfn;
        int blockStartPfn = Math.max(pageblockStartPfn(lowPfn), cc.zone.zoneStartPfn);
        int blockEndPfn = pageblockEndPfn(lowPfn);
        for (; blockEndPfn <= cc.freePfn;
             cc.migratePfn = lowPfn = blockEndPfn, blockStartPfn = blockEndPfn, blockEndPfn += PAGEBLOCK_NR_PAGES) {
            if (!pageblockInZone(cc.zone, blockStartPfn, blockEndPfn)) {
                continue;
            }
            isolateMigratepagesBlock(cc, lowPfn, blockEndPfn);
            break;
        }
        return cc.nrMigratepages > 0;
    }

    /**
     * isolate_migratepages_block(): LRU folios of [lowPfn, endPfn) are taken off their lists with a
     * reference, COMPACT_CLUSTER_MAX at a time unless the whole block is wanted. Free blocks and
     * hugetlb folios are stepped over; an anonymous folio held beyond its mappings is not worth
     * isolating; a file folio's extra holders are found by migration. Sync compaction isolates dirty
     * and writeback folios too (only async skips them).
     */
    private void isolateMigratepagesBlock(CompactControl cc, int lowPfn, int endPfn) {
        long nrScanned = 0;
        int nrIsolated = 0;
        cc.migratePfn = lowPfn;
        for (; lowPfn < endPfn; lowPfn++) {
            nrScanned++;
            if (memMap.hasPageType(lowPfn, PageType.PGTY_hugetlb)) {
                int skip = (1 << memMap.order(lowPfn)) - 1;
                lowPfn += skip;
                nrScanned += skip;
                continue;
            }
            if (memMap.isBuddy(lowPfn)) {
                // Unlocked, as in the kernel: only a valid order is trusted.
                int order = memMap.order(lowPfn);
                if (order > 0 && order <= Mm.MAX_PAGE_ORDER) {
                    lowPfn += (1 << order) - 1;
                    nrScanned += (1 << order) - 1;
                }
                continue;
            }
            if (memMap.test(lowPfn, PageFlags.PG_head) && memMap.order(lowPfn) >= PAGEBLOCK_ORDER) {
                // skip_isolation_on_order(): compaction makes nothing larger than a pageblock.
                int skip = (1 << memMap.order(lowPfn)) - 1;
                lowPfn += skip;
                nrScanned += skip;
                continue;
            }
            if (!memMap.test(lowPfn, PageFlags.PG_lru) || memMap.test(lowPfn, PageFlags.PG_tail)) {
                continue;
            }
            int folio = lowPfn;
            if (!folios.folioTryGet(folio)) {
                continue;
            }
            if (!isolateLruFolio(folio)) {
                folios.folioPut(folio);
                continue;
            }
            int nr = folios.folioNrPages(folio);
            lowPfn += nr - 1;
            cc.migratepages.addHead(Migrate.FROM, folio);
            cc.nrMigratepages += nr;
            nrIsolated += nr;
            nrScanned += nr - 1;
            if (cc.nrMigratepages >= COMPACT_CLUSTER_MAX && !cc.finishPageblock) {
                lowPfn++;
                break;
            }
        }
        cc.totalMigrateScanned += nrScanned;
        if (nrIsolated > 0) {
            vmStat.countVmEvents(VmEventItem.COMPACT_ISOLATED, nrIsolated);
        }
        cc.migratePfn = Math.min(lowPfn, endPfn);
    }

    /**
     * The checks and the isolation of one folio the caller holds a speculative reference on; the
     * isolation keeps a reference of its own, so the speculative one is dropped. False if the folio
     * is not to be moved now (the caller drops its reference).
     */
    private boolean isolateLruFolio(int folio) {
        // folio_mapping() is NULL for anonymous memory outside the swap cache: its only expected
        // holders are its PTEs, so anything more is a pin migration would fail on anyway.
        boolean noMapping = folios.folioTestAnon(folio) ? !folios.folioTest(folio, PageFlags.PG_swapcache)
                : memMap.mapping(folio) == 0;
        if (noMapping && folios.folioRefCount(folio) - 1 > folios.folioMapcount(folio)) {
            return false;
        }
        if (!lru.folioIsolateLru(folio)) {
            return false;
        }
        folios.folioPut(folio);
        migrate.modIsolated(folio, folios.folioNrPages(folio));
        return true;
    }

    // =====================================================================================
    // The free scanner
    // =====================================================================================

    /**
     * isolate_freepages(): from where it stopped, pageblock by pageblock downwards to the one above
     * the migration scanner, free pages of suitable blocks are isolated until there are as many as
     * pages to migrate. The stride doubles over blocks that gave nothing.
     */
    private void isolateFreepages(CompactControl cc) {
        Zone zone = cc.zone;
        int isolateStartPfn = cc.freePfn;
        int blockStartPfn = pageblockStartPfn(isolateStartPfn);
        int blockEndPfn = Math.min(blockStartPfn + PAGEBLOCK_NR_PAGES, zone.zoneEndPfn());
        int lowPfn = pageblockEndPfn(cc.migratePfn);
        int stride = 1;
        for (; blockStartPfn >= lowPfn;
             blockEndPfn = blockStartPfn, blockStartPfn -= PAGEBLOCK_NR_PAGES, isolateStartPfn = blockStartPfn) {
            if (!pageblockInZone(zone, blockStartPfn, blockEndPfn) || !suitableMigrationTarget(blockStartPfn)) {
                continue;
            }
            cc.freeBlockPfn = isolateStartPfn;
            int nrIsolated = isolateFreepagesBlock(cc, blockEndPfn, stride);
            isolateStartPfn = cc.freeBlockPfn;
            if (cc.nrFreepages >= cc.nrMigratepages) {
                if (isolateStartPfn >= blockEndPfn) {
                    // Restart at the previous pageblock if more can be isolated next time.
                    isolateStartPfn = blockStartPfn - PAGEBLOCK_NR_PAGES;
                }
                break;
            } else if (isolateStartPfn < blockEndPfn) {
                // The watermark stopped the isolation early: do not go on needlessly.
                break;
            }
            stride = nrIsolated > 0 ? 1 : Math.min(COMPACT_CLUSTER_MAX, stride << 1);
        }
        cc.freePfn = isolateStartPfn;
    }

    /**
     * suitable_migration_target(): not a pageblock that is already one free block (compaction would
     * only break it up), and a MOVABLE one.
     */
    private boolean suitableMigrationTarget(int pfn) {
        if (memMap.isBuddy(pfn) && memMap.order(pfn) >= PAGEBLOCK_ORDER) {
            return false;
        }
        return memMap.pageblockMigratetype(pfn) == MigrateType.MIGRATE_MOVABLE;
    }

    /**
     * isolate_freepages_block(): free blocks from {@code cc.freeBlockPfn} up to {@code endPfn} leave
     * the buddy lists (__isolate_free_page, which obeys the min watermark) for cc->freepages, until
     * there are enough. {@code cc.freeBlockPfn} is left where the scan stopped. Returns the pages isolated.
     */
    private int isolateFreepagesBlock(CompactControl cc, int endPfn, int stride) {
        Zone zone = cc.zone;
        long nrScanned = 0;
        int totalIsolated = 0;
        int blockPfn = cc.freeBlockPfn;
        Cpu cpu = cpus.current();
        cpu.lock();
        try {
            synchronized (zone.lock) {
                for (; blockPfn < endPfn; blockPfn += stride) {
                    nrScanned++;
                    if (memMap.test(blockPfn, PageFlags.PG_head)) {
                        int nr = 1 << memMap.order(blockPfn);
                        if (blockPfn + nr <= endPfn) {
                            blockPfn += nr - 1;
                            nrScanned += nr - 1;
                        }
                        continue;
                    }
                    if (!memMap.isBuddy(blockPfn)) {
                        continue;
                    }
                    int order = memMap.order(blockPfn);
                    int isolated = pageAlloc.isolateFreePage(cpu, zone, blockPfn, order);
                    if (isolated == 0) {
                        break;
                    }
                    memMap.setOrder(blockPfn, order);
                    nrScanned += isolated - 1;
                    totalIsolated += isolated;
                    cc.nrFreepages += isolated;
                    cc.freepages.addTail(order, blockPfn);
                    if (cc.nrMigratepages <= cc.nrFreepages) {
                        blockPfn += isolated;
                        break;
                    }
                    blockPfn += isolated - 1;
                }
            }
        } finally {
            cpu.unlock();
        }
        cc.freeBlockPfn = Math.min(blockPfn, endPfn);
        cc.totalFreeScanned += nrScanned;
        if (totalIsolated > 0) {
            vmStat.countVmEvents(VmEventItem.COMPACT_ISOLATED, totalIsolated);
        }
        return totalIsolated;
    }

    // =====================================================================================
    // migrate_pages() callbacks and the end of a run
    // =====================================================================================

    /**
     * compaction_alloc(): the smallest isolated free block that fits the source's order, split down to
     * it (the rest goes back on cc->freepages), as a new allocation; the free scanner runs once if
     * there is none. NONE when it found nothing either.
     */
    int compactionAlloc(CompactControl cc, int src) {
        int order = folios.folioOrder(src);
        boolean hasIsolatedPages = false;
        while (true) {
            int startOrder = order;
            while (startOrder < Mm.NR_PAGE_ORDERS && cc.freepages.isEmpty(startOrder)) {
                startOrder++;
            }
            if (startOrder == Mm.NR_PAGE_ORDERS) {
                if (hasIsolatedPages) {
                    return MemMap.NONE;
                }
                isolateFreepages(cc);
                hasIsolatedPages = true;
                continue;
            }
            int freepage = cc.freepages.first(startOrder);
            cc.freepages.remove(startOrder, freepage);
            int size = 1 << startOrder;
            while (startOrder > order) {
                startOrder--;
                size >>= 1;
                cc.freepages.addHead(startOrder, freepage + size);
                memMap.setOrder(freepage + size, startOrder);
            }
            pageAlloc.prepNewPage(freepage, order, order > 0 ? Gfp.__GFP_COMP : 0);
            cc.nrFreepages -= 1 << order;
            cc.nrMigratepages -= 1 << order;
            return freepage;
        }
    }

    /** compaction_free(): a target migration did not use goes back on cc->freepages. */
    void compactionFree(CompactControl cc, int dst) {
        int order = folios.folioOrder(dst);
        if (memMap.addRefcount(dst, -1) == 0 && pageAlloc.freePagesPrepare(dst, order)) {
            memMap.setOrder(dst, order);
            cc.freepages.addHead(order, dst);
            cc.nrFreepages += 1 << order;
        }
        cc.nrMigratepages += 1 << order;
    }

    /** release_free_list(): isolated free pages nobody used return to the allocator (mark_allocated + __free_pages). */
    private void releaseFreeList(CompactControl cc) {
        for (int order = 0; order < Mm.NR_PAGE_ORDERS; order++) {
            for (int pfn = cc.freepages.first(order); pfn != MemMap.NONE; pfn = cc.freepages.first(order)) {
                cc.freepages.remove(order, pfn);
                pageAlloc.prepNewPage(pfn, order, 0);
                pageAlloc.freePages(pfn, order);
            }
        }
    }
}
