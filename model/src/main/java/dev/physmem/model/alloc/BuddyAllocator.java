package dev.physmem.model.alloc;

import static dev.physmem.model.Mm.MAX_PAGE_ORDER;
import static dev.physmem.model.Mm.NR_PAGE_ORDERS;
import static dev.physmem.model.Mm.PAGEBLOCK_NR_PAGES;
import static dev.physmem.model.Mm.PAGEBLOCK_ORDER;
import static dev.physmem.model.alloc.MigrateType.MIGRATE_HIGHATOMIC;
import static dev.physmem.model.alloc.MigrateType.MIGRATE_ISOLATE;
import static dev.physmem.model.alloc.MigrateType.MIGRATE_MOVABLE;
import static dev.physmem.model.alloc.MigrateType.MIGRATE_PCPTYPES;
import static dev.physmem.model.alloc.MigrateType.MIGRATE_RECLAIMABLE;
import static dev.physmem.model.alloc.MigrateType.MIGRATE_UNMOVABLE;

import dev.physmem.model.cpu.Cpu;
import dev.physmem.model.mmzone.FreeArea;
import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.page.PageFlags;
import dev.physmem.model.trace.Tracepoints;
import dev.physmem.model.vmstat.VmStat;
import dev.physmem.model.vmstat.ZoneStatItem;

/**
 * The buddy allocator proper (mm/page_alloc.c): splitting blocks off the free lists, merging freed
 * blocks with their buddies, and falling back to other migrate types. Every method runs with the
 * zone's lock and a CPU's lock (for the vmstat deltas) held.
 */
public final class BuddyAllocator {
    /** enum rmqueue_mode: where the last __rmqueue() of a bulk refill found pages. */
    static final int RMQUEUE_NORMAL = 0;
    static final int RMQUEUE_CLAIM = 2;
    static final int RMQUEUE_STEAL = 3;

    private final MemMap memMap;
    private final VmStat vmStat;
    private final Tracepoints trace;
    /** vm.watermark_boost_factor, read on every fallback. */
    private volatile int watermarkBoostFactor = 15000;
    /** page_group_by_mobility_disabled: set when there are too few pageblocks to group. */
    private final boolean mobilityGroupingDisabled;

    public BuddyAllocator(MemMap memMap, VmStat vmStat, Tracepoints trace, boolean mobilityGroupingDisabled) {
        this.memMap = memMap;
        this.vmStat = vmStat;
        this.trace = trace;
        this.mobilityGroupingDisabled = mobilityGroupingDisabled;
    }

    public int watermarkBoostFactor() {
        return watermarkBoostFactor;
    }

    public void setWatermarkBoostFactor(int factor) {
        watermarkBoostFactor = factor;
    }

    public boolean mobilityGroupingDisabled() {
        return mobilityGroupingDisabled;
    }

    // ---- free list primitives ----

    /** account_freepages(). */
    void accountFreepages(Cpu cpu, Zone zone, long nrPages, int mt) {
        if (mt == MIGRATE_ISOLATE) {
            return;
        }
        vmStat.__modZonePageState(cpu, zone, ZoneStatItem.NR_FREE_PAGES, nrPages);
        if (mt == MIGRATE_HIGHATOMIC) {
            zone.addFreeHighatomic(nrPages);
        }
    }

    /** __add_to_free_list() with set_buddy_order(). */
    void addToFreeList(Cpu cpu, Zone zone, int pfn, int order, int mt, boolean tail) {
        memMap.setBuddy(pfn, order);
        zone.freeArea.add(pfn, order, mt, tail);
        if (order >= PAGEBLOCK_ORDER && mt != MIGRATE_ISOLATE) {
            vmStat.__modZonePageState(cpu, zone, ZoneStatItem.NR_FREE_PAGES_BLOCKS, 1L << order);
        }
    }

