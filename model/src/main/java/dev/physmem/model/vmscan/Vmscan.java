package dev.physmem.model.vmscan;

import static dev.physmem.model.vmscan.LruList.LRU_ACTIVE;
import static dev.physmem.model.vmscan.LruList.LRU_ACTIVE_ANON;
import static dev.physmem.model.vmscan.LruList.LRU_ACTIVE_FILE;
import static dev.physmem.model.vmscan.LruList.LRU_INACTIVE_ANON;
import static dev.physmem.model.vmscan.LruList.LRU_INACTIVE_FILE;

import dev.physmem.model.Mm;
import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.alloc.PageAlloc;
import dev.physmem.model.alloc.Reclaim;
import dev.physmem.model.cpu.Cpu;
import dev.physmem.model.cpu.Cpus;
import dev.physmem.model.filemap.AddressSpace;
import dev.physmem.model.filemap.Filemap;
import dev.physmem.model.filemap.Inodes;
import dev.physmem.model.lib.IntSqrt;
import dev.physmem.model.mmzone.Node;
import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.mmzone.Zonelist;
import dev.physmem.model.page.Folios;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.page.PageFlags;
import dev.physmem.model.rmap.Rmap;
import dev.physmem.model.swap.SwapCache;
import dev.physmem.model.sysctl.Sysctl;
import dev.physmem.model.sysctl.SysctlTable;
import dev.physmem.model.time.Scheduler;
import dev.physmem.model.trace.Tracepoints;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.VmEventItem;
import dev.physmem.model.vmstat.VmStat;
import dev.physmem.model.vmstat.ZoneStatItem;
import dev.physmem.model.writeback.Flusher;
import dev.physmem.model.writeback.WbReason;
import java.util.List;

/**
 * Page reclaim (mm/vmscan.c, without MGLRU): folios are isolated from the tail of the inactive lists
 * and freed if they are clean, unmapped (or unmappable) and unreferenced; the active lists are aged
 * into the inactive ones when those get too small (inactive_is_low). Dirty file folios are never
 * written by reclaim (6.18 leaves that to the flushers): they are tagged PG_reclaim and activated,
 * and the flushers are woken (WB_REASON_VMSCAN) when a whole batch was dirty; when their writeback
 * ends they rotate to the inactive tail and go on the next pass. Folios under writeback are tagged
 * and kept. kswapd ({@link Kswapd}) reclaims per node between the low and high watermarks; direct
 * reclaim serves an allocation that found every zone below min. This class is the allocator's
 * {@link Reclaim}.
 *
 * <p>Anonymous memory is swap-backed: with no swap space it is never scanned; with swap, the anon and
 * file lists are scanned in the ratio swappiness : 200 - swappiness, and an anonymous folio is added
 * to the swap cache, unmapped (its PTEs become swap entries), written out, and freed once clean.
 */
public final class Vmscan implements Reclaim {
    /** MAX_SWAPPINESS. */
    static final int MAX_SWAPPINESS = 200;

    private final MemMap memMap;
    private final Folios folios;
    private final PageAlloc pageAlloc;
    private final VmStat vmStat;
    private final Cpus cpus;
    private final Lru lru;
    private final Filemap filemap;
    private final Inodes inodes;
    private final Rmap rmap;
    private final SwapCache swapCache;
    private final Flusher flusher;
    private final Tracepoints trace;
    private final Scheduler clock;
    private final Kswapd[] kswapds;
    private final OomKill oomKill;
    private volatile int swappiness = 60;
    private volatile int vfsCachePressure = 100;

    public Vmscan(List<Node> nodes, MemMap memMap, Folios folios, PageAlloc pageAlloc, VmStat vmStat, Cpus cpus, Lru lru,
                  Filemap filemap, Inodes inodes, Rmap rmap, SwapCache swapCache, Flusher flusher, OomKill oomKill,
                  Tracepoints trace, Scheduler clock) {
        this.memMap = memMap;
        this.folios = folios;
        this.pageAlloc = pageAlloc;
        this.vmStat = vmStat;
        this.cpus = cpus;
        this.lru = lru;
        this.filemap = filemap;
        this.inodes = inodes;
        this.rmap = rmap;
        this.swapCache = swapCache;
        this.flusher = flusher;
        this.oomKill = oomKill;
        this.trace = trace;
        this.clock = clock;
        this.kswapds = new Kswapd[nodes.size()];
        for (Node n : nodes) {
            kswapds[n.nid] = new Kswapd(this, n, lru.lruvec(n.nid), pageAlloc, vmStat, trace, clock);
        }
    }

