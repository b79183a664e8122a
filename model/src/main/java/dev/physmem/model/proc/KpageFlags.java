package dev.physmem.model.proc;

import dev.physmem.model.page.MemMap;
import dev.physmem.model.page.PageFlags;
import dev.physmem.model.page.PageType;

/**
 * /proc/kpageflags: a page's state as the stable KPF_* bits of include/uapi/linux/kernel-page-flags.h,
 * computed as fs/proc/page.c: stable_page_flags() does.
 */
public final class KpageFlags {
    private KpageFlags() {}

    public static final int KPF_LOCKED = 0;
    public static final int KPF_ERROR = 1;
    public static final int KPF_REFERENCED = 2;
    public static final int KPF_UPTODATE = 3;
    public static final int KPF_DIRTY = 4;
    public static final int KPF_LRU = 5;
    public static final int KPF_ACTIVE = 6;
    public static final int KPF_SLAB = 7;
    public static final int KPF_WRITEBACK = 8;
    public static final int KPF_RECLAIM = 9;
    public static final int KPF_BUDDY = 10;
    public static final int KPF_MMAP = 11;
    public static final int KPF_ANON = 12;
    public static final int KPF_SWAPCACHE = 13;
    public static final int KPF_SWAPBACKED = 14;
    public static final int KPF_COMPOUND_HEAD = 15;
    public static final int KPF_COMPOUND_TAIL = 16;
    public static final int KPF_HUGE = 17;
    public static final int KPF_UNEVICTABLE = 18;
    public static final int KPF_HWPOISON = 19;
    public static final int KPF_NOPAGE = 20;
    public static final int KPF_KSM = 21;
    public static final int KPF_THP = 22;
    public static final int KPF_OFFLINE = 23;
    public static final int KPF_ZERO_PAGE = 24;
    public static final int KPF_IDLE = 25;
    public static final int KPF_PGTABLE = 26;
    /** Kernel-hacker bits: hidden by page-types unless -r. */
    public static final int KPF_RESERVED = 32;
    public static final int KPF_MLOCKED = 33;
    public static final int KPF_OWNER_2 = 34;
    public static final int KPF_PRIVATE = 35;
    public static final int KPF_PRIVATE_2 = 36;
    public static final int KPF_OWNER_PRIVATE = 37;
    public static final int KPF_ARCH = 38;

    /** stable_page_flags(). */
    public static long stablePageFlags(MemMap memMap, int pfn) {
        if (!memMap.pfnValid(pfn)) {
            return 1L << KPF_NOPAGE;
        }
        int head = memMap.compoundHead(pfn);
        int k = memMap.flags(head);
        int mapping = memMap.mapping(head);
        long u = 0;
        int word = memMap.mapcountWord(head);
        boolean typed = PageType.hasType(word);
        if (!typed && word + 1 > 0) {
            u |= bit(KPF_MMAP);
        }
        if (mapping < 0) {
            u |= bit(KPF_ANON);
        }
        if (head == pfn) {
            u |= copy(k, PageFlags.PG_head, KPF_COMPOUND_HEAD);
        } else {
            u |= bit(KPF_COMPOUND_TAIL);
        }
        boolean large = (k & PageFlags.bit(PageFlags.PG_head)) != 0;
        if (typed && PageType.typeOf(word) == PageType.PGTY_hugetlb) {
            u |= bit(KPF_HUGE);
        } else if (large && mapping != 0) {
            u |= bit(KPF_THP);
        }
        if (memMap.isBuddy(pfn)) {
            u |= bit(KPF_BUDDY);
        }
        if (typed && PageType.typeOf(word) == PageType.PGTY_offline) {
            u |= bit(KPF_OFFLINE);
        }
        if (typed && PageType.typeOf(word) == PageType.PGTY_table) {
            u |= bit(KPF_PGTABLE);
        }
        if (typed && PageType.typeOf(word) == PageType.PGTY_slab) {
            u |= bit(KPF_SLAB);
        }
        u |= copy(k, PageFlags.PG_locked, KPF_LOCKED);
        u |= copy(k, PageFlags.PG_dirty, KPF_DIRTY);
        u |= copy(k, PageFlags.PG_uptodate, KPF_UPTODATE);
        u |= copy(k, PageFlags.PG_writeback, KPF_WRITEBACK);
        u |= copy(k, PageFlags.PG_lru, KPF_LRU);
        u |= copy(k, PageFlags.PG_referenced, KPF_REFERENCED);
        u |= copy(k, PageFlags.PG_active, KPF_ACTIVE);
        u |= copy(k, PageFlags.PG_reclaim, KPF_RECLAIM);
        int swapcache = PageFlags.bit(PageFlags.PG_swapbacked) | PageFlags.bit(PageFlags.PG_swapcache);
        if ((k & swapcache) == swapcache) {
            u |= bit(KPF_SWAPCACHE);
        }
        u |= copy(k, PageFlags.PG_swapbacked, KPF_SWAPBACKED);
        u |= copy(k, PageFlags.PG_unevictable, KPF_UNEVICTABLE);
        u |= copy(k, PageFlags.PG_mlocked, KPF_MLOCKED);
        u |= copy(memMap.flags(pfn), PageFlags.PG_hwpoison, KPF_HWPOISON);
        u |= copy(k, PageFlags.PG_reserved, KPF_RESERVED);
        u |= copy(k, PageFlags.PG_owner_2, KPF_OWNER_2);
        u |= copy(k, PageFlags.PG_private, KPF_PRIVATE);
        u |= copy(k, PageFlags.PG_private_2, KPF_PRIVATE_2);
        u |= copy(k, PageFlags.PG_owner_priv_1, KPF_OWNER_PRIVATE);
        u |= copy(k, PageFlags.PG_arch_1, KPF_ARCH);
        return u;
    }

    private static long bit(int kpf) {
        return 1L << kpf;
    }

    private static long copy(int flags, int pg, int kpf) {
        return ((flags >>> pg) & 1L) << kpf;
    }
}
