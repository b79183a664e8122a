package dev.physmem.model.filemap;

import dev.physmem.model.Mm;
import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.alloc.PageAlloc;
import dev.physmem.model.cpu.Cpu;
import dev.physmem.model.cpu.Cpus;
import dev.physmem.model.page.FolioBatch;
import dev.physmem.model.page.Folios;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.page.PageFlags;
import dev.physmem.model.time.Scheduler;
import dev.physmem.model.trace.Tracepoints;
import dev.physmem.model.vmscan.Lru;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.VmStat;
import dev.physmem.model.writeback.BalanceDirtyPages;
import dev.physmem.model.writeback.BdiWriteback;
import dev.physmem.model.writeback.Bio;
import dev.physmem.model.writeback.BlockDevice;
import dev.physmem.model.writeback.DirtyThrottleTask;
import dev.physmem.model.writeback.Flusher;
import dev.physmem.model.writeback.PageWriteback;

/**
 * The page cache (mm/filemap.c): adding and removing folios, the buffered read path
 * ({@code filemap_read} with a simple synchronous readahead) and the buffered write path
 * ({@code generic_perform_write}). A folio in the cache holds one reference per page for the cache,
 * sits on its node's LRU, and names its file and offset in {@code mapping} and {@code index}.
 *
 * <p>Memory is never allocated with a mapping's lock held: a miss drops the lock, allocates (which may
 * reclaim, even from this file), retakes it and looks again.
 */
public final class Filemap {
    /** mapping_gfp_mask() of a regular file. */
    public static final int GFP_PAGECACHE = Gfp.GFP_HIGHUSER_MOVABLE;
    /** VM_READAHEAD_PAGES: read_ahead_kb = 128. */
    static final int VM_READAHEAD_PAGES = 128 >> (Mm.PAGE_SHIFT - 10);

    private final MemMap memMap;
    private final Folios folios;
    private final PageAlloc pageAlloc;
    private final VmStat vmStat;
    private final Lru lru;
    private final Inodes inodes;
    private final PageWriteback pageWriteback;
    private final Flusher flusher;
    private final BalanceDirtyPages bdp;
    private final Tracepoints trace;
    private final Scheduler clock;
    private final Cpus cpus;
    private final Bio.EndIo readEndIo = this::endReadBio;
    /** pageCacheRa() could not allocate a single page. */
    private static final long NO_MEMORY = Long.MIN_VALUE;

    public Filemap(MemMap memMap, Folios folios, PageAlloc pageAlloc, VmStat vmStat, Lru lru, Inodes inodes,
                   PageWriteback pageWriteback, Flusher flusher, BalanceDirtyPages bdp, Tracepoints trace,
                   Scheduler clock, Cpus cpus) {
        this.cpus = cpus;
        this.memMap = memMap;
        this.folios = folios;
        this.pageAlloc = pageAlloc;
        this.vmStat = vmStat;
        this.lru = lru;
        this.inodes = inodes;
        this.pageWriteback = pageWriteback;
        this.flusher = flusher;
        this.bdp = bdp;
        this.trace = trace;
        this.clock = clock;
    }

    public Inodes inodes() {
        return inodes;
    }

    /** A new empty file on the device of {@code wb}. */
    public AddressSpace createFile(String name, BdiWriteback wb) {
        return inodes.create(name, wb);
    }

    // =====================================================================================
    // Adding and removing folios
    // =====================================================================================

    /**
     * __filemap_add_folio() + folio_add_lru(): the caller's allocation reference becomes one of the
     * cache's {@code nr} references. Caller holds the mapping's lock and has checked the slot is empty.
     */
    void filemapAddFolio(AddressSpace mapping, int folio, long index, Cpu cpu) {
        int nr = folios.folioNrPages(folio);
        if (nr > 1) {
            folios.folioRefAdd(folio, nr - 1);
        }
        memMap.setMapping(folio, mapping.ino);
        memMap.setIndex(folio, (int) index);
        for (int i = 0; i < nr; i++) {
            mapping.iPages.store(index + i, folio);
        }
        mapping.nrpages += nr;
        cpu.lock();
        try {
            vmStat.__modNodePageState(cpu, pageAlloc.pageZone(folio).node, NodeStatItem.NR_FILE_PAGES, nr);
        } finally {
            cpu.unlock();
        }
        trace.mmFilemapAddToPageCache(folio, mapping.wb.bdev.dev(), mapping.ino, index, folios.folioOrder(folio));
        lru.folioAddLru(folio, cpu);
    }

