package dev.physmem.model.testing;

import dev.physmem.model.Mm;
import dev.physmem.model.alloc.MigrateType;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.mmzone.PerCpuPages;
import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.page.PageFlags;
import dev.physmem.model.page.PageType;
import dev.physmem.model.vmstat.ZoneStatItem;
import java.util.BitSet;

/**
 * The conservation laws of the page allocator, checked on a quiescent machine (no operation running):
 * every frame a zone spans is free (on exactly one free list or per-CPU list), allocated, reserved or
 * leaked by a bad-page report, exactly once; the free lists agree with the buddy state; no two free
 * buddies that could merge are left unmerged; and the vmstat counters equal a recount.
 */
public final class MemoryInvariants {
    private MemoryInvariants() {}

    /** Throws AssertionError describing the first law broken. */
    public static void check(Machine m) {
        MemMap mm = m.memMap;
        m.vmStat.refresh();
        BitSet free = new BitSet(mm.endPfn());
        long globalFree = 0;
        for (Zone zone : m.zones) {
            long zoneFree = 0;
            long freeBlocks = 0;
            long highatomicFree = 0;
            for (int order = 0; order < Mm.NR_PAGE_ORDERS; order++) {
                long blocks = 0;
                for (int mt = 0; mt < MigrateType.MIGRATE_TYPES; mt++) {
                    long onList = 0;
                    for (int pfn = zone.freeArea.first(order, mt); pfn != MemMap.NONE; pfn = mm.next(pfn)) {
                        onList++;
                        checkFreeBlock(m, zone, pfn, order, mt);
                        markOnce(free, pfn, 1 << order, "free list order " + order);
                        if (mt != MigrateType.MIGRATE_ISOLATE) {
                            zoneFree += 1L << order;
                            if (order >= Mm.PAGEBLOCK_ORDER) {
                                freeBlocks += 1L << order;
                            }
                        }
                        if (mt == MigrateType.MIGRATE_HIGHATOMIC) {
                            highatomicFree += 1L << order;
                        }
                    }
                    require(onList == zone.freeArea.count(order, mt), zone + ": list length " + onList
                            + " but count " + zone.freeArea.count(order, mt) + " at order " + order + " mt " + mt);
                    blocks += onList;
                }
                require(blocks == zone.freeArea.nrFree(order),
                        zone + ": nr_free[" + order + "] = " + zone.freeArea.nrFree(order) + " but lists hold " + blocks);
            }
            require(zone.pageState(ZoneStatItem.NR_FREE_PAGES) == zoneFree,
                    zone + ": NR_FREE_PAGES " + zone.pageState(ZoneStatItem.NR_FREE_PAGES) + " != recount " + zoneFree);
            require(zone.pageState(ZoneStatItem.NR_FREE_PAGES_BLOCKS) == freeBlocks, zone + ": NR_FREE_PAGES_BLOCKS "
                    + zone.pageState(ZoneStatItem.NR_FREE_PAGES_BLOCKS) + " != recount " + freeBlocks);
            require(zone.nrFreeHighatomic() == highatomicFree,
                    zone + ": nr_free_highatomic " + zone.nrFreeHighatomic() + " != recount " + highatomicFree);
            globalFree += zoneFree;
            for (int cpu = 0; cpu < m.cpus.count(); cpu++) {
                PerCpuPages pcp = zone.pageset[cpu];
                long pages = 0;
                for (int pindex = 0; pindex < PerCpuPages.NR_PCP_LISTS; pindex++) {
                    int order = PerCpuPages.pindexToOrder(pindex);
                    for (int pfn = pcp.lists.first(pindex); pfn != MemMap.NONE; pfn = mm.next(pfn)) {
                        require(!mm.isBuddy(pfn), "pcp page " + pfn + " is marked PageBuddy");
                        require(mm.refcount(pfn) == 0, "pcp page " + pfn + " has refcount " + mm.refcount(pfn));
                        require((pfn & ((1 << order) - 1)) == 0, "pcp page " + pfn + " misaligned for order " + order);
                        require(m.pageAlloc.pageZone(pfn) == zone, "pcp page " + pfn + " on the wrong zone's list");
                        markOnce(free, pfn, 1 << order, "cpu" + cpu + " pcp list " + pindex);
                        pages += 1L << order;
                    }
                }
                require(pages == pcp.count, zone + " cpu" + cpu + ": pcp->count " + pcp.count + " != recount " + pages);
            }
            checkEveryFrame(m, zone, free);
        }
        require(m.vmStat.globalZonePageState(ZoneStatItem.NR_FREE_PAGES) == globalFree,
                "global NR_FREE_PAGES " + m.vmStat.globalZonePageState(ZoneStatItem.NR_FREE_PAGES) + " != " + globalFree);
        // LRU pages are allocated frames (refcount > 0, checked above); their list membership here.
        LruInvariants.check(m);
    }

