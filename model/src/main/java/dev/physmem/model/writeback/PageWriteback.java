package dev.physmem.model.writeback;

import dev.physmem.model.alloc.PageAlloc;
import dev.physmem.model.cpu.Cpu;
import dev.physmem.model.cpu.Cpus;
import dev.physmem.model.filemap.AddressSpace;
import dev.physmem.model.filemap.Inodes;
import dev.physmem.model.filemap.XArray;
import dev.physmem.model.page.BadPage;
import dev.physmem.model.page.Folios;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.page.PageFlags;
import dev.physmem.model.time.Scheduler;
import dev.physmem.model.trace.Tracepoints;
import dev.physmem.model.vmscan.Lru;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.VmStat;
import dev.physmem.model.vmstat.ZoneStatItem;

/**
 * The life of a page-cache folio between dirty and clean (mm/page-writeback.c): dirtying and its
 * accounting ({@code filemap_dirty_folio}, {@code folio_account_dirtied}), cancelling it (truncate),
 * clearing it for I/O, PG_writeback from {@code folio_start_writeback} to {@code folio_end_writeback},
 * and {@code write_cache_pages}, which turns a mapping's dirty folios into block requests. Callers hold
 * the mapping's lock except where a method says otherwise.
 *
 * <p>Every dirty page is counted in NR_FILE_DIRTY, every page under writeback in NR_WRITEBACK, both in
 * the zone's NR_ZONE_WRITE_PENDING, and in the device's WB_RECLAIMABLE / WB_WRITEBACK.
 */
public final class PageWriteback {
    /** Longs per CPU slot of {@link #bdpRatelimits}. */
    private static final int PAD = 16;

    private final MemMap memMap;
    private final Folios folios;
    private final PageAlloc pageAlloc;
    private final VmStat vmStat;
    private final Cpus cpus;
    private final Lru lru;
    private final Inodes inodes;
    private final WbDomain domain;
    private final Tracepoints trace;
    private final Scheduler clock;
    private final BadPage badPage;
    /** bdp_ratelimits: pages dirtied on each CPU since a task last looked at the limits. */
    final long[] bdpRatelimits;

    public PageWriteback(MemMap memMap, Folios folios, PageAlloc pageAlloc, VmStat vmStat, Cpus cpus, Lru lru,
                         Inodes inodes, WbDomain domain, Tracepoints trace, Scheduler clock, BadPage badPage) {
        this.memMap = memMap;
        this.folios = folios;
        this.pageAlloc = pageAlloc;
        this.vmStat = vmStat;
        this.cpus = cpus;
        this.lru = lru;
        this.inodes = inodes;
        this.domain = domain;
        this.trace = trace;
        this.clock = clock;
        this.badPage = badPage;
        this.bdpRatelimits = new long[cpus.count() * PAD];
    }

    public WbDomain domain() {
        return domain;
    }

    // ---- dirtying ----

    /**
     * folio_mark_dirty() for a page-cache folio (filemap_dirty_folio): true if it was clean and is now
     * dirty and accounted. The caller then marks the inode dirty (__mark_inode_dirty).
     */
    public boolean filemapDirtyFolio(AddressSpace mapping, int folio, DirtyThrottleTask task) {
        if (memMap.test(folio, PageFlags.PG_reclaim)) {
            memMap.clear(folio, PageFlags.PG_reclaim);
        }
        if (memMap.testAndSet(folio, PageFlags.PG_dirty)) {
            return false;
        }
        int nr = folios.folioNrPages(folio);
        folioAccountDirtied(mapping, folio, nr, task);
        mapping.iPages().setMark(memMap.index(folio), XArray.PAGECACHE_TAG_DIRTY);
        return true;
    }

