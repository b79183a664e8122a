package dev.physmem.model.migrate;

import dev.physmem.model.alloc.PageAlloc;
import dev.physmem.model.filemap.AddressSpace;
import dev.physmem.model.filemap.Inodes;
import dev.physmem.model.page.Folios;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.page.PageFlags;
import dev.physmem.model.page.PageLists;
import dev.physmem.model.rmap.Rmap;
import dev.physmem.model.swap.SwapCache;
import dev.physmem.model.trace.Tracepoints;
import dev.physmem.model.vmscan.Lru;
import dev.physmem.model.vmscan.LruList;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.VmEventItem;
import dev.physmem.model.vmstat.VmStat;

/**
 * Page migration of LRU folios (mm/migrate.c): the contents of an isolated folio move to a new one,
 * which takes its place in the page cache or swap cache, in every page table that mapped it and on
 * its LRU list, with the flags that describe its state; the old folio is then freed by its last
 * folio_put(). A folio is moved only if nobody holds it beyond what its mapping, its PTEs and the
 * isolation account for (folio_expected_ref_count): a page pinned for DMA or I/O stays where it is.
 *
 * <p>The simulator cannot sleep inside a migration waiting for simulated I/O, so where MIGRATE_SYNC
 * would wait for the folio lock or for writeback it gives up as MIGRATE_SYNC_LIGHT does: a folio
 * locked for a read is retried (-EAGAIN), one under writeback fails (-EBUSY). The file folio lock is
 * its mapping's lock, as everywhere in the simulator.
 */
public final class Migrate {
    /** NR_MAX_MIGRATE_PAGES_RETRY (mm/migrate.c): passes over folios that answered -EAGAIN. */
    static final int NR_MAX_MIGRATE_PAGES_RETRY = 10;
    /** migrate_pages() results besides 0 (MIGRATEPAGE_SUCCESS), as the kernel's negative errnos. */
    public static final int EAGAIN = -11;
    public static final int ENOMEM = -12;
    public static final int EBUSY = -16;
    /** The two lists of the {@link PageLists} migrate_pages() works on: the folios to move, and those failed for good. */
    public static final int FROM = 0;
    static final int RET = 1;
    public static final int NR_LISTS = 2;
    /** enum migrate_mode and enum migrate_reason values, for the tracepoint. */
    public static final String MIGRATE_SYNC = "MIGRATE_SYNC";
    public static final String MR_COMPACTION = "compaction";

    private final MemMap memMap;
    private final Folios folios;
    private final PageAlloc pageAlloc;
    private final Lru lru;
    private final Rmap rmap;
    private final Inodes inodes;
    private final SwapCache swapCache;
    private final VmStat vmStat;
    private final Tracepoints trace;

    /** {@code swapCache} is null on a machine without swap. */
    public Migrate(MemMap memMap, Folios folios, PageAlloc pageAlloc, Lru lru, Rmap rmap, Inodes inodes,
                   SwapCache swapCache, VmStat vmStat, Tracepoints trace) {
        this.memMap = memMap;
        this.folios = folios;
        this.pageAlloc = pageAlloc;
        this.lru = lru;
        this.rmap = rmap;
        this.inodes = inodes;
        this.swapCache = swapCache;
        this.vmStat = vmStat;
        this.trace = trace;
    }

    /**
     * migrate_pages(): tries every folio on {@code lists[FROM]}, passing again over those that answered
     * -EAGAIN, up to NR_MAX_MIGRATE_PAGES_RETRY times. Migrated folios leave the list; those that failed
     * stay on it for the caller's {@link #putbackMovablePages}. Counts pgmigrate_success and
     * pgmigrate_fail in pages, and adds them to {@code stats} ({succeeded, failed}: the kernel's
     * ret_succeeded and the tracepoint's failed). Returns the number of folios not migrated, or -ENOMEM
     * when the target ran out (the rest are left untried).
     */
    public int migratePages(PageLists lists, MigrationTarget target, long[] stats) {
        long succeeded = 0;
        long failedPages = 0;
        int nrFailed = 0;
        int retry = 1;
        long retryPages = 0;
        int rc = 0;
        for (int pass = 0; pass < NR_MAX_MIGRATE_PAGES_RETRY && retry > 0 && rc == 0; pass++) {
            retry = 0;
            retryPages = 0;
            for (int folio = lists.first(FROM); folio != MemMap.NONE; ) {
                int next = memMap.next(folio);
                int nr = folios.folioNrPages(folio);
                int result = unmapAndMove(lists, folio, target);
                if (result == 0) {
                    succeeded += nr;
                } else if (result == EAGAIN) {
                    retry++;
                    retryPages += nr;
                } else if (result == ENOMEM) {
                    // When memory is low, do not bother with the other folios.
                    nrFailed++;
                    failedPages += nr + retryPages;
                    retryPages = 0;
                    retry = 0;
                    rc = ENOMEM;
                    break;
                } else {
                    nrFailed++;
                    failedPages += nr;
                    lists.moveTail(FROM, RET, folio);
                }
                folio = next;
            }
        }
        nrFailed += retry;
        failedPages += retryPages;
        for (int folio = lists.first(RET); folio != MemMap.NONE; folio = lists.first(RET)) {
            lists.moveTail(RET, FROM, folio);
        }
        vmStat.countVmEvents(VmEventItem.PGMIGRATE_SUCCESS, succeeded);
        vmStat.countVmEvents(VmEventItem.PGMIGRATE_FAIL, failedPages);
        trace.mmMigratePages(succeeded, failedPages, MIGRATE_SYNC, MR_COMPACTION);
        stats[0] += succeeded;
        stats[1] += failedPages;
        return rc != 0 ? rc : nrFailed;
    }