    private static void checkFreeBlock(Machine m, Zone zone, int pfn, int order, int mt) {
        MemMap mm = m.memMap;
        require(mm.isBuddy(pfn), zone + ": free block " + pfn + " is not PageBuddy");
        require(mm.order(pfn) == order, zone + ": free block " + pfn + " has buddy order " + mm.order(pfn) + ", list " + order);
        require((pfn & ((1 << order) - 1)) == 0, zone + ": free block " + pfn + " misaligned for order " + order);
        require(zone.spansPfn(pfn) && zone.spansPfn(pfn + (1L << order) - 1), zone + ": free block " + pfn + " outside zone");
        require(mm.refcount(pfn) == 0, zone + ": free block " + pfn + " has refcount " + mm.refcount(pfn));
        require(mm.pageblockMigratetype(pfn) == mt, zone + ": free block " + pfn + " on list of type " + mt
                + " in a pageblock of type " + mm.pageblockMigratetype(pfn));
        for (int i = 0; i < (1 << order); i++) {
            require(m.pageAlloc.pageZone(pfn + i) == zone, "free page " + (pfn + i) + " links to another zone");
            require((mm.flags(pfn + i) & PageFlags.PAGE_FLAGS_CHECK_AT_PREP) == 0,
                    "free page " + (pfn + i) + " has flags " + PageFlags.format(mm.flags(pfn + i)));
        }
        if (order < Mm.MAX_PAGE_ORDER) {
            int buddy = pfn ^ (1 << order);
            boolean mergeable = zone.spansPfn(buddy) && mm.isBuddy(buddy) && mm.order(buddy) == order
                    && (order < Mm.PAGEBLOCK_ORDER || (MigrateType.isMergeable(mt)
                    && MigrateType.isMergeable(mm.pageblockMigratetype(buddy))) || mt == mm.pageblockMigratetype(buddy));
            require(!mergeable, zone + ": free buddies " + pfn + " and " + buddy + " of order " + order + " were not merged");
        }
    }

    /** Every frame the zone spans: free, allocated (head with references and the rest of its block), reserved or leaked. */
    private static void checkEveryFrame(Machine m, Zone zone, BitSet free) {
        MemMap mm = m.memMap;
        long nonReserved = 0;
        int pfn = zone.zoneStartPfn;
        while (pfn < zone.zoneEndPfn()) {
            if (free.get(pfn)) {
                nonReserved++;
                pfn++;
                continue;
            }
            if (mm.test(pfn, PageFlags.PG_reserved)) {
                require(mm.refcount(pfn) > 0, "reserved page " + pfn + " has refcount " + mm.refcount(pfn));
                pfn++;
                continue;
            }
            if (m.badPage.isLeaked(pfn)) {
                nonReserved++;
                pfn++;
                continue;
            }
            boolean hugetlbFree = mm.hasPageType(pfn, PageType.PGTY_hugetlb);
            require(mm.refcount(pfn) > 0 || hugetlbFree, zone + ": page " + pfn + " is neither free, allocated, reserved"
                    + " nor leaked (refcount " + mm.refcount(pfn) + ", flags " + PageFlags.format(mm.flags(pfn)) + ")");
            require(!mm.test(pfn, PageFlags.PG_tail), zone + ": page " + pfn + " is a tail with no head before it");
            int n = 1 << mm.order(pfn);
            for (int i = 1; i < n; i++) {
                require(!free.get(pfn + i), zone + ": page " + (pfn + i) + " is free inside allocated block " + pfn);
                if (mm.test(pfn, PageFlags.PG_head)) {
                    require(mm.compoundHead(pfn + i) == pfn, "tail " + (pfn + i) + " points at " + mm.compoundHead(pfn + i));
                }
            }
            nonReserved += n;
            pfn += n;
        }
        require(nonReserved == zone.managedPages(),
                zone + ": managed " + zone.managedPages() + " but " + nonReserved + " frames are not reserved");
    }

    private static void markOnce(BitSet seen, int pfn, int n, String where) {
        for (int i = pfn; i < pfn + n; i++) {
            require(!seen.get(i), "page " + i + " is free twice (again on " + where + ")");
        }
        seen.set(pfn, pfn + n);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
