package dev.physmem.model.writeback;

import static dev.physmem.model.writeback.WbBandwidth.RATELIMIT_CALC_SHIFT;
import static dev.physmem.model.writeback.WbBandwidth.ilog2;
import static dev.physmem.model.writeback.WbBandwidth.roundupPowOfTwo;

import dev.physmem.model.Mm;
import dev.physmem.model.cpu.Cpu;
import dev.physmem.model.cpu.Cpus;
import dev.physmem.model.time.Scheduler;
import dev.physmem.model.trace.Tracepoints;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.VmStat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writer throttling (mm/page-writeback.c: balance_dirty_pages_ratelimited, balance_dirty_pages). A
 * task that dirtied {@code nr_dirtied_pause} pages looks at the dirty state: below the freerun ceiling
 * {@code (thresh + bg_thresh) / 2} it goes on; above it, it is paused so that it dirties at
 * {@code task_ratelimit = dirty_ratelimit * pos_ratio} pages per second, where pos_ratio is the
 * kernel's cubic control line — 2 at freerun, 1 at the setpoint, 0 at the limit — corrected for the
 * device's share. Pauses are capped at MAX_PAUSE (200 ms); at the limit every look costs that much.
 *
 * <p>The simulator never blocks the caller: the pause is returned, in simulated nanoseconds, for the
 * caller to sleep or record, and the task's state assumes it was slept.
 */
public final class BalanceDirtyPages {
    /** MAX_PAUSE: max(HZ/5, 1) jiffies, 200 ms. */
    public static final long MAX_PAUSE = Math.max(Scheduler.HZ / 5, 1);
    /** DIRTY_POLL_THRESH: 128 KB worth of pages. */
    static final int DIRTY_POLL_THRESH = 128 >> (Mm.PAGE_SHIFT - 10);
    /** BANDWIDTH_INTERVAL: estimates are refreshed every 200 ms. */
    static final long BANDWIDTH_INTERVAL = Math.max(Scheduler.HZ / 5, 1);
    /** The dirty_exceeded ratelimit: 32 KB worth of pages. */
    static final int DIRTY_EXCEEDED_RATELIMIT = 32 >> (Mm.PAGE_SHIFT - 10);

    private final DirtyLimits limits;
    private final WbDomain domain;
    private final WbBandwidth bandwidth;
    private final PageWriteback pageWriteback;
    private final VmStat vmStat;
    private final Cpus cpus;
    private final Scheduler clock;
    private final Tracepoints trace;
    private final ThreadLocal<DirtyThrottleTask> tasks = ThreadLocal.withInitial(DirtyThrottleTask::new);
    /** ratelimit_pages: a CPU dirtying this many pages makes its next dirtier look at the limits. */
    private volatile long ratelimitPages = 32;
    private final AtomicLong pauses = new AtomicLong();
    private final AtomicLong pausedNanos = new AtomicLong();

    public BalanceDirtyPages(DirtyLimits limits, WbDomain domain, WbBandwidth bandwidth, PageWriteback pageWriteback,
                             VmStat vmStat, Cpus cpus, Scheduler clock, Tracepoints trace) {
        this.limits = limits;
        this.domain = domain;
        this.bandwidth = bandwidth;
        this.pageWriteback = pageWriteback;
        this.vmStat = vmStat;
        this.cpus = cpus;
        this.clock = clock;
        this.trace = trace;
        writebackSetRatelimit();
        limits.addChangeListener(this::writebackSetRatelimit);
    }

    /** current: the calling thread's throttling state. */
    public DirtyThrottleTask current() {
        return tasks.get();
    }

    /** The calling thread throttles as {@code task} from now on: it runs calls for the thread {@code task} is. */
    public void setCurrent(DirtyThrottleTask task) {
        tasks.set(task);
    }

    /**
     * writeback_set_ratelimit(): the domain's limit restarts from the threshold and ratelimit_pages is
     * thresh / (CPUs * 32), at least 16, so all CPUs together overshoot by about 3% at most.
     */
    public void writebackSetRatelimit() {
        long thresh = limits.globalDirtyLimits().thresh();
        domain.setDirtyLimit(thresh);
        ratelimitPages = Math.max(16, thresh / (cpus.count() * 32L));
    }

    public long ratelimitPages() {
        return ratelimitPages;
    }

    /** Throttling pauses handed out, and their total length in simulated ns. */
    public long pauses() {
        return pauses.get();
    }

    public long pausedNanos() {
        return pausedNanos.get();
    }

