package dev.physmem.model.testing;

import dev.physmem.model.machine.Machine;
import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.page.PageFlags;
import dev.physmem.model.vmscan.LruList;
import dev.physmem.model.vmscan.Lruvec;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.ZoneStatItem;
import java.util.BitSet;

/**
 * The LRU laws on a quiescent machine: every folio on an LRU list is an allocated folio head with
 * PG_lru whose flags name that list, on its own node's lists, on exactly one list once; every frame
 * with PG_lru is on a list; and list sizes equal the node's NR_INACTIVE_ANON.. counters and, per zone,
 * NR_ZONE_INACTIVE_ANON.. .
 */
public final class LruInvariants {
    private LruInvariants() {}

    public static void check(Machine m) {
        MemMap mm = m.memMap;
        m.vmStat.refresh();
        BitSet onList = new BitSet(mm.endPfn());
        long[][] zonePages = new long[m.zones.size()][LruList.NR_LRU_LISTS];
        for (int nid = 0; nid < m.lru.nrNodes(); nid++) {
            Lruvec lruvec = m.lru.lruvec(nid);
            synchronized (lruvec.lruLock) {
                for (int lru = 0; lru < LruList.NR_LRU_LISTS; lru++) {
                    long pages = 0;
                    for (int f = lruvec.first(lru); f != MemMap.NONE; f = lruvec.next(f)) {
                        require(!onList.get(f), "folio " + f + " is on two LRU lists (again on " + LruList.name(lru) + ")");
                        onList.set(f);
                        require(mm.test(f, PageFlags.PG_lru), "folio " + f + " on " + LruList.name(lru) + " lacks PG_lru");
                        require(!mm.test(f, PageFlags.PG_tail), "tail page " + f + " on an LRU list");
                        require(mm.refcount(f) > 0, "folio " + f + " on an LRU list has refcount " + mm.refcount(f));
                        require(LruList.folioLruList(mm, f) == lru, "folio " + f + " with flags "
                                + PageFlags.format(mm.flags(f)) + " is on " + LruList.name(lru));
                        require(mm.nid(f) == nid, "folio " + f + " of node " + mm.nid(f) + " on node " + nid + "'s LRU");
                        int nr = m.folios.folioNrPages(f);
                        pages += nr;
                        zonePages[m.pageAlloc.pageZone(f).id][lru] += nr;
                    }
                    require(pages == lruvec.lruSize(lru), "node " + nid + " " + LruList.name(lru) + ": lists hold "
                            + pages + " pages, size says " + lruvec.lruSize(lru));
                    long counter = lruvec.node.pageState(NodeStatItem.NR_INACTIVE_ANON + lru);
                    require(pages == counter, "node " + nid + " nr_" + LruList.name(lru) + " = " + counter
                            + " but the list holds " + pages);
                }
            }
        }
        for (Zone z : m.zones) {
            for (int lru = 0; lru < LruList.NR_LRU_LISTS; lru++) {
                long counter = z.pageState(ZoneStatItem.NR_ZONE_INACTIVE_ANON + lru);
                require(counter == zonePages[z.id][lru], z + ": nr_zone_" + LruList.name(lru) + " = " + counter
                        + " but its lists hold " + zonePages[z.id][lru]);
            }
            for (int pfn = z.zoneStartPfn; pfn < z.zoneEndPfn(); pfn++) {
                if (mm.test(pfn, PageFlags.PG_lru)) {
                    require(onList.get(pfn), "page " + pfn + " has PG_lru but is on no list");
                }
            }
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