    /** __del_page_from_free_list(). */
    void delFromFreeListNoAccount(Cpu cpu, Zone zone, int pfn, int order, int mt) {
        zone.freeArea.del(pfn, order, mt);
        memMap.clearBuddy(pfn);
        if (order >= PAGEBLOCK_ORDER && mt != MIGRATE_ISOLATE) {
            vmStat.__modZonePageState(cpu, zone, ZoneStatItem.NR_FREE_PAGES_BLOCKS, -(1L << order));
        }
    }

    /** del_page_from_free_list(). */
    void delFromFreeList(Cpu cpu, Zone zone, int pfn, int order, int mt) {
        delFromFreeListNoAccount(cpu, zone, pfn, order, mt);
        accountFreepages(cpu, zone, -(1L << order), mt);
    }

    /** move_to_free_list(). */
    void moveToFreeList(Cpu cpu, Zone zone, int pfn, int order, int oldMt, int newMt) {
        zone.freeArea.move(pfn, order, oldMt, newMt);
        accountFreepages(cpu, zone, -(1L << order), oldMt);
        accountFreepages(cpu, zone, 1L << order, newMt);
        if (order >= PAGEBLOCK_ORDER && (oldMt == MIGRATE_ISOLATE) != (newMt == MIGRATE_ISOLATE)) {
            long nr = oldMt != MIGRATE_ISOLATE ? -(1L << order) : (1L << order);
            vmStat.__modZonePageState(cpu, zone, ZoneStatItem.NR_FREE_PAGES_BLOCKS, nr);
        }
    }

    // ---- allocation ----

    /**
     * expand(): split a block of order {@code high} down to {@code low}, putting the upper halves on
     * the free lists; the caller keeps the lowest-addressed piece. Returns the pages put back.
     */
    int expand(Cpu cpu, Zone zone, int pfn, int low, int high, int mt) {
        int size = 1 << high;
        int added = 0;
        while (high > low) {
            high--;
            size >>= 1;
            addToFreeList(cpu, zone, pfn + size, high, mt, false);
            added += size;
        }
        return added;
    }

    /** page_del_and_expand(). */
    void pageDelAndExpand(Cpu cpu, Zone zone, int pfn, int low, int high, int mt) {
        long nrPages = 1L << high;
        delFromFreeListNoAccount(cpu, zone, pfn, high, mt);
        nrPages -= expand(cpu, zone, pfn, low, high, mt);
        accountFreepages(cpu, zone, -nrPages, mt);
    }

    /** __rmqueue_smallest(): the first block on the smallest non-empty list of this type. */
    int rmqueueSmallest(Cpu cpu, Zone zone, int order, int mt) {
        FreeArea area = zone.freeArea;
        for (int current = order; current < NR_PAGE_ORDERS; current++) {
            int pfn = area.first(current, mt);
            if (pfn == MemMap.NONE) {
                continue;
            }
            pageDelAndExpand(cpu, zone, pfn, order, current, mt);
            return pfn;
        }
        return MemMap.NONE;
    }

    /**
     * __rmqueue(): the requested type first, then claiming a whole fallback block, then stealing a
     * piece of one. {@code mode} remembers, across a bulk refill, the first mode that may still succeed.
     */
    int rmqueue(Cpu cpu, Zone zone, int order, int mt, int allocFlags, int[] mode) {
        int pfn;
        switch (mode[0]) {
            case RMQUEUE_NORMAL:
                pfn = rmqueueSmallest(cpu, zone, order, mt);
                if (pfn != MemMap.NONE) {
                    return pfn;
                }
                // fall through
            case RMQUEUE_CLAIM:
                pfn = rmqueueClaim(cpu, zone, order, mt, allocFlags);
                if (pfn != MemMap.NONE) {
                    mode[0] = RMQUEUE_NORMAL;
                    return pfn;
                }
                // fall through
            case RMQUEUE_STEAL:
            default:
                if ((allocFlags & AllocFlags.ALLOC_NOFRAGMENT) == 0) {
                    pfn = rmqueueSteal(cpu, zone, order, mt);
                    if (pfn != MemMap.NONE) {
                        mode[0] = RMQUEUE_STEAL;
                        return pfn;
                    }
                }
                return MemMap.NONE;
        }
    }

