package dev.physmem.model.vmscan;

/** {@code struct reclaim_stat}: what shrink_folio_list() did with one batch of isolated folios. */
final class ReclaimStat {
    long nrDirty;
    long nrUnqueuedDirty;
    long nrCongested;
    long nrWriteback;
    long nrImmediate;
    long nrActivateAnon;
    long nrActivateFile;
    long nrRefKeep;
    long nrReclaimed;
    /** shrink_folio_list()'s free_folios: reclaimed folios go back to the allocator a batch at a time. */
    final dev.physmem.model.page.FolioBatch freeFolios = new dev.physmem.model.page.FolioBatch();
    /** The swap writes of this batch, submitted together at its end. */
    dev.physmem.model.swap.SwapCache.Plug swapPlug;
}
