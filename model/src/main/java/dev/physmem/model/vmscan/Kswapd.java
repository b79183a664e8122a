package dev.physmem.model.vmscan;

import dev.physmem.model.Mm;
import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.alloc.PageAlloc;
import dev.physmem.model.mmzone.Node;
import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.mmzone.ZoneType;
import dev.physmem.model.time.DelayedWork;
import dev.physmem.model.time.Scheduler;
import dev.physmem.model.trace.Tracepoints;
import dev.physmem.model.vmstat.VmEventItem;
import dev.physmem.model.vmstat.VmStat;
import dev.physmem.model.vmstat.ZoneStatItem;

/**
 * The per-node reclaim thread (mm/vmscan.c: kswapd, balance_pgdat, kswapd_try_to_sleep). It sleeps
 * until an allocation finds every zone below its low watermark (wakeup_kswapd), then reclaims at
 * rising priority until some eligible zone is above its high watermark (pgdat_balanced). Before
 * sleeping for good it naps HZ/10: woken during the nap counts kswapd_low_wmark_hit_quickly, still
 * unbalanced after it (or at once) counts kswapd_high_wmark_hit_quickly. Sixteen runs without
 * progress make the node hopeless (kswapd_failures) until some reclaim succeeds. While kswapd is awake
 * the node's vmstat thresholds are the tighter pressure ones.
 *
 * <p>The kernel thread sleeps inside balance_pgdat() when reclaim keeps finding pages under writeback
 * (reclaim_throttle, up to HZ/10); the simulator's kswapd instead ends the pass and runs again HZ/10
 * later.
 */
public final class Kswapd {
    private enum State { SLEEPING, RUNNING, NAPPING }

    /** The short nap before a full sleep, and the writeback throttle: HZ/10. */
    static final long NAP_NANOS = Scheduler.NANOS_PER_JIFFY * (Scheduler.HZ / 10);

    private final Vmscan vmscan;
    private final Node node;
    private final Lruvec lruvec;
    private final PageAlloc pageAlloc;
    private final VmStat vmStat;
    private final Tracepoints trace;
    private final DelayedWork work;
    private State state = State.SLEEPING;
    private int kswapdOrder;
    private int kswapdHighestZoneidx = ZoneType.MAX_NR_ZONES;
    private boolean throttled;
    private boolean ioCongested;
    private final Runnable wakeNow;
    /** The last run stopped throttled: the next one continues the same balance_pgdat(). */
    private boolean continuing;
    private long reclaimedInBalance;
    /** The zone index of the last run, for the checks after its nap. */
    private int lastHighestZoneIdx = ZoneType.ZONE_MOVABLE;

    Kswapd(Vmscan vmscan, Node node, Lruvec lruvec, PageAlloc pageAlloc, VmStat vmStat, Tracepoints trace,
           Scheduler clock) {
        this.vmscan = vmscan;
        this.node = node;
        this.lruvec = lruvec;
        this.pageAlloc = pageAlloc;
        this.vmStat = vmStat;
        this.trace = trace;
        this.work = clock.delayedWork(clock.worker("kswapd" + node.nid), this::step);
        this.wakeNow = () -> work.mod(0);
    }

    /** Awake (running or about to), as opposed to sleeping or napping. */
    public synchronized boolean isRunning() {
        return state == State.RUNNING;
    }

    /** Sleeping for good: the state after a balanced node's nap. */
    public synchronized boolean isSleeping() {
        return state == State.SLEEPING;
    }

    /**
     * wakeup_kswapd(): remember the largest order and zone asked for; wake a sleeping or napping
     * kswapd unless the node is hopeless or already balanced.
     */
    void wakeup(Zone zone, int gfp, int order, int highestZoneIdx) {
        if (!zone.isManaged()) {
            return;
        }
        synchronized (this) {
            if (kswapdHighestZoneidx == ZoneType.MAX_NR_ZONES || kswapdHighestZoneidx < highestZoneIdx) {
                kswapdHighestZoneidx = highestZoneIdx;
            }
            if (kswapdOrder < order) {
                kswapdOrder = order;
            }
            if (state == State.RUNNING) {
                return;
            }
        }
        if (node.kswapdFailures.get() >= Mm.MAX_RECLAIM_RETRIES
                || (pgdatBalanced(order, highestZoneIdx) && !pgdatWatermarkBoosted(highestZoneIdx))) {
            return;
        }
        trace.mmVmscanWakeupKswapd(node.nid, zone.zoneIdx, order, gfp);
        synchronized (this) {
            if (state == State.RUNNING) {
                return;
            }
            if (state == State.NAPPING) {
                vmStat.countVmEvents(VmEventItem.KSWAPD_LOW_WMARK_HIT_QUICKLY, 1);
            } else {
                vmStat.setPgdatPercpuThreshold(node, true);
            }
            state = State.RUNNING;
        }
        work.mod(0);
    }