    /** folio_account_dirtied(). */
    private void folioAccountDirtied(AddressSpace mapping, int folio, int nr, DirtyThrottleTask task) {
        BdiWriteback wb = mapping.wb;
        Cpu cpu = task != null ? task.cpu : cpus.current();
        cpu.lock();
        try {
            var zone = pageAlloc.pageZone(folio);
            var node = zone.node;
            vmStat.__modNodePageState(cpu, node, NodeStatItem.NR_FILE_DIRTY, nr);
            vmStat.__modZonePageState(cpu, zone, ZoneStatItem.NR_ZONE_WRITE_PENDING, nr);
            vmStat.__modNodePageState(cpu, node, NodeStatItem.NR_DIRTIED, nr);
            wb.__statMod(cpu, BdiWriteback.WB_RECLAIMABLE, nr);
            wb.__statMod(cpu, BdiWriteback.WB_DIRTIED, nr);
            bdpRatelimits[cpu.id * PAD] += nr;
        } finally {
            cpu.unlock();
        }
        if (task != null) {
            task.nrDirtied += nr;
        }
        trace.writebackDirtyFolio(folio, wb.bdev.dev(), mapping.ino, memMap.index(folio), nr);
    }

    /** folio_account_cleaned(): a dirty folio leaves the counters without being written. */
    private void folioAccountCleaned(AddressSpace mapping, int folio, int nr, Cpu cpu) {
        cpu.lock();
        try {
            vmStat.__modNodePageState(cpu, pageAlloc.pageZone(folio).node, NodeStatItem.NR_FILE_DIRTY, -nr);
            vmStat.__modZonePageState(cpu, pageAlloc.pageZone(folio), ZoneStatItem.NR_ZONE_WRITE_PENDING, -nr);
            mapping.wb.__statMod(cpu, BdiWriteback.WB_RECLAIMABLE, -nr);
        } finally {
            cpu.unlock();
        }
    }

    /**
     * folio_cancel_dirty(): truncation throws the dirty data away; it is never written. {@code cpu} is the
     * caller's, whose lock a batch holds across its folios.
     */
    public void folioCancelDirty(AddressSpace mapping, int folio, Cpu cpu) {
        if (memMap.testAndClear(folio, PageFlags.PG_dirty)) {
            folioAccountCleaned(mapping, folio, folios.folioNrPages(folio), cpu);
            mapping.iPages().clearMark(memMap.index(folio), XArray.PAGECACHE_TAG_DIRTY);
        }
    }

    /**
     * folio_clear_dirty_for_io(): about to write the folio; it stops counting as dirty (its PTEs would
     * be write-protected here, so a store through a mapping dirties it again). True if it was dirty.
     */
    public boolean folioClearDirtyForIo(AddressSpace mapping, int folio) {
        if (!memMap.testAndClear(folio, PageFlags.PG_dirty)) {
            return false;
        }
        folioAccountCleaned(mapping, folio, folios.folioNrPages(folio), cpus.current());
        return true;
    }

    // ---- writeback ----

    /**
     * __folio_start_writeback(folio, keep_write = false). {@code mapping} is null for a swap-cache
     * folio, which has no page-cache tags and no bdi_writeback counters.
     */
    public void folioStartWriteback(AddressSpace mapping, int folio) {
        if (memMap.testAndSet(folio, PageFlags.PG_writeback)) {
            badPage.vmBugOnFolio(folio, "folio_test_writeback(folio)");
            return;
        }
        int nr = folios.folioNrPages(folio);
        if (mapping != null) {
            XArray xa = mapping.iPages();
            long index = memMap.index(folio);
            xa.setMark(index, XArray.PAGECACHE_TAG_WRITEBACK);
            if (!memMap.test(folio, PageFlags.PG_dirty)) {
                xa.clearMark(index, XArray.PAGECACHE_TAG_DIRTY);
            }
            xa.clearMark(index, XArray.PAGECACHE_TAG_TOWRITE);
        }
        Cpu cpu = cpus.current();
        cpu.lock();
        try {
            if (mapping != null) {
                mapping.wb.__statMod(cpu, BdiWriteback.WB_WRITEBACK, nr);
            }
            vmStat.__modNodePageState(cpu, pageAlloc.pageZone(folio).node, NodeStatItem.NR_WRITEBACK, nr);
            vmStat.__modZonePageState(cpu, pageAlloc.pageZone(folio), ZoneStatItem.NR_ZONE_WRITE_PENDING, nr);
        } finally {
            cpu.unlock();
        }
    }

