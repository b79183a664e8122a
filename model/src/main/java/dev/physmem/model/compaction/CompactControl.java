package dev.physmem.model.compaction;

import dev.physmem.model.Mm;
import dev.physmem.model.migrate.Migrate;
import dev.physmem.model.migrate.MigrationTarget;
import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.page.PageLists;

/**
 * {@code struct compact_control} of one compact_zone() run: the two scanners' positions, the folios
 * isolated for migration and the free pages isolated as their targets (both threaded through the pages'
 * own list links, which isolation has freed), and the run's totals. Only the thread compacting the zone
 * touches it. It is also migrate_pages()' allocation callback: compaction_alloc and compaction_free.
 */
final class CompactControl implements MigrationTarget {
    final Compaction compaction;
    final Zone zone;
    /** cc->migratepages: isolated LRU folios on list {@link Migrate#FROM}. */
    final PageLists migratepages;
    /** cc->freepages[order]: isolated free blocks, each keeping its order in page->private. */
    final PageLists freepages;
    int nrMigratepages;
    int nrFreepages;
    /** The migration scanner walks up from the zone start. */
    int migratePfn;
    /** The free scanner walks down from the last pageblock of the zone. */
    int freePfn;
    /** isolate_freepages_block()'s in/out {@code start_pfn}: how far the free scanner got in its block. */
    int freeBlockPfn;
    /** Rescan of the pageblock last migrated from: isolate all of it rather than COMPACT_CLUSTER_MAX. */
    boolean finishPageblock;
    long totalMigrateScanned;
    long totalFreeScanned;
    /** migrate_pages()' pages migrated and not migrated, summed over the run for mm_compaction_end. */
    final long[] migrateStats = new long[2];

    CompactControl(Compaction compaction, Zone zone, MemMap memMap) {
        this.compaction = compaction;
        this.zone = zone;
        this.migratepages = new PageLists(memMap, Migrate.NR_LISTS);
        this.freepages = new PageLists(memMap, Mm.NR_PAGE_ORDERS);
    }

    @Override
    public int getNewFolio(int src) {
        return compaction.compactionAlloc(this, src);
    }

    @Override
    public void putNewFolio(int dst) {
        compaction.compactionFree(this, dst);
    }
}
