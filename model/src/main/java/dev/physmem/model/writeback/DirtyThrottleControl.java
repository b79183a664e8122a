package dev.physmem.model.writeback;

/**
 * {@code struct dirty_throttle_control} (mm/page-writeback.c) for the global domain: the figures one
 * balance_dirty_pages() round works from, in pages. {@code posRatio} is fixed point with
 * RATELIMIT_CALC_SHIFT (1.0 = 1024).
 */
public final class DirtyThrottleControl {
    BdiWriteback wb;
    public long avail;
    public long dirty;
    public long thresh;
    public long bgThresh;
    public long limit;
    public long wbDirty;
    public long wbThresh;
    public long wbBgThresh;
    public long posRatio;
    public boolean freerun;
    public boolean dirtyExceeded;
    /** The device's share of recent writeout, fracNum / fracDen (scratch for __wb_calc_thresh). */
    long fracNum;
    long fracDen;
    /** nr_dirtied_pause wb_min_pause() chose (scratch). */
    long nrDirtiedPause;
}
