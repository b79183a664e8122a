package dev.physmem.model.page;

/**
 * struct folio_batch (include/linux/pagevec.h): up to {@link #PAGEVEC_SIZE} folios gathered so that a
 * lock taken for one of them is taken once for all: truncation's delete_from_page_cache_batch(),
 * folios_put_refs() and free_unref_folios(). Each folio carries a number beside it: the references
 * folios_put_refs() drops (its {@code refs} array), and then the order free_unref_folios() frees (the
 * kernel stashes it in {@code folio->private}). One batch serves one thread at a time.
 */
public final class FolioBatch {
    /** "31 pointers + header align the folio_batch structure to a power of two" (15 before Linux 6.10). */
    public static final int PAGEVEC_SIZE = 31;

    private final int[] folios = new int[PAGEVEC_SIZE];
    private final int[] values = new int[PAGEVEC_SIZE];
    private int nr;

    /** folio_batch_add(): the room left afterwards; 0 means the batch is full and must be processed. */
    public int add(int folio, int value) {
        folios[nr] = folio;
        values[nr] = value;
        nr++;
        return PAGEVEC_SIZE - nr;
    }

    /** folio_batch_count(). */
    public int count() {
        return nr;
    }

    public int folio(int i) {
        return folios[i];
    }

    /** The number carried beside folio {@code i}. */
    public int value(int i) {
        return values[i];
    }

    /** Entry {@code j} becomes {@code folio}: the in-place compaction of folios_put_refs() and free_unref_folios(). */
    public void set(int j, int folio, int value) {
        folios[j] = folio;
        values[j] = value;
    }

    /** {@code folios->nr = n}: keeps the first {@code n} entries. */
    public void shrink(int n) {
        nr = n;
    }

    /** folio_batch_reinit(). */
    public void reinit() {
        nr = 0;
    }
}