    /**
     * balance_dirty_pages_ratelimited(): called once per page a write dirties. Cheap until the task or
     * its CPU dirtied enough to look again; returns the pause in simulated ns (0 for none).
     */
    public long balanceDirtyPagesRatelimited(BdiWriteback wb, DirtyThrottleTask task) {
        int ratelimit = task.nrDirtiedPause;
        if (wb.dirtyExceeded) {
            ratelimit = Math.min(ratelimit, DIRTY_EXCEEDED_RATELIMIT);
        }
        // bdp_ratelimits is per CPU and read with preemption off in the kernel; a lost update among
        // threads sharing a simulated CPU only moves the next look by a page.
        Cpu cpu = task.cpu;
        if (task.nrDirtied >= ratelimit) {
            pageWriteback.resetBdpRatelimit(cpu);
        } else if (pageWriteback.bdpRatelimit(cpu) >= ratelimitPages) {
            pageWriteback.resetBdpRatelimit(cpu);
            ratelimit = 0;
        }
        if (task.nrDirtied >= ratelimit && !stillPaused(task)) {
            return balanceDirtyPages(wb, task.nrDirtied, task);
        }
        return 0;
    }

    /**
     * The task is inside a pause it was charged but did not sleep (the agent's throttle=record or off):
     * the kernel would not be running it yet. It dirties on without another look until the pause is
     * over, so each stretch of time is charged once and not again for every page written meanwhile.
     */
    private boolean stillPaused(DirtyThrottleTask task) {
        return clock.jiffies() + task.callPause < task.pausedUntil;
    }

    /** One round of balance_dirty_pages(); the kernel loops while the pause is 0-rate, the caller re-enters. */
    long balanceDirtyPages(BdiWriteback wb, long pagesDirtied, DirtyThrottleTask task) {
        DirtyThrottleControl gdtc = task.gdtc;
        gdtc.wb = wb;
        long now = clock.jiffies() + task.callPause;
        // Pages the disk writes while the task sleeps the pauses already charged in this call.
        long credit = wb.avgWriteBandwidth * task.callPause / Scheduler.HZ;
        long nrDirty = Math.max(0, vmStat.globalNodePageState(NodeStatItem.NR_FILE_DIRTY) - credit);
        balanceDomainLimits(gdtc);
        gdtc.dirty = Math.max(0, gdtc.dirty - credit);
        gdtc.freerun = gdtc.dirty <= (gdtc.thresh + gdtc.bgThresh) / 2;
        if (nrDirty > gdtc.bgThresh && !wb.writebackInProgress()) {
            wb.flusher.wbStartBackgroundWriteback(wb);
        }
        if (gdtc.freerun) {
            freeRun(task, gdtc, now);
            return 0;
        }
        if (!wb.writebackInProgress()) {
            wb.flusher.wbStartBackgroundWriteback(wb);
        }
        wbDirtyLimits(gdtc);
        gdtc.wbDirty = Math.max(0, gdtc.wbDirty - credit);
        gdtc.dirtyExceeded = gdtc.wbDirty > gdtc.wbThresh && gdtc.dirty > gdtc.thresh;
        wbPositionRatio(gdtc);
        wb.dirtyExceeded = gdtc.dirtyExceeded;
        if (now >= wb.bwTimeStamp + BANDWIDTH_INTERVAL) {
            bandwidth.wbUpdateBandwidth(wb, gdtc);
        }
        long dirtyRatelimit = wb.dirtyRatelimit;
        long taskRatelimit = dirtyRatelimit * gdtc.posRatio >> RATELIMIT_CALC_SHIFT;
        long maxPause = wbMaxPause(wb, gdtc.wbDirty);
        long minPause = wbMinPause(wb, maxPause, taskRatelimit, dirtyRatelimit, gdtc);
        long period;
        long pause;
        if (taskRatelimit == 0) {
            period = maxPause;
            pause = maxPause;
        } else {
            period = Scheduler.HZ * pagesDirtied / taskRatelimit;
            pause = period;
            if (task.dirtyPausedWhen != 0) {
                pause -= now - task.dirtyPausedWhen;
            }
            if (pause < minPause) {
                // Think time paid for it: carry the credit into the next period instead of sleeping.
                traceBdp(wb, gdtc, dirtyRatelimit, taskRatelimit, pagesDirtied, period, Math.min(pause, 0));
                if (pause < -Scheduler.HZ) {
                    task.dirtyPausedWhen = now;
                    task.nrDirtied = 0;
                } else if (period != 0) {
                    task.dirtyPausedWhen += period;
                    task.nrDirtied = 0;
                } else if (task.nrDirtiedPause <= pagesDirtied) {
                    task.nrDirtiedPause += (int) pagesDirtied;
                }
                return 0;
            }
            if (pause > maxPause) {
                now += Math.min(pause - maxPause, maxPause);
                pause = maxPause;
            }
        }
        traceBdp(wb, gdtc, dirtyRatelimit, taskRatelimit, pagesDirtied, period, pause);
        task.dirtyPausedWhen = now + pause;
        task.pausedUntil = now + pause;
        task.nrDirtied = 0;
        task.nrDirtiedPause = (int) gdtc.nrDirtiedPause;
        task.callPause += pause;
        long nanos = pause * Scheduler.NANOS_PER_JIFFY;
        pauses.incrementAndGet();
        pausedNanos.addAndGet(nanos);
        return nanos;
    }