    /**
     * filemap_remove_folio(): page_cache_delete(), then the cache's references go. The folio must be
     * clean (truncation cancels dirty first). Caller holds the mapping's lock.
     */
    public void filemapRemoveFolio(AddressSpace mapping, int folio) {
        int nr = folios.folioNrPages(folio);
        Cpu cpu = cpus.current();
        cpu.lock();
        try {
            pageCacheDelete(mapping, folio, nr, cpu);
        } finally {
            cpu.unlock();
        }
        folios.folioPutRefs(folio, nr);
    }

    /**
     * delete_from_page_cache_batch(): the batch's folios, each carrying its page count, leave the cache
     * under one lock; the cache's references stay for the caller's folios_put_refs(). Caller holds the
     * mapping's lock and {@code cpu}'s; the folios are clean.
     */
    public void deleteFromPageCacheBatch(AddressSpace mapping, FolioBatch batch, Cpu cpu) {
        for (int i = 0; i < batch.count(); i++) {
            pageCacheDelete(mapping, batch.folio(i), batch.value(i), cpu);
        }
    }

    /** page_cache_delete() + filemap_unaccount_folio(). Caller holds the mapping's lock and {@code cpu}'s. */
    private void pageCacheDelete(AddressSpace mapping, int folio, int nr, Cpu cpu) {
        long index = memMap.index(folio);
        trace.mmFilemapDeleteFromPageCache(folio, mapping.wb.bdev.dev(), mapping.ino, index, folios.folioOrder(folio));
        for (int i = 0; i < nr; i++) {
            mapping.iPages.erase(index + i);
        }
        memMap.setMapping(folio, 0);
        mapping.nrpages -= nr;
        vmStat.__modNodePageState(cpu, pageAlloc.pageZone(folio).node, NodeStatItem.NR_FILE_PAGES, -nr);
    }

    /**
     * __remove_mapping() for reclaim: the folio leaves the cache only if nobody but the cache and the
     * reclaimer holds it (the refcount freeze), and it is still clean and idle. The reclaimer's own
     * reference is left for it to drop. Caller holds the mapping's lock.
     */
    public boolean removeMappingForReclaim(AddressSpace mapping, int folio) {
        int nr = folios.folioNrPages(folio);
        if (memMap.mapping(folio) != mapping.ino || folios.folioRefCount(folio) != nr + 1
                || memMap.test(folio, PageFlags.PG_dirty) || memMap.test(folio, PageFlags.PG_writeback)
                || memMap.test(folio, PageFlags.PG_locked) || folios.folioMapped(folio)) {
            return false;
        }
        filemapRemoveFolio(mapping, folio);
        return true;
    }

    // =====================================================================================
    // Write
    // =====================================================================================

    /**
     * generic_perform_write(): for each page of the range, balance_dirty_pages_ratelimited(), find or
     * create the folio, copy, mark it dirty. A partial write of a page that exists on disk reads it
     * first. Returns the simulated ns the writer waits: throttle pauses plus any such read. A short
     * write (no memory) stops early.
     */
    public long genericPerformWrite(AddressSpace mapping, long pos, long count, DirtyThrottleTask task) {
        long pause = 0;
        long ioDone = -1;
        if (count <= 0) {
            return 0;
        }
        long end = pos + count;
        long last = (end - 1) >>> Mm.PAGE_SHIFT;
        if (pos < 0 || last > AddressSpace.MAX_INDEX) {
            throw new IllegalArgumentException("EFBIG: write of " + count + " bytes at " + pos + " to " + mapping);
        }
        BdiWriteback wb = mapping.wb;
        task.beginCall(cpus.current());
        // A streaming writer misses page after page: once it has missed, the next folio is allocated
        // before the lock is taken (as the kernel allocates before taking xa_lock), saving a round trip.
        int spare = MemMap.NONE;
        boolean missed = false;
        for (long index = pos >>> Mm.PAGE_SHIFT; index <= last; index++) {
            pause += bdp.balanceDirtyPagesRatelimited(wb, task);
            long pageStart = index << Mm.PAGE_SHIFT;
            boolean wholePage = pos <= pageStart && end >= pageStart + Mm.PAGE_SIZE;
            if (missed && spare == MemMap.NONE) {
                spare = pageAlloc.folioAlloc(GFP_PAGECACHE | Gfp.__GFP_WRITE, 0);
                if (spare == MemMap.NONE) {
                    break;
                }
            }
            synchronized (mapping) {
                if (mapping.freeing) {
                    break;
                }
                int folio = mapping.iPages.load(index);
                if (folio != MemMap.NONE) {
                    missed = false;
                    ioDone = Math.max(ioDone, writeEnd(mapping, folio, pageStart, end, task));
                    continue;
                }
                if (spare != MemMap.NONE) {
                    ioDone = Math.max(ioDone, addAndWrite(mapping, spare, index, pageStart, end, wholePage, task));
                    spare = MemMap.NONE;
                    continue;
                }
            }
            missed = true;
            int folio = pageAlloc.folioAlloc(GFP_PAGECACHE | Gfp.__GFP_WRITE, 0);
            if (folio == MemMap.NONE) {
                break;
            }
            synchronized (mapping) {
                int raced = mapping.freeing ? folio : mapping.iPages.load(index);
                if (raced != MemMap.NONE) {
                    folios.folioPut(folio);
                    if (mapping.freeing) {
                        break;
                    }
                    ioDone = Math.max(ioDone, writeEnd(mapping, raced, pageStart, end, task));
                    continue;
                }
                ioDone = Math.max(ioDone, addAndWrite(mapping, folio, index, pageStart, end, wholePage, task));
            }
        }
        if (spare != MemMap.NONE) {
            folios.folioPut(spare);
        }
        // The clock is read only if a page had to be read first: a write that waits for no I/O, nearly
        // every one, costs no clock read here.
        return ioDone < 0 ? pause : pause + Math.max(0, ioDone - clock.now());
    }

