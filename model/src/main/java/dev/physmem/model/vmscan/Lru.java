package dev.physmem.model.vmscan;

import dev.physmem.model.alloc.PageAlloc;
import dev.physmem.model.cpu.Cpu;
import dev.physmem.model.cpu.Cpus;
import dev.physmem.model.mmzone.Node;
import dev.physmem.model.page.FolioBatch;
import dev.physmem.model.page.Folios;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.page.PageFlags;
import dev.physmem.model.vmstat.VmEventItem;
import dev.physmem.model.vmstat.VmStat;
import java.util.List;

/**
 * The LRU half of mm/swap.c: putting folios on their node's LRU, the two-step promotion of
 * {@code folio_mark_accessed()}, rotation of reclaimable folios after writeback, and taking a dying
 * folio off its list ({@code __page_cache_release}, installed as the folio release hook). The kernel
 * gathers these moves in per-CPU folio batches to save lock round trips; the simulator applies each
 * at once under the node's lru_lock, so a folio is never "on its way" to a list.
 */
public final class Lru {
    private final Lruvec[] lruvecs;
    private final MemMap memMap;
    private final Folios folios;
    private final VmStat vmStat;
    private final Cpus cpus;

    public Lru(List<Node> nodes, MemMap memMap, PageAlloc pageAlloc, VmStat vmStat, Cpus cpus, Folios folios) {
        this.memMap = memMap;
        this.folios = folios;
        this.vmStat = vmStat;
        this.cpus = cpus;
        lruvecs = new Lruvec[nodes.size()];
        for (Node n : nodes) {
            lruvecs[n.nid] = new Lruvec(n, memMap, pageAlloc, vmStat, cpus);
        }
        folios.setLruRelease(this::pageCacheRelease, this::pageCacheReleaseBatch);
    }

    public Lruvec lruvec(int nid) {
        return lruvecs[nid];
    }

    public int nrNodes() {
        return lruvecs.length;
    }

    /** folio_lruvec(). */
    public Lruvec folioLruvec(int folio) {
        return lruvecs[memMap.nid(folio)];
    }

    /** folio_add_lru() + lru_add(): onto the list its flags name (inactive unless PG_active). */
    public void folioAddLru(int folio) {
        folioAddLru(folio, cpus.current());
    }

    /** folio_add_lru() by a caller that already knows its CPU. */
    public void folioAddLru(int folio, Cpu cpu) {
        Lruvec lruvec = folioLruvec(folio);
        int nr = folios.folioNrPages(folio);
        synchronized (lruvec.lruLock) {
            memMap.set(folio, PageFlags.PG_lru);
            lruvec.addFolio(folio, nr, cpu);
        }
    }

    /**
     * folio_mark_accessed(): the first access sets PG_referenced; a second one on an inactive folio
     * activates it and clears the flag.
     */
    public void folioMarkAccessed(int folio) {
        if (!memMap.test(folio, PageFlags.PG_referenced)) {
            memMap.set(folio, PageFlags.PG_referenced);
        } else if (memMap.test(folio, PageFlags.PG_unevictable)) {
            // The unevictable list is never rotated: accesses do not matter there.
            return;
        } else if (!memMap.test(folio, PageFlags.PG_active)) {
            folioActivate(folio);
            memMap.clear(folio, PageFlags.PG_referenced);
        }
    }

    /** folio_activate() + lru_activate(): an inactive folio on an LRU moves to the active list. */
    public void folioActivate(int folio) {
        Lruvec lruvec = folioLruvec(folio);
        int nr = folios.folioNrPages(folio);
        synchronized (lruvec.lruLock) {
            if (!memMap.test(folio, PageFlags.PG_lru) || memMap.test(folio, PageFlags.PG_active)
                    || memMap.test(folio, PageFlags.PG_unevictable)) {
                return;
            }
            lruvec.delFolio(folio, nr);
            memMap.set(folio, PageFlags.PG_active);
            lruvec.addFolio(folio, nr);
        }
        vmStat.countVmEvents(VmEventItem.PGACTIVATE, nr);
    }