    /** should_try_claim_block(). */
    boolean shouldTryClaimBlock(int order, int startMt) {
        if (order >= PAGEBLOCK_ORDER || order >= PAGEBLOCK_ORDER / 2) {
            return true;
        }
        if (startMt == MIGRATE_RECLAIMABLE || startMt == MIGRATE_UNMOVABLE) {
            return true;
        }
        return mobilityGroupingDisabled;
    }

    /** find_suitable_fallback(): -1 none at this order, -2 too small to claim. */
    int findSuitableFallback(Zone zone, int order, int mt, boolean claimable) {
        if (claimable && !shouldTryClaimBlock(order, mt)) {
            return -2;
        }
        if (zone.freeArea.nrFree(order) == 0) {
            return -1;
        }
        for (int fallbackMt : MigrateType.FALLBACKS[mt]) {
            if (!zone.freeArea.isEmpty(order, fallbackMt)) {
                return fallbackMt;
            }
        }
        return -1;
    }

    /** __rmqueue_claim(): from the largest order down, try to take over a fallback pageblock. */
    int rmqueueClaim(Cpu cpu, Zone zone, int order, int startMt, int allocFlags) {
        int minOrder = order;
        if (order < PAGEBLOCK_ORDER && (allocFlags & AllocFlags.ALLOC_NOFRAGMENT) != 0) {
            minOrder = PAGEBLOCK_ORDER;
        }
        for (int current = MAX_PAGE_ORDER; current >= minOrder; current--) {
            int fallbackMt = findSuitableFallback(zone, current, startMt, true);
            if (fallbackMt == -1) {
                continue;
            }
            if (fallbackMt == -2) {
                break;
            }
            int pfn = zone.freeArea.first(current, fallbackMt);
            pfn = tryToClaimBlock(cpu, zone, pfn, current, order, startMt, fallbackMt, allocFlags);
            if (pfn != MemMap.NONE) {
                trace.mmPageAllocExtfrag(pfn, order, current, startMt, fallbackMt, true);
                return pfn;
            }
        }
        return MemMap.NONE;
    }

    /** __rmqueue_steal(): take one block of a fallback type, leaving its pageblock's type alone. */
    int rmqueueSteal(Cpu cpu, Zone zone, int order, int startMt) {
        for (int current = order; current < NR_PAGE_ORDERS; current++) {
            int fallbackMt = findSuitableFallback(zone, current, startMt, false);
            if (fallbackMt == -1) {
                continue;
            }
            int pfn = zone.freeArea.first(current, fallbackMt);
            pageDelAndExpand(cpu, zone, pfn, order, current, fallbackMt);
            trace.mmPageAllocExtfrag(pfn, order, current, startMt, fallbackMt, false);
            return pfn;
        }
        return MemMap.NONE;
    }

