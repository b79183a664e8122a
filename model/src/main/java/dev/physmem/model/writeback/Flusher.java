package dev.physmem.model.writeback;

import static dev.physmem.model.writeback.WbInode.I_DIRTY_PAGES;
import static dev.physmem.model.writeback.WbInode.I_FREEING;
import static dev.physmem.model.writeback.WbInode.I_SYNC;
import static dev.physmem.model.writeback.WbInode.I_SYNC_QUEUED;

import dev.physmem.model.cpu.Cpus;
import dev.physmem.model.filemap.AddressSpace;
import dev.physmem.model.filemap.XArray;
import dev.physmem.model.sysctl.Sysctl;
import dev.physmem.model.sysctl.SysctlTable;
import dev.physmem.model.time.Scheduler;
import dev.physmem.model.time.Worker;
import dev.physmem.model.trace.Tracepoints;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.VmStat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The per-device flusher of fs/fs-writeback.c and its three reasons to write:
 * <ol>
 * <li>periodic ("kupdate"): every {@code dirty_writeback_centisecs} it writes the inodes first dirtied
 * more than {@code dirty_expire_centisecs} ago (wb_check_old_data_flush, WB_REASON_PERIODIC);</li>
 * <li>background: while dirty pages exceed the background threshold (wb_check_background_flush,
 * WB_REASON_BACKGROUND), woken by balance_dirty_pages;</li>
 * <li>on request: reclaim found dirty pages it cannot free (WB_REASON_VMSCAN), a sysctl change
 * (WB_REASON_PERIODIC) or sync (WB_REASON_SYNC) ask it to write everything (wb_start_writeback).</li>
 * </ol>
 * Inodes move between b_dirty (newest first), b_io (being written) and b_more_io (to continue) as the
 * kernel moves them. The flusher never waits: when every device request tag is taken it stops and
 * is woken by the next completion, so the amount under writeback stays what the device can queue.
 * fsync and sync run the data-integrity path in the caller's thread and return how long it would wait.
 */
public final class Flusher {
    /** MIN_WRITEBACK_PAGES: 4 MB worth of pages, the granularity of a writeback chunk. */
    static final long MIN_WRITEBACK_PAGES = 4096 >> (dev.physmem.model.Mm.PAGE_SHIFT - 10);
    /** DIRTY_SCOPE: a chunk is at most 1/8 of the dirty limit. */
    static final long DIRTY_SCOPE = 8;

    private final Scheduler clock;
    private final Cpus cpus;
    private final PageWriteback pageWriteback;
    private final BalanceDirtyPages bdp;
    private final WbBandwidth bandwidth;
    private final WbDomain domain;
    private final VmStat vmStat;
    private final Tracepoints trace;
    private final List<BdiWriteback> wbs = new CopyOnWriteArrayList<>();
    private final Bio.EndIo writebackEndIo;
    private volatile int dirtyWritebackInterval = 5 * 100;
    private volatile int dirtyExpireInterval = 30 * 100;

    public Flusher(Scheduler clock, Cpus cpus, PageWriteback pageWriteback, BalanceDirtyPages bdp, WbBandwidth bandwidth,
                   WbDomain domain, VmStat vmStat, Tracepoints trace) {
        this.clock = clock;
        this.cpus = cpus;
        this.pageWriteback = pageWriteback;
        this.bdp = bdp;
        this.bandwidth = bandwidth;
        this.domain = domain;
        this.vmStat = vmStat;
        this.trace = trace;
        this.writebackEndIo = this::endWritebackBio;
    }

    /** bdi_register(): the device gets its bdi_writeback and a flusher named flush-MAJ:MIN. */
    public BdiWriteback registerDevice(BlockDevice bdev) {
        BdiWriteback wb = new BdiWriteback(this, bdev, cpus.count(), clock.jiffies());
        Worker worker = clock.worker("flush-" + bdev.bdiName());
        wb.dwork = clock.delayedWork(worker, () -> wbWorkfn(wb));
        wb.tagWakeup = () -> wbWakeup(wb);
        wbs.add(wb);
        return wb;
    }

    public List<BdiWriteback> wbs() {
        return wbs;
    }

    public int dirtyWritebackInterval() {
        return dirtyWritebackInterval;
    }

    public int dirtyExpireInterval() {
        return dirtyExpireInterval;
    }

