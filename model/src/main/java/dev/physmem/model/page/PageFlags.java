package dev.physmem.model.page;

/**
 * {@code enum pageflags} with the 6.18 bit numbers (include/linux/page-flags.h), plus the bits the
 * kernel keeps elsewhere in {@code struct page} that the simulator folds into the same word.
 *
 * <pre>
 * bit  0..20  PG_locked .. PG_mlocked        kernel bit numbers, so a dump reads like the kernel's
 * bit  21     PG_tail (simulator)            the kernel marks a tail by bit 0 of page->compound_head
 * bit  22     PG_hwpoison (simulator slot)   never set by the simulator, reserved for its meaning
 * bit  24..26 zone index                     page_zonenum(): like the kernel's upper flag bits
 * bit  27..30 node id                        page_to_nid()
 * </pre>
 */
public final class PageFlags {
    private PageFlags() {}

    public static final int PG_locked = 0;
    public static final int PG_writeback = 1;
    public static final int PG_referenced = 2;
    public static final int PG_uptodate = 3;
    public static final int PG_dirty = 4;
    public static final int PG_lru = 5;
    public static final int PG_head = 6;
    public static final int PG_waiters = 7;
    public static final int PG_active = 8;
    public static final int PG_workingset = 9;
    public static final int PG_owner_priv_1 = 10;
    public static final int PG_owner_2 = 11;
    public static final int PG_arch_1 = 12;
    public static final int PG_reserved = 13;
    public static final int PG_private = 14;
    public static final int PG_private_2 = 15;
    public static final int PG_reclaim = 16;
    public static final int PG_swapbacked = 17;
    public static final int PG_unevictable = 18;
    public static final int PG_dropbehind = 19;
    public static final int PG_mlocked = 20;
    public static final int PG_tail = 21;
    public static final int PG_hwpoison = 22;
    /** Aliases the kernel defines on top of the bits above. */
    public static final int PG_readahead = PG_reclaim;
    public static final int PG_swapcache = PG_owner_priv_1;

    public static final int NR_PAGEFLAGS = 23;

    public static final int ZONE_SHIFT = 24;
    public static final int ZONE_MASK = 0x7;
    public static final int NODE_SHIFT = 27;
    public static final int NODE_MASK = 0xf;
    public static final int FLAGS_MASK = (1 << ZONE_SHIFT) - 1;

    public static int bit(int flag) {
        return 1 << flag;
    }

    /** PAGE_FLAGS_CHECK_AT_FREE: a page freed with any of these set is in a bad state. */
    public static final int PAGE_FLAGS_CHECK_AT_FREE = bit(PG_lru) | bit(PG_locked) | bit(PG_private)
            | bit(PG_private_2) | bit(PG_writeback) | bit(PG_reserved) | bit(PG_active)
            | bit(PG_unevictable) | bit(PG_mlocked);

    /** PAGE_FLAGS_CHECK_AT_PREP: a page leaving the allocator must have no flag at all but hwpoison. */
    public static final int PAGE_FLAGS_CHECK_AT_PREP = ((1 << NR_PAGEFLAGS) - 1) & ~bit(PG_hwpoison);

    private static final String[] NAMES = {
        "locked", "writeback", "referenced", "uptodate", "dirty", "lru", "head", "waiters", "active",
        "workingset", "owner_priv_1", "owner_2", "arch_1", "reserved", "private", "private_2", "reclaim",
        "swapbacked", "unevictable", "dropbehind", "mlocked", "tail", "hwpoison",
    };

    public static String name(int flag) {
        return NAMES[flag];
    }

    /** The {@code %pGp} rendering used by dump_page: {@code 0x2c(referenced|uptodate|lru)}. */
    public static String format(int flags) {
        StringBuilder sb = new StringBuilder("0x").append(Integer.toHexString(flags & FLAGS_MASK)).append('(');
        boolean first = true;
        for (int f = 0; f < NR_PAGEFLAGS; f++) {
            if ((flags & bit(f)) != 0) {
                if (!first) {
                    sb.append('|');
                }
                sb.append(NAMES[f]);
                first = false;
            }
        }
        return sb.append(')').toString();
    }
}
