package dev.physmem.model.vmscan;

import dev.physmem.model.Mm;

/**
 * {@code struct scan_control} (mm/vmscan.c): what one reclaim pass may do and what it found.
 * {@code nr*} are the per-pass totals shrink_node() judges the node by.
 */
final class ScanControl {
    /** DEF_PRIORITY: the first pass scans 1/4096 of each list. */
    static final int DEF_PRIORITY = 12;

    long nrToReclaim = Mm.SWAP_CLUSTER_MAX;
    int gfpMask;
    int order;
    int priority = DEF_PRIORITY;
    int reclaimIdx;
    boolean mayWritepage;
    boolean mayUnmap = true;
    boolean maySwap;
    /** current_is_kswapd(). */
    boolean kswapd;
    boolean mayDeactivateAnon;
    boolean mayDeactivateFile;
    boolean cacheTrimMode;

    long nrScanned;
    long nrReclaimed;
    /**
     * The disk had no free request for a swap-out: the kernel's reclaimer would sleep in submit_bio()
     * until one completes; the simulator's stops the pass.
     */
    boolean ioCongested;

    // sc->nr: summed over the node's inactive lists in one shrink_node().
    long nrDirty;
    long nrUnqueuedDirty;
    long nrWriteback;
    long nrImmediate;
    long nrTaken;
    long nrFileTaken;

    void resetNr() {
        nrDirty = 0;
        nrUnqueuedDirty = 0;
        nrWriteback = 0;
        nrImmediate = 0;
        nrTaken = 0;
        nrFileTaken = 0;
    }

    /** reclaimer_offset(): kswapd's counters, or direct reclaim's. */
    int reclaimerOffset() {
        return kswapd ? 0 : 1;
    }
}