    public Kswapd kswapd(int nid) {
        return kswapds[nid];
    }

    public int swappiness() {
        return swappiness;
    }

    public int vfsCachePressure() {
        return vfsCachePressure;
    }

    /** Runs {@code wakeup} when the swap device next completes a request; false if it has a free one now. */
    boolean waitForSwapDevice(Runnable wakeup) {
        return swapCache != null && swapCache.waitForRequest(wakeup);
    }

    /** can_reclaim_anon_pages(): only with free swap space to put it. */
    boolean canReclaimAnonPages() {
        return swapCache != null && swapCache.swapInfo().freePages() > 0;
    }

    // =====================================================================================
    // The allocator's side (alloc.Reclaim)
    // =====================================================================================

    @Override
    public void wakeupKswapd(Zone zone, int gfp, int order, int highestZoneIdx) {
        kswapds[zone.node.nid].wakeup(zone, gfp, order, highestZoneIdx);
    }

    @Override
    public boolean kswapdActive(Zone zone) {
        return kswapds[zone.node.nid].isRunning();
    }

    @Override
    public long zoneReclaimablePages(VmStat vs, Zone zone) {
        long nr = vs.zonePageStateSnapshot(zone, ZoneStatItem.NR_ZONE_INACTIVE_FILE)
                + vs.zonePageStateSnapshot(zone, ZoneStatItem.NR_ZONE_ACTIVE_FILE);
        if (canReclaimAnonPages()) {
            nr += vs.zonePageStateSnapshot(zone, ZoneStatItem.NR_ZONE_INACTIVE_ANON)
                    + vs.zonePageStateSnapshot(zone, ZoneStatItem.NR_ZONE_ACTIVE_ANON);
        }
        return nr;
    }

    @Override
    public boolean outOfMemory(Zonelist zonelist, int order, int gfp, int highestZoneIdx) {
        return oomKill.outOfMemory(gfp, order);
    }

    /**
     * try_to_free_pages() → do_try_to_free_pages(): shrink every node of the zonelist at rising
     * priority until SWAP_CLUSTER_MAX pages are reclaimed. The allocator counted allocstall.
     */
    @Override
    public long tryToFreePages(Zonelist zonelist, int order, int gfp, int highestZoneIdx) {
        long start = clock.now();
        trace.mmVmscanDirectReclaimBegin(order, gfp);
        ScanControl sc = new ScanControl();
        sc.nrToReclaim = Mm.SWAP_CLUSTER_MAX;
        sc.gfpMask = gfp;
        sc.order = order;
        sc.reclaimIdx = highestZoneIdx;
        sc.mayWritepage = true;
        sc.maySwap = true;
        do {
            Node last = null;
            for (int i = 0; i < zonelist.size(); i++) {
                Zone z = zonelist.get(i);
                if (z.zoneIdx > highestZoneIdx || !z.isManaged() || z.node == last) {
                    continue;
                }
                last = z.node;
                shrinkNode(z.node, sc);
            }
            if (sc.nrReclaimed >= sc.nrToReclaim) {
                break;
            }
        } while (--sc.priority >= 0);
        trace.mmVmscanDirectReclaimEnd(start, sc.nrReclaimed);
        return sc.nrReclaimed;
    }

    // =====================================================================================
    // shrink_node and below
    // =====================================================================================

    /**
     * shrink_node(): one pass over the node's lists; kswapd then learns from what it isolated whether
     * the node is congested with dirty or writeback pages.
     */
    void shrinkNode(Node node, ScanControl sc) {
        Lruvec lruvec = lru.lruvec(node.nid);
        long reclaimedBefore = sc.nrReclaimed;
        sc.resetNr();
        prepareScanControl(lruvec, sc);
        shrinkLruvec(lruvec, sc);
        if (sc.nrReclaimed > reclaimedBefore) {
            node.kswapdFailures.set(0);
        }
        if (sc.kswapd) {
            if (sc.nrWriteback != 0 && sc.nrWriteback == sc.nrTaken) {
                lruvec.pgdatWriteback = true;
            }
            if (sc.nrUnqueuedDirty != 0 && sc.nrUnqueuedDirty == sc.nrFileTaken) {
                lruvec.pgdatDirty = true;
            }
        }
    }

