package dev.physmem.model.hugetlb;

import dev.physmem.model.Mm;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.page.PageLists;

/**
 * {@code struct hstate}: one hugetlb page size with its pool counters and per-node free lists
 * (hugepage_freelists, threaded through the heads' lru links). Guarded by the Hugetlb lock.
 */
public final class Hstate {
    public final int order;
    long nrHugePages;
    long freeHugePages;
    long resvHugePages;
    long surplusHugePages;
    final PageLists freeLists;

    Hstate(int order, MemMap memMap, int nrNodes) {
        this.order = order;
        this.freeLists = new PageLists(memMap, nrNodes);
    }

    public long nrHugePages() {
        return nrHugePages;
    }

    public long freeHugePages() {
        return freeHugePages;
    }

    public long resvHugePages() {
        return resvHugePages;
    }

    public long surplusHugePages() {
        return surplusHugePages;
    }

    public long pagesPerHugePage() {
        return 1L << order;
    }

    /** huge_page_size() in kB, as Hugepagesize: prints it. */
    public long sizeKb() {
        return Mm.pagesToKb(1L << order);
    }
}
