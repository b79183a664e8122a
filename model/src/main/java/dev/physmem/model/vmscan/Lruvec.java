package dev.physmem.model.vmscan;

import static dev.physmem.model.vmscan.LruList.NR_LRU_LISTS;

import dev.physmem.model.alloc.PageAlloc;
import dev.physmem.model.cpu.Cpu;
import dev.physmem.model.cpu.Cpus;
import dev.physmem.model.mmzone.Node;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.page.PageLists;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.VmStat;
import dev.physmem.model.vmstat.ZoneStatItem;

/**
 * {@code struct lruvec} of one node (no memory cgroups): the five LRU lists threaded through the
 * folios' lru links, the lru_lock, and the list sizes in pages. Adding and removing keeps the node's
 * NR_INACTIVE_ANON.. and the zones' NR_ZONE_INACTIVE_ANON.. counters in step (update_lru_size()).
 * Folios are added at the head; reclaim takes from the tail.
 */
public final class Lruvec {
    public final Node node;
    /** lruvec->lru_lock. Order: mapping lock, then this, then a CPU lock, then a zone lock. */
    public final Object lruLock = new Object();
    final PageLists lists;
    private final long[] nrPages = new long[NR_LRU_LISTS];
    private final MemMap memMap;
    private final PageAlloc pageAlloc;
    private final VmStat vmStat;
    private final Cpus cpus;

    /** Node reclaim state (pgdat->flags, lruvec->flags). */
    volatile boolean pgdatDirty;
    volatile boolean pgdatWriteback;

    Lruvec(Node node, MemMap memMap, PageAlloc pageAlloc, VmStat vmStat, Cpus cpus) {
        this.node = node;
        this.memMap = memMap;
        this.pageAlloc = pageAlloc;
        this.vmStat = vmStat;
        this.cpus = cpus;
        this.lists = new PageLists(memMap, NR_LRU_LISTS);
    }

    /** lruvec_add_folio(): onto the head of the list its flags name. Caller holds lruLock. */
    void addFolio(int folio, int nr) {
        addFolio(folio, nr, cpus.current());
    }

    void addFolio(int folio, int nr, Cpu cpu) {
        int lru = LruList.folioLruList(memMap, folio);
        lists.addHead(lru, folio);
        updateLruSize(lru, folio, nr, cpu);
    }

    /** lruvec_add_folio_tail(). Caller holds lruLock. */
    void addFolioTail(int folio, int nr) {
        int lru = LruList.folioLruList(memMap, folio);
        lists.addTail(lru, folio);
        updateLruSize(lru, folio, nr, cpus.current());
    }

    /** lruvec_del_folio(): the folio's flags must still name the list it is on. Caller holds lruLock. */
    void delFolio(int folio, int nr) {
        delFolio(folio, nr, cpus.current());
    }

    void delFolio(int folio, int nr, Cpu cpu) {
        int lru = LruList.folioLruList(memMap, folio);
        lists.remove(lru, folio);
        updateLruSize(lru, folio, -nr, cpu);
    }

    /** update_lru_size(): the list's own count and the node and zone counters. */
    private void updateLruSize(int lru, int folio, long nr, Cpu cpu) {
        nrPages[lru] += nr;
        cpu.lock();
        try {
            vmStat.__modNodePageState(cpu, node, NodeStatItem.NR_INACTIVE_ANON + lru, nr);
            vmStat.__modZonePageState(cpu, pageAlloc.pageZone(folio), ZoneStatItem.NR_ZONE_INACTIVE_ANON + lru, nr);
        } finally {
            cpu.unlock();
        }
    }

    /** lruvec_lru_size() for the whole node, in pages. */
    public long lruSize(int lru) {
        synchronized (lruLock) {
            return nrPages[lru];
        }
    }

    /** Folio heads on the list, from head (newest) to tail; for checkers, under lruLock. */
    public int first(int lru) {
        return lists.first(lru);
    }

    public int next(int folio) {
        return memMap.next(folio);
    }

    public long entries(int lru) {
        return lists.length(lru);
    }

    long nrPagesLocked(int lru) {
        return nrPages[lru];
    }
}