    /**
     * write_begin for a new folio: into the cache, uptodate at once when the write covers it or it lies
     * past the end of file, else read first (__block_write_begin()); then the copy. Caller holds the
     * mapping's lock. Returns when the caller's wait for a read ends, or -1.
     */
    private long addAndWrite(AddressSpace mapping, int folio, long index, long pageStart, long end, boolean wholePage,
                             DirtyThrottleTask task) {
        long ioDone = -1;
        boolean uptodate = wholePage || pageStart >= mapping.iSize;
        if (uptodate) {
            // Nobody else can see the folio yet.
            memMap.setNonAtomic(folio, PageFlags.PG_uptodate);
        }
        filemapAddFolio(mapping, folio, index, task.cpu);
        if (!uptodate) {
            ioDone = readFolios(mapping, new int[] {folio}, index, 1);
        }
        return Math.max(ioDone, writeEnd(mapping, folio, pageStart, end, task));
    }

    /**
     * The copy and generic_write_end(): a folio still being read waits for the read; the folio is
     * dirtied (and its inode, the first time); i_size grows. Returns when the caller's wait ends, or -1.
     */
    private long writeEnd(AddressSpace mapping, int folio, long pageStart, long end, DirtyThrottleTask task) {
        long wait = -1;
        if (memMap.test(folio, PageFlags.PG_locked)) {
            wait = mapping.wb.bdev.completionOf(folio);
        }
        if (pageWriteback.filemapDirtyFolio(mapping, folio, task)) {
            flusher.markInodeDirty(mapping);
        }
        long newEnd = Math.min(end, pageStart + Mm.PAGE_SIZE);
        if (newEnd > mapping.iSize) {
            mapping.iSize = newEnd;
        }
        return wait;
    }

    // =====================================================================================
    // Read
    // =====================================================================================

    /**
     * filemap_read(): copy from cached folios, marking each accessed once per call (not the first one if
     * the previous read ended in it); missing pages are read in, with readahead around the request.
     * Returns the simulated ns the reader waits for disk reads (its own or ones already in flight).
     */
    public long filemapRead(AddressSpace mapping, long pos, long count) {
        long size;
        long prevPos;
        synchronized (mapping) {
            size = mapping.iSize;
            prevPos = mapping.raPrevPos;
        }
        if (count <= 0 || pos < 0 || pos >= size) {
            return 0;
        }
        long end = Math.min(pos + count, size);
        long first = pos >>> Mm.PAGE_SHIFT;
        long last = (end - 1) >>> Mm.PAGE_SHIFT;
        long eofIndex = (size - 1) >>> Mm.PAGE_SHIFT;
        long done = -1;
        long index = first;
        while (index <= last) {
            synchronized (mapping) {
                while (index <= last) {
                    int folio = mapping.iPages.load(index);
                    if (folio == MemMap.NONE) {
                        break;
                    }
                    if (memMap.test(folio, PageFlags.PG_locked)) {
                        done = Math.max(done, mapping.wb.bdev.completionOf(folio));
                    }
                    boolean sameAsLastRead = index == first && prevPos > 0
                            && ((prevPos - 1) >>> Mm.PAGE_SHIFT) == index;
                    if (!sameAsLastRead) {
                        lru.folioMarkAccessed(folio);
                    }
                    index = memMap.index(folio) + folios.folioNrPages(folio);
                }
            }
            if (index > last) {
                break;
            }
            long raEnd = Math.min(eofIndex, Math.max(last, index + initRaSize(last - index + 1) - 1));
            long ra = pageCacheRa(mapping, index, raEnd, last);
            if (ra == NO_MEMORY) {
                // -ENOMEM: the read is cut short where the page cache could not grow.
                break;
            }
            done = Math.max(done, ra);
        }
        synchronized (mapping) {
            mapping.raPrevPos = end;
        }
        return Math.max(0, done - clock.now());
    }