    // =====================================================================================
    // Dirty inodes
    // =====================================================================================

    /**
     * __mark_inode_dirty(I_DIRTY_PAGES): an inode that was clean gets dirtied_when = now and goes to the
     * head of b_dirty; if it is the device's first dirty inode the flusher is armed for the next
     * periodic run.
     */
    public void markInodeDirty(AddressSpace mapping) {
        WbInode inode = mapping.wbInode;
        if ((inode.iState & I_DIRTY_PAGES) != 0) {
            return;
        }
        BdiWriteback wb = mapping.wb;
        boolean wakeup;
        synchronized (wb.listLock) {
            int state = inode.iState;
            if ((state & I_DIRTY_PAGES) != 0) {
                return;
            }
            inode.iState = state | I_DIRTY_PAGES;
            if ((state & (I_SYNC_QUEUED | I_FREEING)) != 0) {
                return;
            }
            inode.dirtiedWhen = clock.jiffies();
            wakeup = wb.bDirty.isEmpty() && wb.bIo.isEmpty() && wb.bMoreIo.isEmpty();
            move(inode, wb.bDirty);
        }
        if (wakeup) {
            wbWakeupDelayed(wb);
        }
    }

    /** inode_io_list_del(): an inode being evicted leaves the writeback lists for good. */
    public void inodeIoListDel(AddressSpace mapping) {
        WbInode inode = mapping.wbInode;
        synchronized (mapping.wb.listLock) {
            inode.iState = (inode.iState | I_FREEING) & ~I_DIRTY_PAGES;
            if (inode.ioList != null) {
                inode.ioList.remove(inode);
            }
        }
    }

    private static void move(WbInode inode, WbInode.IoList to) {
        if (inode.ioList != null) {
            inode.ioList.remove(inode);
        }
        to.addHead(inode);
    }

    // =====================================================================================
    // Waking the flusher
    // =====================================================================================

    /** wb_wakeup(): run now. */
    void wbWakeup(BdiWriteback wb) {
        wb.dwork.mod(0);
    }

    /** wb_wakeup_delayed(): run after dirty_writeback_interval unless already queued. */
    void wbWakeupDelayed(BdiWriteback wb) {
        wb.dwork.queue(Scheduler.centisecsToNanos(dirtyWritebackInterval));
    }

    /** wb_start_background_writeback(). */
    void wbStartBackgroundWriteback(BdiWriteback wb) {
        trace.writebackWakeBackground(wb.bdev.bdiName());
        wbWakeup(wb);
    }

    /**
     * wakeup_flusher_threads() → wb_start_writeback(): every device with dirty inodes writes all of them
     * for {@code reason}; one such request is pending per device at a time (WB_start_all).
     */
    public void wakeupFlusherThreads(int reason) {
        for (BdiWriteback wb : wbs) {
            if (!wb.hasDirtyIo()) {
                continue;
            }
            synchronized (wb) {
                if (wb.startAll) {
                    continue;
                }
                wb.startAll = true;
                wb.startAllReason = reason;
            }
            trace.writebackQueue(wb.bdev.bdiName(), reason, getNrDirtyPages(), false);
            wbWakeup(wb);
        }
    }

    // =====================================================================================
    // The flusher work
    // =====================================================================================

    /**
     * wb_workfn(): do the work; then re-arm for the next periodic check while the device has dirty
     * inodes, or wait for a request tag if the device queue is full.
     */
    private void wbWorkfn(BdiWriteback wb) {
        boolean blocked = wbDoWriteback(wb);
        if (blocked) {
            if (!wb.bdev.waitForTag(wb.tagWakeup)) {
                wbWakeup(wb);
            }
            return;
        }
        if (wb.hasDirtyIo() && dirtyWritebackInterval != 0) {
            wbWakeupDelayed(wb);
        }
    }

    /** wb_do_writeback(): the work in progress, then start-all, then kupdate, then background. True if blocked. */
    private boolean wbDoWriteback(BdiWriteback wb) {
        wb.writebackRunning = true;
        try {
            WbWritebackWork current = wb.current;
            if (current != null && !runWork(wb, current)) {
                return true;
            }
            WbWritebackWork work = startAllWork(wb);
            if (work != null && !runWork(wb, work)) {
                return true;
            }
            work = oldDataFlushWork(wb);
            if (work != null && !runWork(wb, work)) {
                return true;
            }
            if (bdp.wbOverBgThresh(wb)) {
                work = WbWritebackWork.of(Long.MAX_VALUE, WbReason.WB_REASON_BACKGROUND);
                work.forBackground = true;
                if (!runWork(wb, work)) {
                    return true;
                }
            }
            return false;
        } finally {
            wb.writebackRunning = false;
        }
    }

