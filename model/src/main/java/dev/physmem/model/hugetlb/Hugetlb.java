package dev.physmem.model.hugetlb;

import dev.physmem.model.Mm;
import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.alloc.PageAlloc;
import dev.physmem.model.mmzone.Node;
import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.page.Folios;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.page.PageFlags;
import dev.physmem.model.page.PageType;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.VmStat;
import java.util.List;

/**
 * The hugetlb pools of mm/hugetlb.c: 2 MiB pages (the default hstate, vm.nr_hugepages) taken from the
 * buddy allocator, and 1 GiB gigantic pages carved out of memblock at boot because the buddy cannot
 * hand out blocks that large. Pool pages are compound folios of page type hugetlb with refcount 0
 * while free.
 */
public final class Hugetlb {
    private final MemMap memMap;
    private final PageAlloc pageAlloc;
    private final VmStat vmStat;
    private final List<Node> nodes;
    private final Hstate defaultHstate;
    private final Hstate giganticHstate;

    public Hugetlb(MemMap memMap, PageAlloc pageAlloc, Folios folios, VmStat vmStat, List<Node> nodes) {
        this.memMap = memMap;
        this.pageAlloc = pageAlloc;
        this.vmStat = vmStat;
        this.nodes = nodes;
        this.defaultHstate = new Hstate(Mm.HPAGE_PMD_ORDER, memMap, nodes.size());
        this.giganticHstate = new Hstate(Mm.HPAGE_PUD_ORDER, memMap, nodes.size());
        folios.setHugetlbRelease(this::freeHugeFolio);
    }

    public Hstate defaultHstate() {
        return defaultHstate;
    }

    public Hstate giganticHstate() {
        return giganticHstate;
    }

    /**
     * gather_bootmem_prealloc(): a 1 GiB range memblock reserved at boot becomes a free gigantic page;
     * its frames become managed (so MemTotal includes them) but never free.
     */
    public synchronized void addBootmemGigantic(Zone zone, int pfn) {
        int n = 1 << Mm.HPAGE_PUD_ORDER;
        for (int i = 0; i < n; i++) {
            memMap.clearNonAtomic(pfn + i, PageFlags.PG_reserved);
            memMap.setRefcount(pfn + i, 0);
        }
        zone.adjustManagedPages(n);
        prepHugetlbFolio(pfn, Mm.HPAGE_PUD_ORDER);
        enqueue(giganticHstate, pfn);
        giganticHstate.nrHugePages++;
        vmStat.modNodePageState(zone.node, NodeStatItem.NR_HUGETLB, n);
    }

    /**
     * set_max_huge_pages() for the 2 MiB pool (vm.nr_hugepages): grow by allocating from the buddy,
     * shrink by giving free pool pages back. Returns the pool size reached.
     */
    public synchronized long setNrHugepages(long count) {
        Hstate h = defaultHstate;
        while (h.nrHugePages < count) {
            int pfn = pageAlloc.allocPages(Gfp.GFP_HIGHUSER | Gfp.__GFP_COMP | Gfp.__GFP_RETRY_MAYFAIL
                    | Gfp.__GFP_NOWARN, h.order);
            if (pfn == MemMap.NONE) {
                break;
            }
            memMap.setRefcount(pfn, 0);
            memMap.setNonAtomic(pfn, PageFlags.PG_head);
            memMap.setPageType(pfn, PageType.PGTY_hugetlb);
            enqueue(h, pfn);
            h.nrHugePages++;
            vmStat.modNodePageState(pageAlloc.pageZone(pfn).node, NodeStatItem.NR_HUGETLB, h.pagesPerHugePage());
        }
        while (h.nrHugePages > count && h.freeHugePages > h.resvHugePages) {
            int pfn = dequeueAny(h);
            h.nrHugePages--;
            vmStat.modNodePageState(pageAlloc.pageZone(pfn).node, NodeStatItem.NR_HUGETLB, -h.pagesPerHugePage());
            memMap.clearPageType(pfn);
            memMap.setRefcount(pfn, 1);
            pageAlloc.freePages(pfn, h.order);
        }
        return h.nrHugePages;
    }

    /** alloc_hugetlb_folio(): a pool page for a mapping, refcount 1; -1 if the pool is empty. */
    public synchronized int allocHugetlbFolio(Hstate h) {
        if (h.freeHugePages - h.resvHugePages <= 0) {
            return MemMap.NONE;
        }
        int pfn = dequeueAny(h);
        memMap.setRefcount(pfn, 1);
        return pfn;
    }

    /** free_huge_folio(): the last reference to a pool page dropped. */
    synchronized void freeHugeFolio(int pfn) {
        Hstate h = memMap.order(pfn) == giganticHstate.order ? giganticHstate : defaultHstate;
        enqueue(h, pfn);
    }

    /** Reserve pool pages for a mapping that will fault them in later (HugePages_Rsvd). */
    public synchronized boolean reserve(Hstate h, long pages) {
        if (h.freeHugePages - h.resvHugePages < pages) {
            return false;
        }
        h.resvHugePages += pages;
        return true;
    }

    public synchronized void unreserve(Hstate h, long pages) {
        h.resvHugePages = Math.max(0, h.resvHugePages - pages);
    }

    /** Hugetlb: in /proc/meminfo: the memory of every pool, in kB. */
    public synchronized long totalKb() {
        return defaultHstate.nrHugePages * defaultHstate.sizeKb() + giganticHstate.nrHugePages * giganticHstate.sizeKb();
    }

    private void prepHugetlbFolio(int pfn, int order) {
        memMap.setNonAtomic(pfn, PageFlags.PG_head);
        memMap.setOrder(pfn, order);
        int n = 1 << order;
        for (int i = 1; i < n; i++) {
            memMap.setCompoundHead(pfn + i, pfn);
        }
        memMap.setPageType(pfn, PageType.PGTY_hugetlb);
    }

    private void enqueue(Hstate h, int pfn) {
        h.freeLists.addHead(memMap.nid(pfn), pfn);
        h.freeHugePages++;
    }

    private int dequeueAny(Hstate h) {
        for (Node node : nodes) {
            if (!h.freeLists.isEmpty(node.nid)) {
                int pfn = h.freeLists.first(node.nid);
                h.freeLists.remove(node.nid, pfn);
                h.freeHugePages--;
                return pfn;
            }
        }
        throw new IllegalStateException("hugetlb free count says pages are free but every list is empty");
    }
}