    /**
     * folio_rotate_reclaimable() + lru_move_tail(): a folio reclaim wanted but found under writeback
     * goes to the tail of the inactive list once its I/O is done, to be reclaimed first.
     */
    public void folioRotateReclaimable(int folio) {
        if (memMap.test(folio, PageFlags.PG_locked) || memMap.test(folio, PageFlags.PG_dirty)
                || memMap.test(folio, PageFlags.PG_unevictable) || !memMap.test(folio, PageFlags.PG_lru)) {
            return;
        }
        Lruvec lruvec = folioLruvec(folio);
        int nr = folios.folioNrPages(folio);
        synchronized (lruvec.lruLock) {
            if (!memMap.test(folio, PageFlags.PG_lru) || memMap.test(folio, PageFlags.PG_unevictable)) {
                return;
            }
            lruvec.delFolio(folio, nr);
            memMap.clear(folio, PageFlags.PG_active);
            lruvec.addFolioTail(folio, nr);
        }
        vmStat.countVmEvents(VmEventItem.PGROTATED, nr);
    }

    /**
     * folio_isolate_lru() (mm/vmscan.c): takes the folio off its LRU list with a reference of its own,
     * for a caller that already holds one; false if another isolator (reclaim, compaction) got there
     * first. The caller accounts NR_ISOLATED_*.
     */
    public boolean folioIsolateLru(int folio) {
        Lruvec lruvec = folioLruvec(folio);
        synchronized (lruvec.lruLock) {
            if (!memMap.testAndClear(folio, PageFlags.PG_lru)) {
                return false;
            }
            folios.folioGet(folio);
            lruvec.delFolio(folio, folios.folioNrPages(folio));
        }
        return true;
    }

    /** folio_putback_lru(): an isolated folio goes back on the list its flags name; the isolation reference goes. */
    public void folioPutbackLru(int folio) {
        folioAddLru(folio);
        folios.folioPut(folio);
    }

    /** __page_cache_release(): the last reference is gone; take the folio off its list. */
    void pageCacheRelease(int folio) {
        Lruvec lruvec = folioLruvec(folio);
        synchronized (lruvec.lruLock) {
            releaseLocked(lruvec, folio, cpus.current());
        }
    }

    /**
     * __page_cache_release() for the dying folios of a batch (folios_put_refs): one lru_lock, and one CPU
     * lock for the list counters, per run of folios on one node.
     */
    void pageCacheReleaseBatch(FolioBatch batch) {
        Cpu cpu = cpus.current();
        int n = batch.count();
        int i = 0;
        while (i < n) {
            if (!memMap.test(batch.folio(i), PageFlags.PG_lru)) {
                i++;
                continue;
            }
            Lruvec lruvec = folioLruvec(batch.folio(i));
            synchronized (lruvec.lruLock) {
                cpu.lock();
                try {
                    for (; i < n && folioLruvec(batch.folio(i)) == lruvec; i++) {
                        releaseLocked(lruvec, batch.folio(i), cpu);
                    }
                } finally {
                    cpu.unlock();
                }
            }
        }
    }

    /** The body of __page_cache_release(): off the list, if still on one. Caller holds lruvec's lru_lock. */
    private void releaseLocked(Lruvec lruvec, int folio, Cpu cpu) {
        if (memMap.test(folio, PageFlags.PG_lru)) {
            lruvec.delFolio(folio, folios.folioNrPages(folio), cpu);
            clearLruFlags(folio);
        }
    }

    /**
     * __folio_clear_lru_flags() (include/linux/mm_inline.h): non-atomic, as the last reference is gone and
     * nobody else can see the flags; a folio both active and unevictable keeps them for bad_page().
     */
    void clearLruFlags(int folio) {
        memMap.clearNonAtomic(folio, PageFlags.PG_lru);
        if (memMap.test(folio, PageFlags.PG_active) && memMap.test(folio, PageFlags.PG_unevictable)) {
            return;
        }
        memMap.clearNonAtomic(folio, PageFlags.PG_active);
        memMap.clearNonAtomic(folio, PageFlags.PG_unevictable);
    }
}