    /**
     * prepare_scan_control(): the active lists are aged only when their inactive partner is low
     * (no refault tracking here); with plenty of inactive file pages only the file lists are scanned
     * (cache_trim_mode).
     */
    private void prepareScanControl(Lruvec lruvec, ScanControl sc) {
        sc.mayDeactivateAnon = inactiveIsLow(lruvec, LRU_INACTIVE_ANON);
        sc.mayDeactivateFile = inactiveIsLow(lruvec, LRU_INACTIVE_FILE);
        long file = lruvec.lruSize(LRU_INACTIVE_FILE);
        sc.cacheTrimMode = (file >> sc.priority) != 0 && !sc.mayDeactivateFile;
    }

    /**
     * inactive_is_low(): the inactive list should hold 1/sqrt(10 * GB) of the type's LRU pages
     * (1:1 below 1 GB, 1:3 at 1 GB, 1:10 at 10 GB).
     */
    public static boolean inactiveIsLow(long inactive, long active) {
        long gb = (inactive + active) >> (30 - Mm.PAGE_SHIFT);
        long inactiveRatio = gb != 0 ? IntSqrt.intSqrt(10 * gb) : 1;
        return inactive * inactiveRatio < active;
    }

    boolean inactiveIsLow(Lruvec lruvec, int inactiveLru) {
        return inactiveIsLow(lruvec.lruSize(inactiveLru), lruvec.lruSize(inactiveLru + LRU_ACTIVE));
    }

    /**
     * get_scan_count(): how much of each list to scan at this priority — size >> priority. Without
     * swap only the file lists; otherwise anon and file in the ratio swappiness : 200 - swappiness
     * (the cost terms start equal), unless there is plenty of inactive file to trim first.
     */
    private void getScanCount(Lruvec lruvec, ScanControl sc, long[] nr) {
        boolean scanAnon = sc.maySwap && canReclaimAnonPages() && !sc.cacheTrimMode;
        boolean scanFile = true;
        long anonFraction = 1;
        long fileFraction = 1;
        long denominator = 1;
        if (scanAnon && sc.priority != 0) {
            long sw = swappiness;
            anonFraction = sw;
            fileFraction = MAX_SWAPPINESS - sw;
            denominator = anonFraction + fileFraction;
            scanFile = fileFraction != 0;
            scanAnon = anonFraction != 0;
        }
        for (int l = LRU_INACTIVE_ANON; l <= LRU_ACTIVE_FILE; l++) {
            boolean file = LruList.isFileLru(l);
            if (file ? !scanFile : !scanAnon) {
                nr[l] = 0;
                continue;
            }
            long scan = lruvec.lruSize(l) >> sc.priority;
            if (denominator != 1) {
                scan = (scan * (file ? fileFraction : anonFraction) + denominator - 1) / denominator;
            }
            nr[l] = scan;
        }
    }

    /** shrink_lruvec(): SWAP_CLUSTER_MAX at a time from each list until the targets are met. */
    private void shrinkLruvec(Lruvec lruvec, ScanControl sc) {
        long[] nr = new long[LruList.NR_LRU_LISTS];
        getScanCount(lruvec, sc, nr);
        long nrReclaimed = 0;
        long nrToReclaim = sc.nrToReclaim;
        while (nr[LRU_INACTIVE_ANON] != 0 || nr[LRU_ACTIVE_FILE] != 0 || nr[LRU_INACTIVE_FILE] != 0) {
            for (int l = LRU_INACTIVE_ANON; l <= LRU_ACTIVE_FILE; l++) {
                if (nr[l] != 0) {
                    long nrToScan = Math.min(nr[l], Mm.SWAP_CLUSTER_MAX);
                    nr[l] -= nrToScan;
                    nrReclaimed += shrinkList(l, nrToScan, lruvec, sc);
                }
            }
            if (nrReclaimed >= nrToReclaim || sc.ioCongested) {
                break;
            }
        }
        sc.nrReclaimed += nrReclaimed;
        if (canReclaimAnonPages() && inactiveIsLow(lruvec, LRU_INACTIVE_ANON)) {
            shrinkActiveList(Mm.SWAP_CLUSTER_MAX, lruvec, sc, LRU_ACTIVE_ANON);
        }
    }