    /**
     * get_init_ra_size(): the first readahead window for a request of {@code req} pages: four times a
     * small request, twice a medium one, else the maximum (read_ahead_kb).
     */
    static int initRaSize(long req) {
        long max = VM_READAHEAD_PAGES;
        long newsize = req <= 1 ? 1 : Long.highestOneBit(req - 1) << 1;
        if (newsize <= max / 32) {
            newsize *= 4;
        } else if (newsize <= max / 4) {
            newsize *= 2;
        } else {
            newsize = max;
        }
        return (int) newsize;
    }

    /**
     * page_cache_ra_unbounded(): allocate folios for the missing pages of [index, raEnd] up to the next
     * cached one, add them locked, and read them in one request. Pages past the caller's {@code last}
     * are readahead: allocated without retrying hard and not marked accessed. Returns the completion
     * time of the request, -1 if nothing needed reading, or {@link #NO_MEMORY}.
     */
    private long pageCacheRa(AddressSpace mapping, long index, long raEnd, long last) {
        int n = (int) Math.min(raEnd - index + 1, Bio.BIO_MAX_PAGES);
        int[] batch = new int[n];
        int allocated = 0;
        for (int i = 0; i < n; i++) {
            boolean readahead = index + i > last;
            int gfp = GFP_PAGECACHE | (readahead ? Gfp.__GFP_NORETRY | Gfp.__GFP_NOWARN : 0);
            int folio = pageAlloc.folioAlloc(gfp, 0);
            if (folio == MemMap.NONE) {
                break;
            }
            batch[allocated++] = folio;
        }
        if (allocated == 0) {
            return NO_MEMORY;
        }
        synchronized (mapping) {
            int used = 0;
            if (!mapping.freeing) {
                Cpu cpu = cpus.current();
                for (; used < allocated && mapping.iPages.load(index + used) == MemMap.NONE; used++) {
                    filemapAddFolio(mapping, batch[used], index + used, cpu);
                }
            }
            for (int i = used; i < allocated; i++) {
                folios.folioPut(batch[i]);
            }
            if (used == 0) {
                return -1;
            }
            long done = readFolios(mapping, batch, index, used);
            for (int i = 0; i < used && index + i <= last; i++) {
                lru.folioMarkAccessed(batch[i]);
            }
            return done;
        }
    }

    /**
     * read_pages(): the folios (consecutive, just added) are locked and pinned for the read, which
     * marks them uptodate and unlocks them when it completes. Caller holds the mapping's lock. Returns
     * the completion time.
     */
    private long readFolios(AddressSpace mapping, int[] batch, long index, int n) {
        Bio bio = null;
        long done = -1;
        BlockDevice bdev = mapping.wb.bdev;
        for (int i = 0; i < n; i++) {
            int folio = batch[i];
            memMap.set(folio, PageFlags.PG_locked);
            folios.folioGet(folio);
            int nr = folios.folioNrPages(folio);
            if (bio == null || !bio.add(folio, index + i, nr)) {
                if (bio != null) {
                    done = Math.max(done, bdev.submitBio(bio));
                }
                bio = new Bio(false, null, mapping.ino, readEndIo);
                bio.add(folio, index + i, nr);
            }
        }
        if (bio != null) {
            done = Math.max(done, bdev.submitBio(bio));
        }
        return done;
    }

    /**
     * The read's end_io: uptodate, unlocked, and the I/O reference dropped; a data-integrity writer
     * that found one of these folios locked and dirty writes now.
     */
    private void endReadBio(Bio bio) {
        AddressSpace mapping = inodes.lookup(bio.ino);
        if (mapping != null) {
            synchronized (mapping) {
                endRead(bio);
            }
        } else {
            endRead(bio);
        }
        for (int i = 0; i < bio.nrFolios(); i++) {
            folios.folioPut(bio.folio(i));
        }
        if (mapping != null) {
            flusher.integrityRewrite(mapping);
        }
    }

    private void endRead(Bio bio) {
        for (int i = 0; i < bio.nrFolios(); i++) {
            int folio = bio.folio(i);
            memMap.set(folio, PageFlags.PG_uptodate);
            memMap.clear(folio, PageFlags.PG_locked);
        }
    }

    /** filemap_get_folio() without side effects, for checkers and tests: the folio at index or NONE. */
    public int lookup(AddressSpace mapping, long index) {
        synchronized (mapping) {
            return mapping.iPages.load(index);
        }
    }
}