    private void freeRun(DirtyThrottleTask task, DirtyThrottleControl gdtc, long now) {
        task.dirtyPausedWhen = now;
        task.nrDirtied = 0;
        task.nrDirtiedPause = (int) dirtyPollInterval(gdtc.dirty, gdtc.thresh);
    }

    private void traceBdp(BdiWriteback wb, DirtyThrottleControl dtc, long dirtyRatelimit, long taskRatelimit,
                          long dirtied, long period, long pause) {
        long freerun = (dtc.thresh + dtc.bgThresh) / 2;
        long setpoint = (dtc.limit + freerun) / 2;
        trace.balanceDirtyPages(wb.bdev.bdiName(), dtc.thresh, dtc.bgThresh, dtc.limit, setpoint, dtc.dirty,
                taskRatelimit, dirtied, period * Scheduler.NANOS_PER_JIFFY, pause * Scheduler.NANOS_PER_JIFFY);
    }

    /** balance_domain_limits(): dirtyable memory, dirty + writeback, thresholds, and the freerun test. */
    void balanceDomainLimits(DirtyThrottleControl dtc) {
        dtc.avail = limits.globalDirtyableMemory();
        long nrDirty = vmStat.globalNodePageState(NodeStatItem.NR_FILE_DIRTY);
        long nrWriteback = vmStat.globalNodePageState(NodeStatItem.NR_WRITEBACK);
        dtc.dirty = nrDirty + nrWriteback;
        limits.domainDirtyLimits(dtc);
        dtc.limit = Math.max(dtc.thresh, domain.dirtyLimit());
        dtc.freerun = dtc.dirty <= (dtc.thresh + dtc.bgThresh) / 2;
        trace.globalDirtyState(nrDirty, nrWriteback, dtc.bgThresh, dtc.thresh, dtc.limit,
                vmStat.globalNodePageState(NodeStatItem.NR_DIRTIED), vmStat.globalNodePageState(NodeStatItem.NR_WRITTEN));
    }

    /**
     * __wb_calc_thresh(): the device's share of {@code thresh}, in proportion to its recent writeout,
     * but never below an eighth of the headroom, so an idle device can start writing at once.
     */
    long wbCalcThresh(DirtyThrottleControl dtc, long thresh) {
        domain.fraction(dtc.wb, clock.jiffies(), dtc);
        long wbThresh = thresh * dtc.fracNum / dtc.fracDen;
        if (thresh > dtc.dirty) {
            wbThresh = Math.max(wbThresh, (thresh - dtc.dirty) / 8);
        }
        return Math.min(wbThresh, thresh);
    }

    /** wb_dirty_limits(): the device's thresholds and its dirty + writeback pages. */
    void wbDirtyLimits(DirtyThrottleControl dtc) {
        BdiWriteback wb = dtc.wb;
        dtc.wbThresh = wbCalcThresh(dtc, dtc.thresh);
        dtc.wbBgThresh = dtc.thresh != 0 ? dtc.wbThresh * dtc.bgThresh / dtc.thresh : 0;
        if (dtc.wbThresh < 2 * wb.statError()) {
            dtc.wbDirty = wb.statSum(BdiWriteback.WB_RECLAIMABLE) + wb.statSum(BdiWriteback.WB_WRITEBACK);
        } else {
            dtc.wbDirty = wb.stat(BdiWriteback.WB_RECLAIMABLE) + wb.stat(BdiWriteback.WB_WRITEBACK);
        }
    }

    /**
     * wb_over_bg_thresh(): should background writeback go on? Yes while global dirty pages (not
     * writeback) exceed bg_thresh, or the device's reclaimable pages exceed its share of it.
     */
    public boolean wbOverBgThresh(BdiWriteback wb) {
        DirtyThrottleControl dtc = new DirtyThrottleControl();
        dtc.wb = wb;
        dtc.avail = limits.globalDirtyableMemory();
        dtc.dirty = vmStat.globalNodePageState(NodeStatItem.NR_FILE_DIRTY);
        limits.domainDirtyLimits(dtc);
        if (dtc.dirty > dtc.bgThresh) {
            return true;
        }
        dtc.wbBgThresh = wbCalcThresh(dtc, dtc.bgThresh);
        long wbDirty = dtc.wbBgThresh < 2 * wb.statError() ? wb.statSum(BdiWriteback.WB_RECLAIMABLE)
                : wb.stat(BdiWriteback.WB_RECLAIMABLE);
        return wbDirty > dtc.wbBgThresh;
    }