    /**
     * folio_end_writeback(): a folio reclaim asked for (PG_reclaim) is rotated to the inactive tail,
     * PG_writeback clears, and the pages count as written. {@code mapping} is null when the folio was
     * truncated while its I/O was in flight (the device's counters are still {@code wb}'s) and, with
     * {@code wb}, for a swap-cache folio.
     */
    public void folioEndWriteback(BdiWriteback wb, AddressSpace mapping, int folio) {
        if (memMap.testAndClear(folio, PageFlags.PG_reclaim)) {
            lru.folioRotateReclaimable(folio);
        }
        if (!memMap.testAndClear(folio, PageFlags.PG_writeback)) {
            badPage.vmBugOnFolio(folio, "!folio_test_writeback(folio)");
            return;
        }
        int nr = folios.folioNrPages(folio);
        if (mapping != null) {
            mapping.iPages().clearMark(memMap.index(folio), XArray.PAGECACHE_TAG_WRITEBACK);
        }
        Cpu cpu = cpus.current();
        cpu.lock();
        try {
            if (wb != null) {
                wb.__statMod(cpu, BdiWriteback.WB_WRITEBACK, -nr);
                wb.__statMod(cpu, BdiWriteback.WB_WRITTEN, nr);
            }
            var zone = pageAlloc.pageZone(folio);
            vmStat.__modNodePageState(cpu, zone.node, NodeStatItem.NR_WRITEBACK, -nr);
            vmStat.__modZonePageState(cpu, zone, ZoneStatItem.NR_ZONE_WRITE_PENDING, -nr);
            vmStat.__modNodePageState(cpu, zone.node, NodeStatItem.NR_WRITTEN, nr);
        } finally {
            cpu.unlock();
        }
    }

    /**
     * end_bio for writeback: every folio of the request ends writeback and drops the I/O reference
     * (which frees a folio truncated meanwhile); the device's completions feed its share of the limit.
     */
    AddressSpace endWritebackBio(Bio bio) {
        AddressSpace mapping = inodes.lookup(bio.ino);
        if (mapping == null) {
            for (int i = 0; i < bio.nrFolios(); i++) {
                folioEndWriteback(bio.wb, null, bio.folio(i));
            }
        } else {
            synchronized (mapping) {
                for (int i = 0; i < bio.nrFolios(); i++) {
                    int folio = bio.folio(i);
                    folioEndWriteback(bio.wb, memMap.mapping(folio) == mapping.ino ? mapping : null, folio);
                }
            }
        }
        for (int i = 0; i < bio.nrFolios(); i++) {
            folios.folioPut(bio.folio(i));
        }
        domain.writeoutAdd(bio.wb, bio.nrPages(), clock.jiffies());
        return mapping;
    }

