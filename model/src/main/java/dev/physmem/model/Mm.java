package dev.physmem.model;

/**
 * The fixed geometry of the simulated machine: x86_64 and arm64 with 4 KiB pages, as set by
 * include/asm-generic/page.h, include/linux/mmzone.h and include/linux/pageblock-flags.h.
 */
public final class Mm {
    private Mm() {}

    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;

    /** Inclusive since 6.4 ("redefine MAX_ORDER sanely"): the largest block is 2^10 pages = 4 MiB. */
    public static final int MAX_PAGE_ORDER = 10;
    public static final int NR_PAGE_ORDERS = MAX_PAGE_ORDER + 1;
    public static final int MAX_ORDER_NR_PAGES = 1 << MAX_PAGE_ORDER;

    /** min(HPAGE_PMD_ORDER, PAGE_BLOCK_MAX_ORDER): 512 pages, 2 MiB. */
    public static final int PAGEBLOCK_ORDER = 9;
    public static final int PAGEBLOCK_NR_PAGES = 1 << PAGEBLOCK_ORDER;

    /** A PMD maps 2 MiB: the order of a transparent huge page and of a default hugetlb page. */
    public static final int HPAGE_PMD_ORDER = 9;
    public static final int HPAGE_PMD_NR = 1 << HPAGE_PMD_ORDER;
    /** A PUD maps 1 GiB: the order of a gigantic hugetlb page. */
    public static final int HPAGE_PUD_ORDER = 18;

    /** Orders above this are "costly": fewer retries, no OOM kill (mm/page_alloc.c). */
    public static final int PAGE_ALLOC_COSTLY_ORDER = 3;
    public static final int SWAP_CLUSTER_MAX = 32;
    public static final int MAX_RECLAIM_RETRIES = 16;

    /** sizeof(struct page) on x86_64 and arm64: what boot reserves per page frame for mem_map. */
    public static final int STRUCT_PAGE_SIZE = 64;

    public static long pagesToKb(long pages) {
        return pages << (PAGE_SHIFT - 10);
    }

    public static long pfnToPhys(long pfn) {
        return pfn << PAGE_SHIFT;
    }

    /** get_order(): the smallest order whose block holds {@code size} bytes. */
    public static int getOrder(long size) {
        long pages = (size + PAGE_SIZE - 1) >>> PAGE_SHIFT;
        return pages <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(pages - 1);
    }
}