    private long shrinkList(int l, long nrToScan, Lruvec lruvec, ScanControl sc) {
        if (LruList.isActiveLru(l)) {
            if (LruList.isFileLru(l) ? sc.mayDeactivateFile : sc.mayDeactivateAnon) {
                shrinkActiveList(nrToScan, lruvec, sc, l);
            }
            return 0;
        }
        return shrinkInactiveList(nrToScan, lruvec, sc, l);
    }

    /**
     * isolate_lru_folios(): up to {@code nrToScan} pages from the list's tail, each with a reference
     * taken and PG_lru cleared. Folios of zones the reclaim may not touch, or already being freed, go
     * back to the head (pgskip_*). Caller holds lru_lock. Returns the folios taken; {@code taken} gets
     * {pages taken, pages scanned}.
     */
    private int isolateLruFolios(long nrToScan, Lruvec lruvec, int[] dst, int l, ScanControl sc, long[] taken) {
        int n = 0;
        long scan = 0;
        long nrTaken = 0;
        int tries = (int) lruvec.entries(l);
        while (scan < nrToScan && n < dst.length && tries-- > 0) {
            int folio = lruvec.lists.last(l);
            if (folio == MemMap.NONE) {
                break;
            }
            int nr = folios.folioNrPages(folio);
            int zoneIdx = pageAlloc.pageZone(folio).zoneIdx;
            if (zoneIdx > sc.reclaimIdx) {
                lruvec.lists.moveHead(l, l, folio);
                vmStat.countVmEvents(VmEventItem.PGSKIP_DMA + zoneIdx, nr);
                continue;
            }
            scan += nr;
            if (!folios.folioTryGet(folio)) {
                lruvec.lists.moveHead(l, l, folio);
                continue;
            }
            memMap.clear(folio, PageFlags.PG_lru);
            lruvec.delFolio(folio, nr);
            dst[n++] = folio;
            nrTaken += nr;
        }
        taken[0] = nrTaken;
        taken[1] = scan;
        return n;
    }

    /**
     * shrink_active_list(): isolate from the active tail (pgrefill) and move everything to the
     * inactive list (pgdeactivate), clearing PG_active and setting PG_workingset; PTE references are
     * harvested on the way (folio_referenced). Only referenced executable file folios would stay
     * active, and nothing the simulator maps is executable.
     */
    private void shrinkActiveList(long nrToScan, Lruvec lruvec, ScanControl sc, int l) {
        int[] batch = new int[(int) Math.min(nrToScan, Integer.MAX_VALUE - 8)];
        long[] taken = new long[2];
        int n;
        boolean file = LruList.isFileLru(l);
        synchronized (lruvec.lruLock) {
            n = isolateLruFolios(nrToScan, lruvec, batch, l, sc, taken);
            modIsolated(lruvec.node, file, taken[0]);
        }
        vmStat.countVmEvents(VmEventItem.PGREFILL, taken[1]);
        long nrReferenced = 0;
        for (int i = 0; i < n; i++) {
            if (referencedPtes(batch[i]) > 0) {
                nrReferenced += folios.folioNrPages(batch[i]);
            }
        }
        long nrDeactivate = 0;
        synchronized (lruvec.lruLock) {
            for (int i = 0; i < n; i++) {
                int folio = batch[i];
                memMap.clear(folio, PageFlags.PG_active);
                memMap.set(folio, PageFlags.PG_workingset);
                nrDeactivate += folios.folioNrPages(folio);
                putBackOnLru(lruvec, folio);
            }
            modIsolated(lruvec.node, file, -taken[0]);
        }
        vmStat.countVmEvents(VmEventItem.PGDEACTIVATE, nrDeactivate);
        trace.mmVmscanLruShrinkActive(lruvec.node.nid, taken[0], 0, nrDeactivate, nrReferenced, sc.priority, file);
    }