    /**
     * pos_ratio_polynom(): {@code 1 + ((setpoint - dirty) / (limit - setpoint))^3}, clamped to [0, 2],
     * fixed point.
     */
    static long posRatioPolynom(long setpoint, long dirty, long limit) {
        long x = ((setpoint - dirty) << RATELIMIT_CALC_SHIFT) / ((limit - setpoint) | 1);
        long posRatio = x;
        posRatio = posRatio * x >> RATELIMIT_CALC_SHIFT;
        posRatio = posRatio * x >> RATELIMIT_CALC_SHIFT;
        posRatio += 1 << RATELIMIT_CALC_SHIFT;
        return Math.max(0, Math.min(posRatio, 2L << RATELIMIT_CALC_SHIFT));
    }

    /**
     * wb_position_ratio(): the global control line, scaled by the device's linear control line around
     * its own setpoint (span 8 * write_bw for a lone device), and lifted when the device holds less than
     * half its threshold so that it never runs dry.
     */
    void wbPositionRatio(DirtyThrottleControl dtc) {
        BdiWriteback wb = dtc.wb;
        long writeBw = wb.avgWriteBandwidth;
        long freerun = (dtc.thresh + dtc.bgThresh) / 2;
        long limit = dtc.limit;
        long wbThresh = dtc.wbThresh;
        dtc.posRatio = 0;
        if (dtc.dirty >= limit) {
            return;
        }
        long setpoint = (freerun + limit) / 2;
        long posRatio = posRatioPolynom(setpoint, dtc.dirty, limit);
        if (wbThresh > dtc.thresh) {
            wbThresh = dtc.thresh;
        }
        long x = (wbThresh << 16) / (dtc.thresh | 1);
        long wbSetpoint = setpoint * x >> 16;
        long span = (dtc.thresh - wbThresh + 8 * writeBw) * x >> 16;
        long xIntercept = wbSetpoint + span;
        if (dtc.wbDirty < xIntercept - span / 4) {
            posRatio = posRatio * (xIntercept - dtc.wbDirty) / ((xIntercept - wbSetpoint) | 1);
        } else {
            posRatio /= 4;
        }
        xIntercept = wbThresh / 2;
        if (dtc.wbDirty < xIntercept) {
            if (dtc.wbDirty > xIntercept / 8) {
                posRatio = posRatio * xIntercept / dtc.wbDirty;
            } else {
                posRatio *= 8;
            }
        }
        dtc.posRatio = posRatio;
    }

    /** dirty_poll_interval(): about the square root of the headroom, 1 at or over the threshold. */
    static long dirtyPollInterval(long dirty, long thresh) {
        if (thresh > dirty) {
            return 1L << (ilog2(thresh - dirty) >> 1);
        }
        return 1;
    }

    /** wb_max_pause(): short enough that the device's dirty pool cannot drain during it; at most MAX_PAUSE. */
    static long wbMaxPause(BdiWriteback wb, long wbDirty) {
        long bw = wb.avgWriteBandwidth;
        long t = wbDirty / (1 + bw / roundupPowOfTwo(1 + Scheduler.HZ / 8));
        t++;
        return Math.min(t, MAX_PAUSE);
    }

    /**
     * wb_min_pause(): aim at 10 ms pauses (more with many dirtiers), and pick how many pages the task
     * dirties before its next look ({@code dtc.nrDirtiedPause}); returns the shortest pause worth sleeping.
     */
    static long wbMinPause(BdiWriteback wb, long maxPause, long taskRatelimit, long dirtyRatelimit,
                           DirtyThrottleControl dtc) {
        long hi = ilog2(Math.max(wb.avgWriteBandwidth, 1));
        long lo = ilog2(Math.max(wb.dirtyRatelimit, 1));
        long t = Math.max(1, Scheduler.HZ / 100);
        if (hi > lo) {
            t += (hi - lo) * (10L * Scheduler.HZ) / 1024;
        }
        t = Math.min(t, 1 + maxPause / 2);
        long hz2 = roundupPowOfTwo(Scheduler.HZ);
        long pages = dirtyRatelimit * t / hz2;
        if (pages < DIRTY_POLL_THRESH) {
            t = maxPause;
            pages = dirtyRatelimit * t / hz2;
            if (pages > DIRTY_POLL_THRESH) {
                pages = DIRTY_POLL_THRESH;
                t = Scheduler.HZ * DIRTY_POLL_THRESH / dirtyRatelimit;
            }
        }
        long pause = Scheduler.HZ * pages / (taskRatelimit + 1);
        if (pause > maxPause) {
            t = maxPause;
            pages = taskRatelimit * t / hz2;
        }
        dtc.nrDirtiedPause = pages;
        return pages >= DIRTY_POLL_THRESH ? 1 + t / 2 : t;
    }
}
