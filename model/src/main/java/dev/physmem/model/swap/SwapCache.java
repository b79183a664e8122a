package dev.physmem.model.swap;

import dev.physmem.model.alloc.PageAlloc;
import dev.physmem.model.page.Folios;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.page.PageFlags;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.VmEventItem;
import dev.physmem.model.vmstat.VmStat;
import dev.physmem.model.writeback.Bio;
import dev.physmem.model.writeback.BlockDevice;
import dev.physmem.model.writeback.PageWriteback;
import dev.physmem.model.writeback.PfnLongMap;

/**
 * The swap cache and swap-out I/O (mm/swap_state.c, mm/page_io.c): an anonymous folio reclaim wants
 * to evict gets a swap slot and enters the swap cache (which holds one reference per page, like the
 * page cache, and counts in NR_SWAPCACHE / SwapCached:), is written to the swap area on the disk
 * (PG_writeback, pswpout), and once clean and unmapped leaves the cache and is freed; its page-table
 * entries then hold the slot (see {@code Rmap}). There is no swap-in: nothing the simulator observes
 * touches swapped-out memory again.
 */
public final class SwapCache {
    private final SwapInfo si;
    private final MemMap memMap;
    private final Folios folios;
    private final PageAlloc pageAlloc;
    private final VmStat vmStat;
    private final BlockDevice disk;
    private final PageWriteback pageWriteback;
    /** folio->swap: the slot of every folio in the swap cache. */
    private final PfnLongMap slots = new PfnLongMap();
    private long nrFolios;

    public SwapCache(SwapInfo si, MemMap memMap, Folios folios, PageAlloc pageAlloc, VmStat vmStat, BlockDevice disk,
                     PageWriteback pageWriteback) {
        this.si = si;
        this.memMap = memMap;
        this.folios = folios;
        this.pageAlloc = pageAlloc;
        this.vmStat = vmStat;
        this.disk = disk;
        this.pageWriteback = pageWriteback;
    }

    public SwapInfo swapInfo() {
        return si;
    }

    /** Every request of the swap device is taken: a swap-out now would have to wait. */
    public boolean congested() {
        return disk.congested();
    }

    /** Runs {@code wakeup} when the swap device frees a request; false if one is free now. */
    public boolean waitForRequest(Runnable wakeup) {
        return disk.waitForTag(wakeup);
    }

    /** The slot of a folio in the swap cache, or -1. */
    public synchronized int slotOf(int folio) {
        return (int) slots.get(folio);
    }

    /**
     * add_to_swap(): a slot for the folio, which joins the swap cache (its references, PG_swapcache,
     * NR_SWAPCACHE) and is marked dirty so that reclaim writes it out. False if swap is full. The caller
     * has the folio isolated.
     */
    public boolean addToSwap(int folio) {
        int slot = si.allocSlot();
        if (slot < 0) {
            return false;
        }
        int nr = folios.folioNrPages(folio);
        synchronized (this) {
            slots.put(folio, slot);
            nrFolios++;
        }
        folios.folioRefAdd(folio, nr);
        memMap.set(folio, PageFlags.PG_swapcache);
        // add_to_swap_cache() counts the folio as file pages too (meminfo's Cached: subtracts SwapCached).
        vmStat.modNodePageState(pageAlloc.pageZone(folio).node, NodeStatItem.NR_FILE_PAGES, nr);
        vmStat.modNodePageState(pageAlloc.pageZone(folio).node, NodeStatItem.NR_SWAPCACHE, nr);
        // swap_dirty_folio(): anonymous dirt is not accounted as NR_FILE_DIRTY.
        memMap.set(folio, PageFlags.PG_dirty);
        return true;
    }

    /**
     * swap_writeout(): the folio is queued for its slot in the reclaimer's plug, where writes to
     * consecutive slots merge into one request; PG_reclaim is set so its end of writeback rotates it
     * to the inactive tail, where reclaim finds it clean.
     */
    public void swapWriteout(int folio, Plug plug) {
        memMap.set(folio, PageFlags.PG_reclaim);
        memMap.clear(folio, PageFlags.PG_dirty);
        pageWriteback.folioStartWriteback(null, folio);
        folios.folioGet(folio);
        int nr = folios.folioNrPages(folio);
        vmStat.countVmEvents(VmEventItem.PSWPOUT, nr);
        vmStat.modNodePageState(pageAlloc.pageZone(folio).node, NodeStatItem.NR_VMSCAN_WRITE, nr);
        plug.add(folio, slotOf(folio), nr);
    }