    /**
     * shrink_inactive_list(): isolate (pgscan), shrink_folio_list(), put the survivors back; if every
     * folio taken was dirty and not yet queued for writeback, wake the flushers for it.
     */
    private long shrinkInactiveList(long nrToScan, Lruvec lruvec, ScanControl sc, int l) {
        int[] batch = new int[(int) nrToScan];
        long[] taken = new long[2];
        boolean file = LruList.isFileLru(l);
        int n;
        synchronized (lruvec.lruLock) {
            n = isolateLruFolios(nrToScan, lruvec, batch, l, sc, taken);
            modIsolated(lruvec.node, file, taken[0]);
        }
        long nrScanned = taken[1];
        Cpu cpu = cpus.current();
        cpu.lock();
        try {
            VmStat.__countVmEvents(cpu, VmEventItem.PGSCAN_KSWAPD + sc.reclaimerOffset(), nrScanned);
            VmStat.__countVmEvents(cpu, file ? VmEventItem.PGSCAN_FILE : VmEventItem.PGSCAN_ANON, nrScanned);
        } finally {
            cpu.unlock();
        }
        if (n == 0) {
            return 0;
        }
        ReclaimStat stat = new ReclaimStat();
        int survivors = shrinkFolioList(batch, n, lruvec, sc, stat);
        long nrReclaimed = stat.nrReclaimed;
        synchronized (lruvec.lruLock) {
            for (int i = 0; i < survivors; i++) {
                putBackOnLru(lruvec, batch[i]);
            }
            modIsolated(lruvec.node, file, -taken[0]);
        }
        cpu.lock();
        try {
            VmStat.__countVmEvents(cpu, VmEventItem.PGSTEAL_KSWAPD + sc.reclaimerOffset(), nrReclaimed);
            VmStat.__countVmEvents(cpu, file ? VmEventItem.PGSTEAL_FILE : VmEventItem.PGSTEAL_ANON, nrReclaimed);
            VmStat.__countVmEvents(cpu, VmEventItem.PGACTIVATE, stat.nrActivateAnon + stat.nrActivateFile);
        } finally {
            cpu.unlock();
        }
        if (stat.nrUnqueuedDirty == taken[0]) {
            flusher.wakeupFlusherThreads(WbReason.WB_REASON_VMSCAN);
        }
        sc.nrDirty += stat.nrDirty;
        sc.nrUnqueuedDirty += stat.nrUnqueuedDirty;
        sc.nrWriteback += stat.nrWriteback;
        sc.nrImmediate += stat.nrImmediate;
        sc.nrTaken += taken[0];
        if (file) {
            sc.nrFileTaken += taken[0];
        }
        trace.mmVmscanLruShrinkInactive(lruvec.node.nid, nrScanned, nrReclaimed, stat.nrDirty, stat.nrWriteback,
                stat.nrCongested, stat.nrImmediate, stat.nrActivateAnon + stat.nrActivateFile, stat.nrRefKeep,
                sc.priority, file);
        return nrReclaimed;
    }

    /** move_folios_to_lru() for one folio: back on the list its flags name; the isolation reference goes. */
    private void putBackOnLru(Lruvec lruvec, int folio) {
        memMap.set(folio, PageFlags.PG_lru);
        lruvec.addFolio(folio, folios.folioNrPages(folio));
        folios.folioPut(folio);
    }

    private void modIsolated(Node node, boolean file, long nr) {
        if (nr != 0) {
            vmStat.modNodePageState(node, file ? NodeStatItem.NR_ISOLATED_FILE : NodeStatItem.NR_ISOLATED_ANON, nr);
        }
    }

    /** folio_referenced() with the lock rmap needs for a file folio. */
    private int referencedPtes(int folio) {
        if (!folios.folioMapped(folio)) {
            return 0;
        }
        AddressSpace mapping = folios.folioTestAnon(folio) ? null : inodes.lookup(memMap.mapping(folio));
        if (mapping == null) {
            return rmap.folioReferenced(folio);
        }
        synchronized (mapping) {
            return rmap.folioReferenced(folio);
        }
    }

    private enum References { ACTIVATE, KEEP, RECLAIM, RECLAIM_CLEAN }

