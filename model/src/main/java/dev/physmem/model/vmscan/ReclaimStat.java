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
    /** The swap writes of this batch, submitted together at its end. */
    dev.physmem.model.swap.SwapCache.Plug swapPlug;
}