    /** Runs a work to its end (true), or leaves it as the wb's current work when the device is full. */
    private boolean runWork(BdiWriteback wb, WbWritebackWork work) {
        wb.current = work;
        boolean blocked = wbWriteback(wb, work);
        if (blocked) {
            return false;
        }
        wb.current = null;
        if (work.startAll) {
            wb.startAll = false;
        }
        trace.writebackWritten(wb.bdev.bdiName(), work.reason, work.startNanos, work.written, work.inodes);
        return true;
    }

    /** wb_check_start_all(). */
    private WbWritebackWork startAllWork(BdiWriteback wb) {
        if (!wb.startAll) {
            return null;
        }
        long nrPages = getNrDirtyPages();
        if (nrPages == 0) {
            wb.startAll = false;
            return null;
        }
        WbWritebackWork work = WbWritebackWork.of(nrPages, wb.startAllReason);
        work.startAll = true;
        return work;
    }

    /** wb_check_old_data_flush(): kupdate, at most once per dirty_writeback_interval. */
    private WbWritebackWork oldDataFlushWork(BdiWriteback wb) {
        int interval = dirtyWritebackInterval;
        if (interval == 0) {
            return null;
        }
        long now = clock.jiffies();
        long expired = wb.lastOldFlush + msecsToJiffies(interval * 10L);
        if (now < expired) {
            return null;
        }
        wb.lastOldFlush = now;
        long nrPages = getNrDirtyPages();
        if (nrPages == 0) {
            return null;
        }
        WbWritebackWork work = WbWritebackWork.of(nrPages, WbReason.WB_REASON_PERIODIC);
        work.forKupdate = true;
        return work;
    }

    /** get_nr_dirty_pages(): dirty pages plus dirty inodes. */
    private long getNrDirtyPages() {
        long inodes = 0;
        for (BdiWriteback wb : wbs) {
            int[] lengths = wb.ioListLengths();
            inodes += lengths[0] + lengths[1] + lengths[2];
        }
        return vmStat.globalNodePageState(NodeStatItem.NR_FILE_DIRTY) + inodes;
    }

    /**
     * wb_writeback(): write inodes of b_io, refilling it from b_dirty (expired ones for kupdate, all
     * for background and sync) and b_more_io, until the work's page budget is spent, background work
     * finds the device under its threshold, or nothing more can be written. True if it stopped on a
     * full device queue and must be resumed.
     */
    boolean wbWriteback(BdiWriteback wb, WbWritebackWork work) {
        if (work.startNanos < 0) {
            work.startNanos = clock.now();
            trace.writebackStart(wb.bdev.bdiName(), work.reason, work.nrPages);
        }
        long dirtiedBefore = clock.jiffies();
        while (true) {
            if (work.nrPages <= 0) {
                return false;
            }
            if (work.forBackground && !bdp.wbOverBgThresh(wb)) {
                return false;
            }
            boolean queued = false;
            synchronized (wb.listLock) {
                if (wb.bIo.isEmpty()) {
                    if (work.forKupdate) {
                        dirtiedBefore = clock.jiffies() - msecsToJiffies(dirtyExpireInterval * 10L);
                    } else if (work.forBackground) {
                        dirtiedBefore = clock.jiffies();
                    }
                    queueIo(wb, dirtiedBefore);
                    queued = true;
                }
            }
            long progress = writebackSbInodes(wb, work);
            if (work.blocked) {
                work.blocked = false;
                return true;
            }
            if (progress > 0 || !queued) {
                continue;
            }
            // Nothing was written; the kernel would wait for a busy inode on b_more_io. Stop instead.
            return false;
        }
    }