    /**
     * putback_movable_pages(): every folio left on {@code lists[FROM]} goes back to its LRU list and
     * stops counting as isolated.
     */
    public void putbackMovablePages(PageLists lists) {
        for (int folio = lists.first(FROM); folio != MemMap.NONE; folio = lists.first(FROM)) {
            lists.remove(FROM, folio);
            modIsolated(folio, -folios.folioNrPages(folio));
            lru.folioPutbackLru(folio);
        }
    }

    /** node_stat_mod_folio(NR_ISOLATED_ANON + folio_is_file_lru()): isolation is accounted by type. */
    public void modIsolated(int folio, long nr) {
        int item = LruList.folioIsFileLru(memMap, folio) ? NodeStatItem.NR_ISOLATED_FILE : NodeStatItem.NR_ISOLATED_ANON;
        vmStat.modNodePageState(pageAlloc.pageZone(folio).node, item, nr);
    }

    /**
     * folio_expected_ref_count() (include/linux/mm.h): one reference per page from the page cache or
     * the swap cache, plus one per page-table mapping. The caller adds its own.
     */
    public int folioExpectedRefCount(int folio) {
        int nr = folios.folioNrPages(folio);
        boolean cached = folios.folioTestAnon(folio) ? folios.folioTest(folio, PageFlags.PG_swapcache)
                : memMap.mapping(folio) != 0;
        return (cached ? nr : 0) + folios.folioMapcount(folio);
    }

    /** migrate_folio_unmap() and migrate_folio_move() of one folio, as the synchronous path runs them. */
    private int unmapAndMove(PageLists lists, int src, MigrationTarget target) {
        if (folios.folioRefCount(src) == 1) {
            // The folio was freed from under us (truncated while isolated): ours is the last reference.
            folios.folioClear(src, PageFlags.PG_active);
            folios.folioClear(src, PageFlags.PG_unevictable);
            lists.remove(FROM, src);
            migrateFolioDone(src);
            return 0;
        }
        int dst = target.getNewFolio(src);
        if (dst == MemMap.NONE) {
            return ENOMEM;
        }
        int rc = migrateFolioUnmap(src);
        if (rc == 0) {
            rc = moveToNewFolio(dst, src);
        }
        if (rc != 0) {
            target.putNewFolio(dst);
            return rc;
        }
        // migrate_folio_move(): the new folio joins the LRU, the allocation reference goes (the cache's
        // and the PTEs' stay), and the old folio is freed by the isolation reference.
        lru.folioAddLru(dst);
        folios.folioPut(dst);
        lists.remove(FROM, src);
        migrateFolioDone(src);
        return 0;
    }

    /**
     * migrate_folio_unmap()'s waits, which the simulator cannot do: a folio locked for a read is tried
     * again later, one under writeback is given up (migrate.c: "it's not worth waiting for I/O").
     */
    private int migrateFolioUnmap(int src) {
        if (folios.folioTest(src, PageFlags.PG_locked)) {
            return EAGAIN;
        }
        if (folios.folioTest(src, PageFlags.PG_writeback)) {
            return EBUSY;
        }
        return 0;
    }