    /** The kthread's loop, one step per run of its work. */
    private void step() {
        State s;
        synchronized (this) {
            s = state;
        }
        if (s == State.NAPPING) {
            // The nap ran out without a wakeup.
            if (prepareKswapdSleep(0, lastHighestZoneIdx)) {
                synchronized (this) {
                    if (state != State.NAPPING) {
                        return;
                    }
                    state = State.SLEEPING;
                }
                vmStat.setPgdatPercpuThreshold(node, false);
                trace.mmVmscanKswapdSleep(node.nid);
                return;
            }
            vmStat.countVmEvents(VmEventItem.KSWAPD_HIGH_WMARK_HIT_QUICKLY, 1);
            synchronized (this) {
                state = State.RUNNING;
            }
        } else if (s != State.RUNNING) {
            return;
        }
        int order;
        int highestZoneIdx;
        synchronized (this) {
            order = kswapdOrder;
            highestZoneIdx = kswapdHighestZoneidx == ZoneType.MAX_NR_ZONES ? ZoneType.ZONE_MOVABLE : kswapdHighestZoneidx;
            kswapdOrder = 0;
            kswapdHighestZoneidx = ZoneType.MAX_NR_ZONES;
        }
        if (!continuing) {
            trace.mmVmscanKswapdWake(node.nid, highestZoneIdx, order);
        }
        throttled = false;
        ioCongested = false;
        lastHighestZoneIdx = highestZoneIdx;
        balancePgdat(order, highestZoneIdx);
        if (throttled && !pgdatBalanced(order, highestZoneIdx)) {
            // reclaim_throttle() or a full device queue: the kernel thread would sleep inside
            // balance_pgdat() (up to HZ/10, or until a request completes) and carry on; this one
            // carries on in a continuation.
            continuing = true;
            if (!ioCongested || !vmscan.waitForSwapDevice(wakeNow)) {
                work.mod(ioCongested ? 0 : NAP_NANOS);
            }
            return;
        }
        continuing = false;
        kswapdTryToSleep(highestZoneIdx);
    }

    /** kswapd_try_to_sleep(): nap if balanced; otherwise count a quick high-watermark hit and go on. */
    private void kswapdTryToSleep(int highestZoneIdx) {
        if (prepareKswapdSleep(0, highestZoneIdx)) {
            synchronized (this) {
                state = State.NAPPING;
            }
            work.mod(NAP_NANOS);
            return;
        }
        vmStat.countVmEvents(VmEventItem.KSWAPD_HIGH_WMARK_HIT_QUICKLY, 1);
        work.mod(0);
    }

    /** prepare_kswapd_sleep(): a hopeless node sleeps; a balanced one clears its congestion flags and sleeps. */
    private boolean prepareKswapdSleep(int order, int highestZoneIdx) {
        if (node.kswapdFailures.get() >= Mm.MAX_RECLAIM_RETRIES) {
            return true;
        }
        if (pgdatBalanced(order, highestZoneIdx)) {
            lruvec.pgdatDirty = false;
            lruvec.pgdatWriteback = false;
            return true;
        }
        return false;
    }

    /**
     * pgdat_balanced(): some managed zone up to {@code highestZoneIdx} passes its high watermark for
     * the order (lowmem reserves included). A node with no such zone needs no balancing.
     */
    boolean pgdatBalanced(int order, int highestZoneIdx) {
        boolean any = false;
        for (int i = 0; i <= highestZoneIdx; i++) {
            Zone zone = node.zone(i);
            if (!zone.isManaged()) {
                continue;
            }
            any = true;
            long free = vmStat.zonePageState(zone, ZoneStatItem.NR_FREE_PAGES);
            if (zone.percpuDriftMark() != 0 && free < zone.percpuDriftMark()) {
                free = vmStat.zonePageStateSnapshot(zone, ZoneStatItem.NR_FREE_PAGES);
            }
            if (pageAlloc.zoneWatermarkOk(zone, order, zone.highWmarkPages(), highestZoneIdx, 0, free)) {
                return true;
            }
        }
        return !any;
    }

