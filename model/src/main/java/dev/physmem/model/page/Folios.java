package dev.physmem.model.page;

import dev.physmem.model.alloc.PageAlloc;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The folio API of include/linux/mm.h and page-flags.h over {@link MemMap}: a folio is named by its head
 * PFN. {@code _refcount} counts every holder (page cache, page tables, DMA, an I/O pin); when
 * {@link #folioPut} drops it to zero the folio leaves its LRU list and returns to the page allocator
 * ({@code __folio_put}). {@code _mapcount} counts only page-table mappings and starts at -1.
 */
public final class Folios {
    private final MemMap memMap;
    private final PageAlloc pageAlloc;
    private final BadPage badPage;
    private volatile IntConsumer lruRelease = pfn -> { };
    private volatile Consumer<FolioBatch> lruReleaseBatch = batch -> { };
    private volatile IntConsumer hugetlbRelease = pfn -> { };

    public Folios(MemMap memMap, PageAlloc pageAlloc, BadPage badPage) {
        this.memMap = memMap;
        this.pageAlloc = pageAlloc;
        this.badPage = badPage;
    }

    /**
     * __page_cache_release(): takes a dying folio off its LRU list, and a batch of them under one lock
     * (folios_put_refs); installed by the LRU code.
     */
    public void setLruRelease(IntConsumer release, Consumer<FolioBatch> releaseBatch) {
        lruRelease = release;
        lruReleaseBatch = releaseBatch;
    }

    /** free_huge_folio(): a hugetlb folio goes back to its pool instead of the buddy. */
    public void setHugetlbRelease(IntConsumer release) {
        hugetlbRelease = release;
    }

    /** page_folio(): the folio a page belongs to. */
    public int pageFolio(int pfn) {
        return memMap.compoundHead(pfn);
    }

    /** folio_get(): the caller must already hold a reference. */
    public void folioGet(int folio) {
        if (memMap.refcount(folio) <= 0) {
            badPage.vmBugOnFolio(folio, "folio_ref_zero_or_close_to_overflow(folio)");
            return;
        }
        memMap.addRefcount(folio, 1);
    }

    /** folio_ref_add(). */
    public void folioRefAdd(int folio, int nr) {
        if (memMap.refcount(folio) <= 0) {
            badPage.vmBugOnFolio(folio, "folio_ref_zero_or_close_to_overflow(folio)");
            return;
        }
        memMap.addRefcount(folio, nr);
    }

    /** folio_try_get(): a speculative reference that fails on a folio already being freed. */
    public boolean folioTryGet(int folio) {
        return memMap.tryGet(folio);
    }

    /** folio_put(): drop a reference; the last one frees the folio. */
    public void folioPut(int folio) {
        folioPutRefs(folio, 1);
    }

    /** folio_put_refs(). */
    public void folioPutRefs(int folio, int refs) {
        int ref = memMap.addRefcount(folio, -refs);
        if (ref == 0) {
            folioPutFinal(folio);
        } else if (ref < 0) {
            memMap.addRefcount(folio, refs);
            badPage.vmBugOnFolio(folio, "folio_ref_count(folio) == 0");
        }
    }

    /**
     * folios_put_refs() (mm/swap.c): drops the references each folio carries in the batch; the folios that
     * reach zero, each now carrying its order, leave their LRU lists and go back to the allocator in batches
     * (free_unref_folios), a lock round trip per batch instead of per folio. The batch is empty afterwards.
     */
    public void foliosPutRefs(FolioBatch batch) {
        int j = 0;
        for (int i = 0; i < batch.count(); i++) {
            int folio = batch.folio(i);
            int refs = batch.value(i);
            int ref = memMap.addRefcount(folio, -refs);
            if (ref != 0) {
                if (ref < 0) {
                    memMap.addRefcount(folio, refs);
                    badPage.vmBugOnFolio(folio, "folio_ref_count(folio) == 0");
                }
                continue;
            }
            if (memMap.hasPageType(folio, PageType.PGTY_hugetlb)) {
                hugetlbRelease.accept(folio);
                continue;
            }
            batch.set(j++, folio, folioOrder(folio));
        }
        batch.shrink(j);
        if (j > 0) {
            lruReleaseBatch.accept(batch);
        }
        pageAlloc.freeUnrefFolios(batch);
    }

    /** __folio_put(). */
    private void folioPutFinal(int folio) {
        if (memMap.hasPageType(folio, PageType.PGTY_hugetlb)) {
            hugetlbRelease.accept(folio);
            return;
        }
        if (memMap.test(folio, PageFlags.PG_lru)) {
            lruRelease.accept(folio);
        }
        pageAlloc.freeFrozenPages(folio, folioOrder(folio));
    }

    /**
     * folio_ref_freeze(): drops the refcount from exactly {@code count} to 0, so that no speculative
     * folio_try_get() succeeds while the caller replaces the folio; false if there are other holders.
     */
    public boolean folioRefFreeze(int folio, int count) {
        return memMap.refFreeze(folio, count);
    }

    /** folio_ref_unfreeze(). */
    public void folioRefUnfreeze(int folio, int count) {
        memMap.setRefcount(folio, count);
    }

    /** folio_ref_count(). */
    public int folioRefCount(int folio) {
        return memMap.refcount(folio);
    }

    /** folio_mapcount(): page-table mappings; 0 for a folio whose mapcount word holds a page type. */
    public int folioMapcount(int folio) {
        int word = memMap.mapcountWord(folio);
        return PageType.hasType(word) ? 0 : word + 1;
    }

    /** folio_mapped(). */
    public boolean folioMapped(int folio) {
        return folioMapcount(folio) > 0;
    }

    /** folio_test_large(). */
    public boolean folioTestLarge(int folio) {
        return memMap.test(folio, PageFlags.PG_head);
    }

    /** folio_order(): 0 unless the folio is large. */
    public int folioOrder(int folio) {
        return folioTestLarge(folio) ? memMap.order(folio) : 0;
    }

    /** folio_nr_pages(). */
    public int folioNrPages(int folio) {
        return 1 << folioOrder(folio);
    }

    /** folio_test_*(). */
    public boolean folioTest(int folio, int flag) {
        return memMap.test(folio, flag);
    }

    /** folio_set_*(): atomic. */
    public void folioSet(int folio, int flag) {
        memMap.set(folio, flag);
    }

    /** folio_clear_*(): atomic. */
    public void folioClear(int folio, int flag) {
        memMap.clear(folio, flag);
    }

    /** folio_test_set_*(). */
    public boolean folioTestSet(int folio, int flag) {
        return memMap.testAndSet(folio, flag);
    }

    /** folio_test_clear_*(). */
    public boolean folioTestClear(int folio, int flag) {
        return memMap.testAndClear(folio, flag);
    }

    /** folio_test_anon(): the mapping is an anon_vma. */
    public boolean folioTestAnon(int folio) {
        return memMap.mapping(folio) < 0;
    }

    public MemMap memMap() {
        return memMap;
    }
}