    /**
     * queue_io(): b_more_io goes back to b_io, and the inodes of b_dirty dirtied no later than
     * {@code dirtiedBefore} follow, oldest processed first.
     */
    private static void queueIo(BdiWriteback wb, long dirtiedBefore) {
        wb.bMoreIo.spliceInit(wb.bIo);
        WbInode.IoList expired = new WbInode.IoList("tmp");
        while (!wb.bDirty.isEmpty()) {
            WbInode inode = wb.bDirty.tail;
            if (inode.dirtiedWhen > dirtiedBefore) {
                break;
            }
            wb.bDirty.remove(inode);
            expired.addHead(inode);
            inode.iState |= I_SYNC_QUEUED;
        }
        expired.spliceInit(wb.bIo);
    }

    /** writeback_chunk_size(): how much of one inode to write before moving on. */
    private long writebackChunkSize(BdiWriteback wb, WbWritebackWork work) {
        if (work.syncMode == WritebackControl.WB_SYNC_ALL || work.taggedWritepages) {
            return Long.MAX_VALUE;
        }
        long pages = Math.min(wb.avgWriteBandwidth / 2, domain.dirtyLimit() / DIRTY_SCOPE);
        pages = Math.min(pages, work.nrPages);
        return (pages + MIN_WRITEBACK_PAGES) / MIN_WRITEBACK_PAGES * MIN_WRITEBACK_PAGES;
    }

    /** writeback_sb_inodes(): the inodes of b_io, oldest first. Returns pages (and cleaned inodes) written. */
    private long writebackSbInodes(BdiWriteback wb, WbWritebackWork work) {
        long startTime = clock.jiffies();
        long dirtiedBefore = startTime;
        if (work.forKupdate) {
            dirtiedBefore = startTime - msecsToJiffies(dirtyExpireInterval * 10L);
        }
        long totalWrote = 0;
        while (true) {
            WbInode inode;
            synchronized (wb.listLock) {
                inode = wb.bIo.tail;
                if (inode == null) {
                    break;
                }
                if ((inode.iState & I_FREEING) != 0) {
                    wb.bIo.remove(inode);
                    continue;
                }
                if ((inode.iState & I_SYNC) != 0) {
                    move(inode, wb.bMoreIo);
                    continue;
                }
                inode.iState |= I_SYNC;
            }
            WritebackControl wbc = new WritebackControl();
            wbc.syncMode = work.syncMode;
            wbc.taggedWritepages = work.taggedWritepages;
            wbc.forKupdate = work.forKupdate;
            wbc.forBackground = work.forBackground;
            wbc.forSync = work.forSync;
            wbc.rangeCyclic = work.rangeCyclic;
            wbc.reason = work.reason;
            wbc.stopWhenCongested = work.syncMode == WritebackControl.WB_SYNC_NONE;
            long writeChunk = writebackChunkSize(wb, work);
            wbc.nrToWrite = writeChunk;
            writebackSingleInode(inode, wbc);
            long written = writeChunk - wbc.nrToWrite;
            long wrote = written;
            synchronized (wb.listLock) {
                if ((inode.iState & I_DIRTY_PAGES) == 0) {
                    wrote++;
                }
                requeueInode(inode, wb, wbc, dirtiedBefore);
                inode.iState &= ~I_SYNC;
            }
            work.nrPages -= written;
            work.written += written;
            work.inodes++;
            totalWrote += wrote;
            if (wbc.congested) {
                work.blocked = true;
                break;
            }
            if (totalWrote > 0) {
                if (clock.jiffies() >= startTime + Scheduler.HZ / 10) {
                    break;
                }
                if (work.nrPages <= 0) {
                    break;
                }
            }
        }
        return totalWrote;
    }

    /**
     * __writeback_single_inode(): write the pages, then the inode stays I_DIRTY_PAGES only if pages are
     * still tagged dirty (they were redirtied, or the chunk ran out).
     */
    private void writebackSingleInode(WbInode inode, WritebackControl wbc) {
        AddressSpace mapping = inode.mapping;
        synchronized (mapping) {
            doWritepages(mapping, wbc);
            synchronized (mapping.wb.listLock) {
                int state = inode.iState & ~I_DIRTY_PAGES;
                if (mapping.iPages().marked(XArray.PAGECACHE_TAG_DIRTY)) {
                    state |= I_DIRTY_PAGES;
                }
                inode.iState = state;
            }
        }
    }

