package dev.physmem.model.writeback;

import dev.physmem.model.time.Scheduler;

/**
 * What mm/page-writeback.c learns about a device while it writes (wb_update_write_bandwidth,
 * wb_update_dirty_ratelimit, __wb_update_bandwidth): its write bandwidth, smoothed over a 3 s window,
 * and the base rate at which one task may dirty pages ({@code dirty_ratelimit}) so that the dirtiers
 * together match what the device writes. All rates are in pages per second; times in jiffies.
 */
public final class WbBandwidth {
    /** RATELIMIT_CALC_SHIFT: pos_ratio and friends are fixed point with 10 fraction bits. */
    static final int RATELIMIT_CALC_SHIFT = 10;
    /** WB_BANDWIDTH_IDLE_JIF: after a second without writeback the estimate restarts. */
    static final long WB_BANDWIDTH_IDLE_JIF = Scheduler.HZ;

    private final Scheduler clock;
    private final WbDomain domain;

    public WbBandwidth(Scheduler clock, WbDomain domain) {
        this.clock = clock;
        this.domain = domain;
    }

    /** wb_bandwidth_estimate_start(): a device idle for a second starts a fresh sample. */
    void bandwidthEstimateStart(BdiWriteback wb) {
        long now = clock.jiffies();
        if (now - wb.bwTimeStamp > WB_BANDWIDTH_IDLE_JIF && wb.bdev.inflightRequests() == 0) {
            synchronized (wb.listLock) {
                wb.dirtiedStamp = wb.stat(BdiWriteback.WB_DIRTIED);
                wb.writtenStamp = wb.stat(BdiWriteback.WB_WRITTEN);
                wb.bwTimeStamp = now;
            }
        }
    }

    /** wb_update_bandwidth(): the write bandwidth only (from do_writepages and I/O completion). */
    void updateBandwidth(BdiWriteback wb) {
        wbUpdateBandwidth(wb, null);
    }

    /** __wb_update_bandwidth(): with a control, also the dirty limit and the dirty rate limit. */
    void wbUpdateBandwidth(BdiWriteback wb, DirtyThrottleControl gdtc) {
        long now = clock.jiffies();
        synchronized (wb.listLock) {
            long elapsed = Math.max(now - wb.bwTimeStamp, 1);
            long dirtied = wb.stat(BdiWriteback.WB_DIRTIED);
            long written = wb.stat(BdiWriteback.WB_WRITTEN);
            if (gdtc != null) {
                domain.updateDirtyLimit(gdtc.thresh, gdtc.dirty, now);
                updateDirtyRatelimit(wb, gdtc, dirtied, elapsed);
            }
            updateWriteBandwidth(wb, elapsed, written);
            wb.dirtiedStamp = dirtied;
            wb.writtenStamp = written;
            wb.bwTimeStamp = now;
        }
    }

    /**
     * wb_update_write_bandwidth(): the rate of this sample blended into a 3 s (rounded up to a power of
     * two of jiffies) running average, then smoothed once more against sudden spikes.
     */
    private static void updateWriteBandwidth(BdiWriteback wb, long elapsed, long written) {
        long period = roundupPowOfTwo(3L * Scheduler.HZ);
        long avg = wb.avgWriteBandwidth;
        long old = wb.writeBandwidth;
        long bw = (written - Math.min(written, wb.writtenStamp)) * Scheduler.HZ;
        if (elapsed > period) {
            bw = bw / elapsed;
            avg = bw;
        } else {
            bw += old * (period - elapsed);
            bw >>>= ilog2(period);
            if (avg > old && old >= bw) {
                avg -= (avg - old) >> 3;
            }
            if (avg < old && old <= bw) {
                avg += (old - avg) >> 3;
            }
        }
        wb.writeBandwidth = bw;
        wb.avgWriteBandwidth = Math.max(avg, 1);
    }

    /**
     * wb_update_dirty_ratelimit(): move the base rate toward write_bw / (number of dirtiers), estimated
     * as task_ratelimit * write_bw / dirty_rate, in steps that shrink as it gets close.
     */
    private static void updateDirtyRatelimit(BdiWriteback wb, DirtyThrottleControl dtc, long dirtied, long elapsed) {
        long dirty = dtc.dirty;
        long freerun = (dtc.thresh + dtc.bgThresh) / 2;
        long limit = Math.max(dtc.thresh, dtc.limit);
        long setpoint = (freerun + limit) / 2;
        long writeBw = wb.avgWriteBandwidth;
        long dirtyRatelimit = wb.dirtyRatelimit;
        long dirtyRate = (dirtied - wb.dirtiedStamp) * Scheduler.HZ / elapsed;
        long taskRatelimit = (dirtyRatelimit * dtc.posRatio >> RATELIMIT_CALC_SHIFT) + 1;
        long balanced = taskRatelimit * writeBw / (dirtyRate | 1);
        if (balanced > writeBw) {
            balanced = writeBw;
        }
        long step = 0;
        if (dirty < setpoint) {
            long x = Math.min(Math.min(wb.balancedDirtyRatelimit, balanced), taskRatelimit);
            if (dirtyRatelimit < x) {
                step = x - dirtyRatelimit;
            }
        } else {
            long x = Math.max(Math.max(wb.balancedDirtyRatelimit, balanced), taskRatelimit);
            if (dirtyRatelimit > x) {
                step = dirtyRatelimit - x;
            }
        }
        long shift = dirtyRatelimit / (2 * step + 1);
        step = shift < Long.SIZE ? ((step >> shift) + 7) / 8 : 0;
        if (dirtyRatelimit < balanced) {
            dirtyRatelimit += step;
        } else {
            dirtyRatelimit -= step;
        }
        wb.dirtyRatelimit = Math.max(dirtyRatelimit, 1);
        wb.balancedDirtyRatelimit = balanced;
    }

    static long roundupPowOfTwo(long x) {
        return x <= 1 ? 1 : Long.highestOneBit(x - 1) << 1;
    }

    static int ilog2(long x) {
        return 63 - Long.numberOfLeadingZeros(x);
    }
}
