package dev.physmem.model.writeback;

import dev.physmem.model.time.Scheduler;

/**
 * {@code global_wb_domain} (mm/page-writeback.c): the hard dirty limit that follows the threshold
 * down slowly ({@code dirty_limit}), and the writeout completions of every device as flexible
 * proportions (lib/flex_proportions.c) from which each device gets its share of the threshold. A
 * period is VM_COMPLETIONS_PERIOD_LEN (3 s); at each one the counts halve, so the share follows the
 * recent past. The kernel advances periods from a timer; here they are caught up on each access,
 * which gives the same numbers.
 */
public final class WbDomain {
    static final long VM_COMPLETIONS_PERIOD_LEN = 3L * Scheduler.HZ;

    private long events;
    private int period;
    /** Jiffies at which the next period starts; 0 when no completion started the clock. */
    private long periodTime;
    private volatile long dirtyLimit;
    private long dirtyLimitTstamp;

    /** dom->dirty_limit: never below the threshold, and coming down from a higher one by 1/32 per 200 ms. */
    public long dirtyLimit() {
        return dirtyLimit;
    }

    synchronized void setDirtyLimit(long limit) {
        dirtyLimit = limit;
    }

    /** update_dirty_limit() via domain_update_dirty_limit(): at most once per BANDWIDTH_INTERVAL. */
    synchronized void updateDirtyLimit(long thresh, long dirty, long jiffies) {
        if (jiffies < dirtyLimitTstamp + BalanceDirtyPages.BANDWIDTH_INTERVAL) {
            return;
        }
        long limit = dirtyLimit;
        if (limit < thresh) {
            limit = thresh;
        } else {
            long target = Math.max(thresh, dirty);
            if (limit > target) {
                limit -= (limit - target) >> 5;
            }
        }
        dirtyLimit = limit;
        dirtyLimitTstamp = jiffies;
    }

    /** wb_domain_writeout_add(): {@code nr} pages of {@code wb} finished writeback. */
    synchronized void writeoutAdd(BdiWriteback wb, long nr, long jiffies) {
        catchUp(jiffies);
        reflectPeriod(wb);
        wb.completions += nr;
        events += nr;
        if (periodTime == 0) {
            periodTime = jiffies + VM_COMPLETIONS_PERIOD_LEN;
        }
    }

    /**
     * fprop_fraction_percpu(): the device's share of recent completions, into {@code dtc.fracNum} /
     * {@code dtc.fracDen}; 0/1 before the first completion.
     */
    synchronized void fraction(BdiWriteback wb, long jiffies, DirtyThrottleControl dtc) {
        catchUp(jiffies);
        reflectPeriod(wb);
        long num = Math.max(0, wb.completions);
        long den = Math.max(0, events);
        if (den <= num) {
            den = num != 0 ? num : 1;
        }
        dtc.fracNum = num;
        dtc.fracDen = den;
    }

    /** writeout_period() for every period that ended by {@code jiffies}. */
    private void catchUp(long jiffies) {
        if (periodTime == 0 || jiffies < periodTime) {
            return;
        }
        int missed = (int) Math.min(64, (jiffies - periodTime) / VM_COMPLETIONS_PERIOD_LEN);
        if (newPeriod(missed + 1)) {
            periodTime += (missed + 1) * VM_COMPLETIONS_PERIOD_LEN;
            if (periodTime <= jiffies) {
                periodTime = jiffies + VM_COMPLETIONS_PERIOD_LEN;
            }
        } else {
            periodTime = 0;
        }
    }

    /** fprop_new_period(): the counts halve once per elapsed period; nothing to do with no events. */
    private boolean newPeriod(int periods) {
        if (events <= 1) {
            return false;
        }
        events = periods < 64 ? events >> periods : 0;
        period += periods;
        return true;
    }

    /** fprop_reflect_period_percpu(): a device's count catches up with the periods it missed. */
    private void reflectPeriod(BdiWriteback wb) {
        int missed = period - wb.completionsPeriod;
        if (missed == 0) {
            return;
        }
        wb.completions = missed < 64 ? wb.completions >> missed : 0;
        wb.completionsPeriod = period;
    }
}