    /** A new plug for one reclaim batch (blk_start_plug()). */
    public Plug plug() {
        return new Plug();
    }

    /**
     * {@code struct swap_iocb} under a block plug: swap writes collected during one shrink_folio_list()
     * and submitted as few requests as their slots allow, when the batch ends (swap_write_unplug()).
     */
    public final class Plug {
        private Bio bio;

        private Plug() {
        }

        void add(int folio, long slot, int nr) {
            if (bio != null && !bio.add(folio, slot, nr)) {
                finish();
            }
            if (bio == null) {
                bio = new Bio(true, null, 0, SwapCache.this::endSwapWrite);
                bio.add(folio, slot, nr);
            }
        }

        /** blk_finish_plug(): submit what is pending. */
        public void finish() {
            if (bio != null) {
                disk.submitBio(bio);
                bio = null;
            }
        }
    }

    private void endSwapWrite(Bio bio) {
        for (int i = 0; i < bio.nrFolios(); i++) {
            int folio = bio.folio(i);
            pageWriteback.folioEndWriteback(null, null, folio);
            folios.folioPut(folio);
        }
    }

    /**
     * __remove_mapping() for the swap cache: a clean, idle, unmapped folio that only the cache and the
     * reclaimer hold leaves it; its slot stays with the page-table entries that point to it.
     */
    public boolean removeMappingForReclaim(int folio) {
        int nr = folios.folioNrPages(folio);
        if (folios.folioRefCount(folio) != nr + 1 || memMap.test(folio, PageFlags.PG_dirty)
                || memMap.test(folio, PageFlags.PG_writeback) || folios.folioMapped(folio)) {
            return false;
        }
        deleteFromSwapCache(folio);
        return true;
    }

    /** delete_from_swap_cache(): out of the cache; the cache's references and its hold on the slot go. */
    void deleteFromSwapCache(int folio) {
        int slot;
        synchronized (this) {
            slot = (int) slots.get(folio);
            slots.remove(folio);
            nrFolios--;
        }
        int nr = folios.folioNrPages(folio);
        memMap.clear(folio, PageFlags.PG_swapcache);
        vmStat.modNodePageState(pageAlloc.pageZone(folio).node, NodeStatItem.NR_FILE_PAGES, -nr);
        vmStat.modNodePageState(pageAlloc.pageZone(folio).node, NodeStatItem.NR_SWAPCACHE, -nr);
        si.freeCache(slot);
        folios.folioPutRefs(folio, nr);
    }

    /**
     * free_swap_cache() as unmapping releases a folio: once no page table maps it or points at its
     * slot, and no I/O holds it, the folio leaves the swap cache (folio_free_swap()).
     */
    public void freeSwapCache(int folio) {
        if (!memMap.test(folio, PageFlags.PG_swapcache) || folios.folioMapped(folio)
                || memMap.test(folio, PageFlags.PG_writeback)) {
            return;
        }
        int slot = slotOf(folio);
        if (slot >= 0 && si.swapCount(slot) == 0) {
            deleteFromSwapCache(folio);
        }
    }

    /**
     * __swap_cache_replace_folio(): migration moved the contents of {@code old} to {@code folio}, which
     * takes its slot; the caller moved the cache's references and PG_swapcache.
     */
    public synchronized void swapCacheReplaceFolio(int old, int folio) {
        long slot = slots.get(old);
        slots.remove(old);
        slots.put(folio, slot);
    }

    /** A page-table entry now holds the slot (try_to_unmap of a swap-cache folio). */
    public void swapDuplicate(int slot) {
        si.duplicate(slot);
    }

    /** free_swap_and_cache() for a zapped swap entry. */
    public void swapFree(int slot) {
        si.free(slot);
    }

    /** Folios in the swap cache. */
    public synchronized long nrFolios() {
        return nrFolios;
    }
}