    /**
     * requeue_inode(): a clean inode leaves the lists; one whose chunk ran out continues from
     * b_more_io; one still dirty for another reason goes back to b_dirty (redirty_tail).
     */
    private void requeueInode(WbInode inode, BdiWriteback wb, WritebackControl wbc, long dirtiedBefore) {
        if ((inode.iState & I_FREEING) != 0) {
            return;
        }
        if ((inode.iState & I_DIRTY_PAGES) != 0 && wbc.syncMode == WritebackControl.WB_SYNC_ALL) {
            inode.dirtiedWhen = clock.jiffies();
        }
        if ((inode.iState & I_DIRTY_PAGES) != 0) {
            if (wbc.nrToWrite <= 0 && inode.dirtiedWhen <= dirtiedBefore || wbc.congested) {
                move(inode, wb.bMoreIo);
            } else {
                redirtyTail(inode, wb);
            }
        } else {
            if (inode.ioList != null) {
                inode.ioList.remove(inode);
            }
            inode.iState &= ~I_SYNC_QUEUED;
        }
    }

    /** redirty_tail_locked(): back to b_dirty; refreshed if it would otherwise look older than the newest. */
    private void redirtyTail(WbInode inode, BdiWriteback wb) {
        WbInode newest = wb.bDirty.head;
        if (newest != null && inode.dirtiedWhen < newest.dirtiedWhen) {
            inode.dirtiedWhen = clock.jiffies();
        }
        move(inode, wb.bDirty);
        inode.iState &= ~I_SYNC_QUEUED;
    }

    // =====================================================================================
    // writepages, fsync, sync
    // =====================================================================================

    /**
     * do_writepages(): write_cache_pages, then refresh the bandwidth estimate if 200 ms passed. Caller
     * holds the mapping's lock.
     */
    public void doWritepages(AddressSpace mapping, WritebackControl wbc) {
        if (wbc.nrToWrite <= 0) {
            return;
        }
        BdiWriteback wb = mapping.wb;
        bandwidth.bandwidthEstimateStart(wb);
        pageWriteback.writeCachePages(mapping, wbc, writebackEndIo);
        if (clock.jiffies() >= wb.bwTimeStamp + BalanceDirtyPages.BANDWIDTH_INTERVAL) {
            bandwidth.updateBandwidth(wb);
        }
    }

    private void endWritebackBio(Bio bio) {
        AddressSpace mapping = pageWriteback.endWritebackBio(bio);
        if (mapping != null) {
            integrityRewrite(mapping);
        }
        BdiWriteback wb = bio.wb;
        // wb_inode_writeback_end(): the bandwidth is sampled once the device's writeback drains.
        if (wb.bdev.inflightRequests() == 0 && clock.jiffies() >= wb.bwTimeStamp + BalanceDirtyPages.BANDWIDTH_INTERVAL) {
            bandwidth.updateBandwidth(wb);
        }
    }

    /**
     * The end of a file's I/O wakes a data-integrity writer that found a folio of it under that I/O
     * and dirty again (it would have waited in folio_wait_writeback() and then written it): the
     * writer's pass over the file runs now.
     */
    public void integrityRewrite(AddressSpace mapping) {
        synchronized (mapping) {
            if (mapping.integrityRewritePending() && !mapping.freeing()) {
                mapping.setIntegrityRewritePending(false);
                doWritepages(mapping, WritebackControl.dataIntegrity(WbReason.WB_REASON_SYNC));
            }
        }
    }

    /**
     * vfs_fsync() → file_write_and_wait_range(): write every dirty folio of the file with WB_SYNC_ALL
     * and wait for all its writeback; returns the simulated ns the caller waits.
     */
    public long fsync(AddressSpace mapping) {
        long now = clock.now();
        long done;
        synchronized (mapping) {
            WritebackControl wbc = WritebackControl.dataIntegrity(WbReason.WB_REASON_SYNC);
            doWritepages(mapping, wbc);
            done = Math.max(wbc.lastCompletion, filemapFdatawaitCompletion(mapping));
        }
        return Math.max(0, done - now);
    }

    /** __filemap_fdatawait_range(): when the last folio tagged WRITEBACK finishes. Caller holds the lock. */
    private static long filemapFdatawaitCompletion(AddressSpace mapping) {
        XArray xa = mapping.iPages();
        BlockDevice bdev = mapping.wb.bdev;
        long done = -1;
        for (long i = xa.findMarked(0, XArray.PAGECACHE_TAG_WRITEBACK); i >= 0;
             i = xa.findMarked(i + 1, XArray.PAGECACHE_TAG_WRITEBACK)) {
            done = Math.max(done, bdev.completionOf(xa.load(i)));
        }
        return done;
    }