    /**
     * try_to_claim_block(): a block of pageblock order or more changes type wholesale; a smaller one
     * takes its pageblock only if at least half of it is free or compatible with the new type.
     */
    int tryToClaimBlock(Cpu cpu, Zone zone, int pfn, int currentOrder, int order, int startMt, int blockMt,
                        int allocFlags) {
        if (currentOrder >= PAGEBLOCK_ORDER) {
            delFromFreeListNoAccount(cpu, zone, pfn, currentOrder, blockMt);
            accountFreepages(cpu, zone, -(1L << currentOrder), blockMt);
            changePageblockRange(pfn, currentOrder, startMt);
            int added = expand(cpu, zone, pfn, order, currentOrder, startMt);
            accountFreepages(cpu, zone, added, startMt);
            return pfn;
        }
        if (boostWatermark(zone) && (allocFlags & AllocFlags.ALLOC_KSWAPD) != 0) {
            zone.setFlag(Zone.ZONE_BOOSTED_WATERMARK);
        }
        int start = pfn & ~(PAGEBLOCK_NR_PAGES - 1);
        int end = start + PAGEBLOCK_NR_PAGES;
        if (!zone.spansPfn(start) || !zone.spansPfn(end - 1)) {
            return MemMap.NONE;
        }
        int freePages = 0;
        int movablePages = 0;
        for (int p = start; p < end; ) {
            if (memMap.isBuddy(p)) {
                int nr = 1 << memMap.order(p);
                freePages += nr;
                p += nr;
                continue;
            }
            if (memMap.test(p, PageFlags.PG_lru)) {
                movablePages++;
            }
            p++;
        }
        int alikePages;
        if (startMt == MIGRATE_MOVABLE) {
            alikePages = movablePages;
        } else if (blockMt == MIGRATE_MOVABLE) {
            alikePages = PAGEBLOCK_NR_PAGES - (freePages + movablePages);
        } else {
            alikePages = 0;
        }
        if (freePages + alikePages >= (1 << (PAGEBLOCK_ORDER - 1)) || mobilityGroupingDisabled) {
            moveFreepagesBlock(cpu, zone, start, blockMt, startMt);
            memMap.setPageblockMigratetype(start, startMt);
            return rmqueueSmallest(cpu, zone, order, startMt);
        }
        return MemMap.NONE;
    }

    /** change_pageblock_range(). */
    void changePageblockRange(int pfn, int order, int mt) {
        int blocks = 1 << (order - PAGEBLOCK_ORDER);
        for (int i = 0; i < blocks; i++) {
            memMap.setPageblockMigratetype(pfn + i * PAGEBLOCK_NR_PAGES, mt);
        }
    }

    /** __move_freepages_block(): every free block in the pageblock moves lists; returns pages moved. */
    int moveFreepagesBlock(Cpu cpu, Zone zone, int startPfn, int oldMt, int newMt) {
        int end = startPfn + PAGEBLOCK_NR_PAGES;
        int moved = 0;
        for (int p = startPfn; p < end; ) {
            if (!memMap.isBuddy(p)) {
                p++;
                continue;
            }
            int order = memMap.order(p);
            moveToFreeList(cpu, zone, p, order, oldMt, newMt);
            p += 1 << order;
            moved += 1 << order;
        }
        return moved;
    }

    /**
     * boost_watermark(): a fallback raises the zone's watermarks by a pageblock, up to
     * high_wmark * watermark_boost_factor / 10000, so kswapd reclaims before fragmentation spreads.
     */
    boolean boostWatermark(Zone zone) {
        int factor = watermarkBoostFactor;
        if (factor == 0) {
            return false;
        }
        if ((long) PAGEBLOCK_NR_PAGES * 4 > zone.managedPages()) {
            return false;
        }
        long maxBoost = zone.rawWatermark(Zone.WMARK_HIGH) * factor / 10000;
        if (maxBoost == 0) {
            return false;
        }
        maxBoost = Math.max(PAGEBLOCK_NR_PAGES, maxBoost);
        zone.setWatermarkBoost(Math.min(zone.watermarkBoost() + PAGEBLOCK_NR_PAGES, maxBoost));
        return true;
    }