    /** move_to_new_folio(): under the folio lock (the mapping's lock for a file folio). */
    private int moveToNewFolio(int dst, int src) {
        if (folios.folioTestAnon(src) || memMap.mapping(src) == 0) {
            return migrateFolio(null, dst, src);
        }
        AddressSpace mapping = inodes.lookup(memMap.mapping(src));
        if (mapping == null) {
            return EAGAIN;
        }
        synchronized (mapping) {
            if (memMap.mapping(src) != mapping.ino) {
                return EAGAIN;
            }
            int rc = migrateFolio(mapping, dst, src);
            if (rc == 0) {
                // Page-cache folios must not name their file once freed; anonymous ones stay anonymous.
                memMap.setMapping(src, 0);
            }
            return rc;
        }
    }

    /**
     * migrate_folio() / __migrate_folio(): no references beyond the expected ones, then the mapping
     * moves and the flags follow. There are no contents to copy (folio_mc_copy) in the simulator.
     */
    private int migrateFolio(AddressSpace mapping, int dst, int src) {
        int expected = folioExpectedRefCount(src) + 1;
        if (folios.folioRefCount(src) != expected) {
            return EAGAIN;
        }
        int rc = folioMigrateMapping(mapping, dst, src);
        if (rc != 0) {
            return rc;
        }
        folioMigrateFlags(dst, src);
        return 0;
    }

    /**
     * __folio_migrate_mapping(): the new folio takes the old one's mapping and index, its PTEs (see
     * {@link Rmap#removeMigrationPtes}) and its slot in the page cache or swap cache with the cache's
     * references; dirt moves while the old folio's references are frozen. All within one zone, so no
     * per-zone counter moves. If someone took a reference meanwhile the PTEs go back and nothing changed.
     */
    private int folioMigrateMapping(AddressSpace mapping, int dst, int src) {
        int nr = folios.folioNrPages(src);
        memMap.setIndex(dst, memMap.index(src));
        memMap.setMapping(dst, memMap.mapping(src));
        if (folios.folioTest(src, PageFlags.PG_swapbacked)) {
            folios.folioSet(dst, PageFlags.PG_swapbacked);
        }
        rmap.removeMigrationPtes(src, dst);
        boolean swapcache = folios.folioTest(src, PageFlags.PG_swapcache);
        int expected = folioExpectedRefCount(src) + 1;
        boolean cached = mapping != null || swapcache;
        if (cached ? !folios.folioRefFreeze(src, expected) : folios.folioRefCount(src) != expected) {
            rmap.removeMigrationPtes(dst, src);
            memMap.setMapping(dst, 0);
            memMap.setIndex(dst, 0);
            folios.folioClear(dst, PageFlags.PG_swapbacked);
            return EAGAIN;
        }
        if (!cached) {
            return 0;
        }
        folios.folioRefAdd(dst, nr);
        if (folios.folioTestClear(src, PageFlags.PG_dirty)) {
            folios.folioSet(dst, PageFlags.PG_dirty);
        }
        if (swapcache) {
            folios.folioSet(dst, PageFlags.PG_swapcache);
            swapCache.swapCacheReplaceFolio(src, dst);
        } else {
            long index = memMap.index(src);
            for (int i = 0; i < nr; i++) {
                mapping.iPages().store(index + i, dst);
            }
        }
        folios.folioRefUnfreeze(src, expected - nr);
        return 0;
    }

    /**
     * folio_migrate_flags(): the state the LRU, reclaim and writeback read from the flags moves to the
     * new folio; the old one keeps nothing that would make its free look bad.
     */
    void folioMigrateFlags(int dst, int src) {
        copyFlag(dst, src, PageFlags.PG_referenced);
        copyFlag(dst, src, PageFlags.PG_uptodate);
        if (folios.folioTestClear(src, PageFlags.PG_active)) {
            folios.folioSet(dst, PageFlags.PG_active);
        } else if (folios.folioTestClear(src, PageFlags.PG_unevictable)) {
            folios.folioSet(dst, PageFlags.PG_unevictable);
        }
        copyFlag(dst, src, PageFlags.PG_workingset);
        copyFlag(dst, src, PageFlags.PG_dirty);
        folios.folioClear(src, PageFlags.PG_swapcache);
        folios.folioClear(src, PageFlags.PG_private);
        copyFlag(dst, src, PageFlags.PG_readahead);
    }

    private void copyFlag(int dst, int src, int flag) {
        if (folios.folioTest(src, flag)) {
            folios.folioSet(dst, flag);
        }
    }

    /** migrate_folio_done(): no longer isolated; the isolation reference was the last one. */
    private void migrateFolioDone(int src) {
        modIsolated(src, -folios.folioNrPages(src));
        folios.folioPut(src);
    }
}