    /**
     * ksys_sync(): wake every flusher, then sync_inodes_sb() — a WB_SYNC_ALL pass over every dirty
     * inode, run here instead of queued and waited for — and wait until every device has drained.
     */
    public long sync() {
        long now = clock.now();
        wakeupFlusherThreads(WbReason.WB_REASON_SYNC);
        long done = now;
        for (BdiWriteback wb : wbs) {
            WbWritebackWork work = WbWritebackWork.of(Long.MAX_VALUE, WbReason.WB_REASON_SYNC);
            work.syncMode = WritebackControl.WB_SYNC_ALL;
            work.forSync = true;
            work.rangeCyclic = false;
            trace.writebackQueue(wb.bdev.bdiName(), work.reason, work.nrPages, true);
            syncWriteback(wb, work);
            trace.writebackWritten(wb.bdev.bdiName(), work.reason, work.startNanos, work.written, work.inodes);
            done = Math.max(done, wb.bdev.drainedAt());
        }
        return done - now;
    }

    /**
     * The for_sync work: every inode on the device's lists, written with WB_SYNC_ALL. An inode the
     * flusher is writing at the same moment is written too (the mapping lock orders the two), but its
     * place on the lists is left to the flusher.
     */
    private void syncWriteback(BdiWriteback wb, WbWritebackWork work) {
        work.startNanos = clock.now();
        trace.writebackStart(wb.bdev.bdiName(), work.reason, work.nrPages);
        List<WbInode> inodes = new java.util.ArrayList<>();
        synchronized (wb.listLock) {
            for (WbInode.IoList list : new WbInode.IoList[] {wb.bIo, wb.bMoreIo, wb.bDirty}) {
                for (WbInode i = list.head; i != null; i = i.ioNext) {
                    inodes.add(i);
                }
            }
        }
        for (WbInode inode : inodes) {
            boolean owner;
            synchronized (wb.listLock) {
                if ((inode.iState & I_FREEING) != 0) {
                    continue;
                }
                owner = (inode.iState & I_SYNC) == 0;
                if (owner) {
                    inode.iState |= I_SYNC;
                }
            }
            WritebackControl wbc = WritebackControl.dataIntegrity(WbReason.WB_REASON_SYNC);
            wbc.forSync = true;
            writebackSingleInode(inode, wbc);
            work.written += Long.MAX_VALUE - wbc.nrToWrite;
            work.inodes++;
            if (owner) {
                synchronized (wb.listLock) {
                    requeueInode(inode, wb, wbc, clock.jiffies());
                    inode.iState &= ~I_SYNC;
                }
            }
        }
    }

    static long msecsToJiffies(long ms) {
        return (ms * Scheduler.HZ + 999) / 1000;
    }

    // =====================================================================================
    // Sysctls
    // =====================================================================================

    /**
     * dirty_writeback_centisecs_handler(): a new non-zero interval wakes every flusher at once, which
     * also re-arms it with the new interval; 0 turns periodic writeback off.
     */
    public void setDirtyWritebackInterval(int centisecs) {
        int old = dirtyWritebackInterval;
        dirtyWritebackInterval = centisecs;
        if (centisecs != 0 && centisecs != old) {
            wakeupFlusherThreads(WbReason.WB_REASON_PERIODIC);
        }
    }

    public void setDirtyExpireInterval(int centisecs) {
        dirtyExpireInterval = centisecs;
    }

    /** vm.dirty_writeback_centisecs and vm.dirty_expire_centisecs (mm/page-writeback.c). */
    public void registerSysctls(SysctlTable table) {
        table.register(Sysctl.ofInt("dirty_writeback_centisecs", 0, Integer.MAX_VALUE, "centisecs",
                "Interval between the flusher's periodic writeback runs; 0 disables periodic writeback (a new value wakes the flushers at once).",
                this::dirtyWritebackInterval, v -> setDirtyWritebackInterval((int) v)));
        table.register(Sysctl.ofInt("dirty_expire_centisecs", 0, Integer.MAX_VALUE, "centisecs",
                "Age at which dirty data is old enough for the periodic writeback to write it.",
                this::dirtyExpireInterval, v -> setDirtyExpireInterval((int) v)));
    }
}