    /**
     * folio_check_references(): a folio mapped by young PTEs gets a second trip (KEEP) or is
     * activated if it was referenced before or is mapped more than once; an unmapped file folio that
     * was only read (PG_referenced) is reclaimed if clean.
     */
    private References folioCheckReferences(int folio) {
        int referencedPtes = referencedPtes(folio);
        boolean referencedFolio = memMap.testAndClear(folio, PageFlags.PG_referenced);
        if (referencedPtes != 0) {
            memMap.set(folio, PageFlags.PG_referenced);
            if (referencedFolio || referencedPtes > 1) {
                return References.ACTIVATE;
            }
            return References.KEEP;
        }
        if (referencedFolio && LruList.folioIsFileLru(memMap, folio)) {
            return References.RECLAIM_CLEAN;
        }
        return References.RECLAIM;
    }

    /**
     * shrink_folio_list(): decide each isolated folio's fate. Freed folios leave the batch; survivors
     * are compacted to its front (those to activate carry PG_active). Returns the survivor count.
     */
    private int shrinkFolioList(int[] batch, int n, Lruvec lruvec, ScanControl sc, ReclaimStat stat) {
        int survivors = 0;
        long nrReclaimed = 0;
        for (int i = 0; i < n; i++) {
            int folio = batch[i];
            int nr = folios.folioNrPages(folio);
            sc.nrScanned += nr;
            boolean file = LruList.folioIsFileLru(memMap, folio);
            int outcome = decide(folio, nr, file, lruvec, sc, stat);
            if (outcome == FREED) {
                nrReclaimed += nr;
                continue;
            }
            if (outcome == ACTIVATE) {
                memMap.set(folio, PageFlags.PG_active);
                if (file) {
                    stat.nrActivateFile += nr;
                } else {
                    stat.nrActivateAnon += nr;
                }
            }
            batch[survivors++] = folio;
        }
        stat.nrReclaimed = nrReclaimed;
        folios.foliosPutRefs(stat.freeFolios);
        if (stat.swapPlug != null) {
            stat.swapPlug.finish();
        }
        return survivors;
    }

    private static final int KEEP = 0;
    private static final int ACTIVATE = 1;
    private static final int FREED = 2;
    /** From {@link #unmap}: no page table maps the folio (any more); reclaim goes on with it. */
    private static final int UNMAPPED = 3;

    private int decide(int folio, int nr, boolean file, Lruvec lruvec, ScanControl sc, ReclaimStat stat) {
        boolean dirty = memMap.test(folio, PageFlags.PG_dirty);
        boolean writeback = memMap.test(folio, PageFlags.PG_writeback);
        if (!file && !memMap.test(folio, PageFlags.PG_swapcache)) {
            // folio_check_dirty_writeback(): anon not in swap cache is neither.
            dirty = false;
            writeback = false;
        }
        if (memMap.test(folio, PageFlags.PG_locked)) {
            return KEEP;
        }
        if (dirty || writeback) {
            stat.nrDirty += nr;
        }
        if (dirty && !writeback) {
            stat.nrUnqueuedDirty += nr;
        }
        if (writeback && memMap.test(folio, PageFlags.PG_reclaim)) {
            stat.nrCongested += nr;
        }
        if (memMap.test(folio, PageFlags.PG_writeback)) {
            if (sc.kswapd && memMap.test(folio, PageFlags.PG_reclaim) && lruvec.pgdatWriteback) {
                stat.nrImmediate += nr;
                return ACTIVATE;
            }
            // Case 2: mark it for immediate reclaim and keep it; its end of writeback rotates it to the tail.
            memMap.set(folio, PageFlags.PG_reclaim);
            stat.nrWriteback += nr;
            return ACTIVATE;
        }
        References references = folioCheckReferences(folio);
        if (references == References.ACTIVATE) {
            return ACTIVATE;
        }
        if (references == References.KEEP) {
            stat.nrRefKeep += nr;
            return KEEP;
        }
        if (!file) {
            return decideAnon(folio, nr, sc, stat);
        }
        AddressSpace mapping = inodes.lookup(memMap.mapping(folio));
        if (mapping == null) {
            // Truncated while isolated: only our reference and maybe I/O hold it.
            return KEEP;
        }
        synchronized (mapping) {
            if (memMap.mapping(folio) != mapping.ino) {
                return KEEP;
            }
            int unmapped = unmap(folio, sc);
            if (unmapped != UNMAPPED) {
                return unmapped;
            }
            if (memMap.test(folio, PageFlags.PG_dirty)) {
                // Only flushers write file folios: pageout() answers PAGE_ACTIVATE for them. Tag the folio
                // so its writeback end rotates it to the inactive tail.
                if (!sc.kswapd || !memMap.test(folio, PageFlags.PG_reclaim) || !lruvec.pgdatDirty) {
                    vmStat.modNodePageState(lruvec.node, NodeStatItem.NR_VMSCAN_IMMEDIATE, nr);
                    memMap.set(folio, PageFlags.PG_reclaim);
                    return ACTIVATE;
                }
                if (references == References.RECLAIM_CLEAN || !sc.mayWritepage) {
                    return KEEP;
                }
                return ACTIVATE;
            }
            if (!filemap.removeMappingForReclaim(mapping, folio)) {
                return KEEP;
            }
        }
        // The cache's references are gone; ours is the last.
        return free(folio, stat);
    }