    private boolean pgdatWatermarkBoosted(int highestZoneIdx) {
        for (int i = highestZoneIdx; i >= 0; i--) {
            if (node.zone(i).isManaged() && node.zone(i).watermarkBoost() != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * balance_pgdat(): from DEF_PRIORITY down, shrink the node by its zones' high watermarks per pass
     * until it is balanced; boosted watermarks are reclaimed first without writing or swapping. A run
     * that reclaimed nothing counts a kswapd failure.
     */
    private void balancePgdat(int order, int highestZoneIdx) {
        if (!continuing) {
            vmStat.countVmEvents(VmEventItem.PAGEOUTRUN, 1);
            reclaimedInBalance = 0;
        }
        long nrBoostReclaim = 0;
        long[] zoneBoosts = new long[ZoneType.MAX_NR_ZONES];
        for (int i = 0; i <= highestZoneIdx; i++) {
            Zone z = node.zone(i);
            if (z.isManaged()) {
                zoneBoosts[i] = z.watermarkBoost();
                nrBoostReclaim += zoneBoosts[i];
            }
        }
        boolean boosted = nrBoostReclaim != 0;
        ScanControl sc;
        while (true) {
            sc = new ScanControl();
            sc.gfpMask = Gfp.GFP_KERNEL;
            sc.order = order;
            sc.kswapd = true;
            setReclaimActive(highestZoneIdx, true);
            boolean restart = false;
            do {
                long nrReclaimed = sc.nrReclaimed;
                boolean raisePriority = true;
                sc.reclaimIdx = highestZoneIdx;
                boolean balanced = pgdatBalanced(sc.order, highestZoneIdx);
                if (!balanced && nrBoostReclaim != 0) {
                    nrBoostReclaim = 0;
                    restart = true;
                    break;
                }
                if (nrBoostReclaim == 0 && balanced) {
                    finish(sc, boosted, zoneBoosts, highestZoneIdx);
                    return;
                }
                if (nrBoostReclaim != 0 && sc.priority == ScanControl.DEF_PRIORITY - 2) {
                    raisePriority = false;
                }
                sc.mayWritepage = nrBoostReclaim == 0;
                sc.maySwap = nrBoostReclaim == 0;
                if (sc.priority < ScanControl.DEF_PRIORITY - 2) {
                    sc.mayWritepage = true;
                }
                sc.nrScanned = 0;
                if (kswapdShrinkNode(sc)) {
                    raisePriority = false;
                }
                if (sc.nrImmediate != 0 || sc.ioCongested) {
                    throttled = true;
                    ioCongested = sc.ioCongested;
                    break;
                }
                if (sc.nrWriteback != 0) {
                    throttled = true;
                }
                nrReclaimed = sc.nrReclaimed - nrReclaimed;
                nrBoostReclaim -= Math.min(nrBoostReclaim, nrReclaimed);
                if (nrBoostReclaim != 0 && nrReclaimed == 0) {
                    break;
                }
                if (raisePriority || nrReclaimed == 0) {
                    sc.priority--;
                }
            } while (sc.priority >= 1);
            if (!restart) {
                break;
            }
        }
        reclaimedInBalance += sc.nrReclaimed;
        if (reclaimedInBalance == 0 && !throttled) {
            node.kswapdFailures.incrementAndGet();
        }
        finish(sc, boosted, zoneBoosts, highestZoneIdx);
    }

    /** The end of balance_pgdat(): reclaim is no longer active, and the boost reclaimed decays. */
    private void finish(ScanControl sc, boolean boosted, long[] zoneBoosts, int highestZoneIdx) {
        setReclaimActive(highestZoneIdx, false);
        if (boosted) {
            for (int i = 0; i <= highestZoneIdx; i++) {
                Zone z = node.zone(i);
                if (zoneBoosts[i] != 0) {
                    synchronized (z.lock) {
                        z.setWatermarkBoost(z.watermarkBoost() - Math.min(z.watermarkBoost(), zoneBoosts[i]));
                    }
                }
            }
        }
    }

    private void setReclaimActive(int highestZoneIdx, boolean active) {
        for (int i = 0; i <= highestZoneIdx; i++) {
            Zone z = node.zone(i);
            if (!z.isManaged()) {
                continue;
            }
            if (active) {
                z.setFlag(Zone.ZONE_RECLAIM_ACTIVE);
            } else {
                z.clearFlag(Zone.ZONE_RECLAIM_ACTIVE);
            }
        }
    }

    /**
     * kswapd_shrink_node(): one shrink_node() aimed at the sum of the eligible zones' high watermarks
     * (at least SWAP_CLUSTER_MAX each); true if the pass scanned or reclaimed that much.
     */
    private boolean kswapdShrinkNode(ScanControl sc) {
        long before = sc.nrReclaimed;
        sc.nrToReclaim = 0;
        for (int i = 0; i <= sc.reclaimIdx; i++) {
            Zone z = node.zone(i);
            if (z.isManaged()) {
                sc.nrToReclaim += Math.max(z.highWmarkPages(), Mm.SWAP_CLUSTER_MAX);
            }
        }
        vmscan.shrinkNode(node, sc);
        if (sc.order != 0 && sc.nrReclaimed >= (2L << sc.order)) {
            sc.order = 0;
        }
        return Math.max(sc.nrScanned, sc.nrReclaimed - before) >= sc.nrToReclaim;
    }
}