    /**
     * do_writepages() → write_cache_pages(): write the mapping's dirty folios in index order, starting
     * where the last range-cyclic pass stopped. Data-integrity writeback first tags every dirty folio
     * TOWRITE and writes exactly those, so pages dirtied meanwhile cannot livelock it; a folio it finds
     * still under I/O and dirty again is written when that I/O ends (the mapping's integrity rewrite).
     * Caller holds the mapping's lock.
     */
    public void writeCachePages(AddressSpace mapping, WritebackControl wbc, Bio.EndIo endIo) {
        XArray xa = mapping.iPages();
        BlockDevice bdev = mapping.wb.bdev;
        boolean tagged = wbc.syncMode == WritebackControl.WB_SYNC_ALL || wbc.taggedWritepages;
        long index = wbc.rangeCyclic ? mapping.writebackIndex() : wbc.rangeStart;
        long end = wbc.rangeCyclic ? Long.MAX_VALUE : wbc.rangeEnd;
        if (tagged) {
            tagPagesForWriteback(xa, index, end);
        }
        int tag = tagged ? XArray.PAGECACHE_TAG_TOWRITE : XArray.PAGECACHE_TAG_DIRTY;
        Bio bio = null;
        boolean done = false;
        while (true) {
            long i = xa.findMarked(index, tag);
            if (i < 0 || i > end) {
                done = true;
                break;
            }
            int folio = xa.load(i);
            int nr = folios.folioNrPages(folio);
            if (memMap.test(folio, PageFlags.PG_writeback) || memMap.test(folio, PageFlags.PG_locked)) {
                index = i + nr;
                if (wbc.syncMode == WritebackControl.WB_SYNC_NONE) {
                    continue;
                }
                // WB_SYNC_ALL waits for the I/O in flight (a write, or the read a partial write started);
                // it cannot block here, so the end of that I/O runs another pass over the file.
                xa.clearMark(i, XArray.PAGECACHE_TAG_TOWRITE);
                if (memMap.test(folio, PageFlags.PG_dirty)) {
                    long after = bdev.completionOf(folio);
                    wbc.lastCompletion = Math.max(wbc.lastCompletion, after + bdev.serviceNanos(nr));
                    mapping.setIntegrityRewritePending(true);
                } else {
                    wbc.lastCompletion = Math.max(wbc.lastCompletion, bdev.completionOf(folio));
                }
                continue;
            }
            if (bio != null && !bio.add(folio, i, nr)) {
                submit(bio, wbc);
                bio = null;
            }
            if (bio == null && wbc.stopWhenCongested && bdev.congested()) {
                wbc.congested = true;
                index = i;
                break;
            }
            index = i + nr;
            if (!folioClearDirtyForIo(mapping, folio)) {
                xa.clearMark(i, tag);
                continue;
            }
            folioStartWriteback(mapping, folio);
            folios.folioGet(folio);
            trace.wbcWritepage(folio, bdev.dev(), mapping.ino, i, nr, wbc.reason);
            if (bio == null) {
                bio = new Bio(true, mapping.wb, mapping.ino, endIo);
                bio.add(folio, i, nr);
            }
            wbc.nrToWrite -= nr;
            if (wbc.nrToWrite <= 0 && wbc.syncMode == WritebackControl.WB_SYNC_NONE) {
                break;
            }
        }
        if (bio != null) {
            submit(bio, wbc);
        }
        if (wbc.rangeCyclic) {
            mapping.setWritebackIndex(done ? 0 : index);
        }
    }

    private static void submit(Bio bio, WritebackControl wbc) {
        long completion = bio.wb.bdev.submitBio(bio);
        wbc.lastCompletion = Math.max(wbc.lastCompletion, completion);
    }

    /** tag_pages_for_writeback(): every dirty folio in the range gets TOWRITE. */
    private static void tagPagesForWriteback(XArray xa, long start, long end) {
        for (long i = xa.findMarked(start, XArray.PAGECACHE_TAG_DIRTY); i >= 0 && i <= end;
             i = xa.findMarked(i + 1, XArray.PAGECACHE_TAG_DIRTY)) {
            xa.setMark(i, XArray.PAGECACHE_TAG_TOWRITE);
        }
    }

    /** Pages of the current CPU dirtied since the counter was last reset (balance_dirty_pages). */
    long bdpRatelimit(Cpu cpu) {
        return bdpRatelimits[cpu.id * PAD];
    }

    void resetBdpRatelimit(Cpu cpu) {
        bdpRatelimits[cpu.id * PAD] = 0;
    }
}