    /**
     * The anonymous half of shrink_folio_list(): add_to_swap(), try_to_unmap() (PTEs become swap
     * entries), pageout() through swap_writeout() for a dirty folio, and once it is clean
     * __remove_mapping() from the swap cache and free.
     */
    /**
     * try_to_unmap() of a mapped folio: KEEP if this reclaim may not unmap, ACTIVATE if a mapping
     * survived, UNMAPPED when no page table maps it (any more).
     */
    private int unmap(int folio, ScanControl sc) {
        if (!folios.folioMapped(folio)) {
            return UNMAPPED;
        }
        if (!sc.mayUnmap) {
            return KEEP;
        }
        rmap.tryToUnmap(folio);
        return folios.folioMapped(folio) ? ACTIVATE : UNMAPPED;
    }

    private int decideAnon(int folio, int nr, ScanControl sc, ReclaimStat stat) {
        if (swapCache == null) {
            return ACTIVATE;
        }
        if ((!memMap.test(folio, PageFlags.PG_swapcache) || memMap.test(folio, PageFlags.PG_dirty))
                && swapCache.congested()) {
            sc.ioCongested = true;
            return KEEP;
        }
        if (!memMap.test(folio, PageFlags.PG_swapcache)) {
            if ((sc.gfpMask & Gfp.__GFP_IO) == 0) {
                return KEEP;
            }
            if (!swapCache.addToSwap(folio)) {
                return ACTIVATE;
            }
        }
        int unmapped = unmap(folio, sc);
        if (unmapped != UNMAPPED) {
            return unmapped;
        }
        if (memMap.test(folio, PageFlags.PG_dirty)) {
            if (!sc.mayWritepage) {
                return KEEP;
            }
            if (stat.swapPlug == null) {
                stat.swapPlug = swapCache.plug();
            }
            swapCache.swapWriteout(folio, stat.swapPlug);
            trace.mmVmscanWriteFolio(folio);
            return KEEP;
        }
        if (!swapCache.removeMappingForReclaim(folio)) {
            return KEEP;
        }
        return free(folio, stat);
    }

    /** free_it: the isolation reference is the last; the folio joins the batch freed together. */
    private int free(int folio, ReclaimStat stat) {
        memMap.clear(folio, PageFlags.PG_active);
        if (stat.freeFolios.add(folio, 1) == 0) {
            folios.foliosPutRefs(stat.freeFolios);
        }
        return FREED;
    }

    // =====================================================================================
    // Sysctls
    // =====================================================================================

    public void registerSysctls(SysctlTable table) {
        table.register(Sysctl.ofInt("swappiness", 0, MAX_SWAPPINESS, "",
                "Relative cost of swapping anonymous memory against dropping page cache (0..200; 100 is equal); matters only with swap.",
                this::swappiness, v -> swappiness = (int) v));
        table.register(Sysctl.ofInt("vfs_cache_pressure", 0, Integer.MAX_VALUE, "%",
                "How hard reclaim shrinks the dentry and inode caches relative to page cache (the simulated kernel has no such slab caches).",
                this::vfsCachePressure, v -> vfsCachePressure = (int) v));
    }
}
