package dev.physmem.model.page;

/**
 * {@code enum pagetype} (include/linux/page-flags.h, 6.18): a page type shares storage with
 * {@code _mapcount}. The type lives in the top byte; -1 (UINT_MAX) means "no type", which is also
 * "mapcount -1: not mapped".
 */
public final class PageType {
    private PageType() {}

    public static final int PGTY_buddy = 0xf0;
    public static final int PGTY_offline = 0xf1;
    public static final int PGTY_table = 0xf2;
    public static final int PGTY_guard = 0xf3;
    public static final int PGTY_hugetlb = 0xf4;
    public static final int PGTY_slab = 0xf5;

    /** The value _mapcount holds when the page has no type and no mapping. */
    public static final int NO_TYPE = -1;

    public static int encode(int pgty) {
        return pgty << 24;
    }

    /** page_type_has_type(): below PGTY_mapcount_underflow << 24 (as a signed int) the word is a type. */
    public static boolean hasType(int mapcountWord) {
        return mapcountWord < (0xff << 24);
    }

    public static int typeOf(int mapcountWord) {
        return mapcountWord >>> 24;
    }

    public static String name(int pgty) {
        switch (pgty) {
            case PGTY_buddy: return "buddy";
            case PGTY_offline: return "offline";
            case PGTY_table: return "table";
            case PGTY_guard: return "guard";
            case PGTY_hugetlb: return "hugetlb";
            case PGTY_slab: return "slab";
            default: return "unknown";
        }
    }
}
