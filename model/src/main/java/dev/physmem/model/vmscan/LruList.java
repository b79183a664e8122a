package dev.physmem.model.vmscan;

import dev.physmem.model.page.MemMap;
import dev.physmem.model.page.PageFlags;

/**
 * {@code enum lru_list} (include/linux/mmzone.h) and the folio-to-list mapping of
 * include/linux/mm_inline.h. LRU_ACTIVE and LRU_FILE are offsets: inactive file + LRU_ACTIVE is active
 * file. The order matches NR_INACTIVE_ANON.. in the node counters and NR_ZONE_INACTIVE_ANON.. in the
 * zone counters.
 */
public final class LruList {
    private LruList() {}

    public static final int LRU_INACTIVE_ANON = 0;
    public static final int LRU_ACTIVE_ANON = 1;
    public static final int LRU_INACTIVE_FILE = 2;
    public static final int LRU_ACTIVE_FILE = 3;
    public static final int LRU_UNEVICTABLE = 4;
    public static final int NR_LRU_LISTS = 5;

    public static final int LRU_ACTIVE = 1;
    public static final int LRU_FILE = 2;

    private static final String[] NAMES = {"inactive_anon", "active_anon", "inactive_file", "active_file", "unevictable"};

    public static String name(int lru) {
        return NAMES[lru];
    }

    public static boolean isFileLru(int lru) {
        return lru == LRU_INACTIVE_FILE || lru == LRU_ACTIVE_FILE;
    }

    public static boolean isActiveLru(int lru) {
        return lru == LRU_ACTIVE_ANON || lru == LRU_ACTIVE_FILE;
    }

    /** folio_is_file_lru(): not swap-backed. */
    public static boolean folioIsFileLru(MemMap memMap, int folio) {
        return !memMap.test(folio, PageFlags.PG_swapbacked);
    }

    /** folio_lru_list(): unevictable, else the type's list, active if PG_active. */
    public static int folioLruList(MemMap memMap, int folio) {
        int flags = memMap.flags(folio);
        if ((flags & PageFlags.bit(PageFlags.PG_unevictable)) != 0) {
            return LRU_UNEVICTABLE;
        }
        int lru = (flags & PageFlags.bit(PageFlags.PG_swapbacked)) != 0 ? LRU_INACTIVE_ANON : LRU_INACTIVE_FILE;
        if ((flags & PageFlags.bit(PageFlags.PG_active)) != 0) {
            lru += LRU_ACTIVE;
        }
        return lru;
    }
}
