package dev.physmem.model.migrate;

/**
 * The allocation callbacks of migrate_pages() ({@code new_folio_t} and {@code free_folio_t}): where a
 * folio's new home comes from, and where an unused one goes back. Compaction hands out the free pages
 * its free scanner isolated (compaction_alloc, compaction_free).
 */
public interface MigrationTarget {
    /** A new folio of the source's order with one reference, or {@code MemMap.NONE} (-ENOMEM). */
    int getNewFolio(int src);

    /** Gives back a target that migration did not use; the caller's reference is the only one. */
    void putNewFolio(int dst);
}