    /**
     * reserve_highatomic_pageblock(): a high-order atomic allocation reserves its pageblock for
     * others like it, up to about 1% of the zone.
     */
    void reserveHighatomicPageblock(Cpu cpu, Zone zone, int pfn, int order) {
        long managed = zone.managedPages();
        if (managed / 100 < PAGEBLOCK_NR_PAGES) {
            return;
        }
        long maxManaged = (managed / 100 + PAGEBLOCK_NR_PAGES - 1) / PAGEBLOCK_NR_PAGES * PAGEBLOCK_NR_PAGES;
        synchronized (zone.lock) {
            if (zone.nrReservedHighatomic() >= maxManaged) {
                return;
            }
            int mt = memMap.pageblockMigratetype(pfn);
            if (!MigrateType.isMergeable(mt)) {
                return;
            }
            if (order < PAGEBLOCK_ORDER) {
                int start = pfn & ~(PAGEBLOCK_NR_PAGES - 1);
                if (!zone.spansPfn(start) || !zone.spansPfn(start + PAGEBLOCK_NR_PAGES - 1)) {
                    return;
                }
                moveFreepagesBlock(cpu, zone, start, mt, MIGRATE_HIGHATOMIC);
                memMap.setPageblockMigratetype(start, MIGRATE_HIGHATOMIC);
                zone.addReservedHighatomic(PAGEBLOCK_NR_PAGES);
            } else {
                changePageblockRange(pfn, order, MIGRATE_HIGHATOMIC);
                zone.addReservedHighatomic(1L << order);
            }
        }
    }

    // ---- freeing ----

    /** find_buddy_page_pfn(): the buddy at {@code pfn ^ (1 << order)} if it is a free block of that order in the same zone. */
    int findBuddyPagePfn(Zone zone, int pfn, int order) {
        int buddy = pfn ^ (1 << order);
        if (!zone.spansPfn(buddy) || !memMap.isBuddy(buddy) || memMap.order(buddy) != order) {
            return MemMap.NONE;
        }
        return memMap.zoneIdx(buddy) == zone.zoneIdx && memMap.nid(buddy) == zone.node.nid ? buddy : MemMap.NONE;
    }

    /** buddy_merge_likely(): is the next-higher buddy free, so this block will probably merge soon? */
    boolean buddyMergeLikely(Zone zone, int pfn, int buddyPfn, int order) {
        if (order >= MAX_PAGE_ORDER - 1 || buddyPfn == MemMap.NONE) {
            return false;
        }
        int higher = buddyPfn & pfn;
        return findBuddyPagePfn(zone, higher, order + 1) != MemMap.NONE;
    }

    /**
     * __free_one_page(): account the block as free, merge it with free buddies of equal order as far as
     * possible (not across pageblocks of unmergeable types), and put the result on its free list.
     */
    public void freeOnePage(Cpu cpu, Zone zone, int pfn, int order, int mt, boolean toTail) {
        accountFreepages(cpu, zone, 1L << order, mt);
        int buddyPfn = MemMap.NONE;
        while (order < MAX_PAGE_ORDER) {
            int buddy = findBuddyPagePfn(zone, pfn, order);
            if (buddy == MemMap.NONE) {
                break;
            }
            buddyPfn = buddy;
            int buddyMt = mt;
            if (order >= PAGEBLOCK_ORDER) {
                buddyMt = memMap.pageblockMigratetype(buddy);
                if (mt != buddyMt && (!MigrateType.isMergeable(mt) || !MigrateType.isMergeable(buddyMt))) {
                    break;
                }
            }
            delFromFreeListNoAccount(cpu, zone, buddy, order, buddyMt);
            if (buddyMt != mt) {
                memMap.setPageblockMigratetype(buddy, mt);
            }
            pfn = buddy & pfn;
            order++;
        }
        boolean tail = toTail || buddyMergeLikely(zone, pfn, buddyPfn, order);
        addToFreeList(cpu, zone, pfn, order, mt, tail);
    }

    /** split_large_buddy() + __free_one_page for each pageblock: blocks above pageblock order keep per-block types. */
    public void freeLargeBuddy(Cpu cpu, Zone zone, int pfn, int order, boolean toTail) {
        int end = pfn + (1 << order);
        int step = Math.min(order, PAGEBLOCK_ORDER);
        for (int p = pfn; p < end; p += 1 << step) {
            freeOnePage(cpu, zone, p, step, memMap.pageblockMigratetype(p), toTail);
        }
    }
}
