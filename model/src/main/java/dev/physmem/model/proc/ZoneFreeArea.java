package dev.physmem.model.proc;

import dev.physmem.model.Mm;
import dev.physmem.model.alloc.MigrateType;

/**
 * A snapshot of one zone's buddy free lists: free blocks per migrate type and order, and pageblocks per
 * migrate type. /proc/buddyinfo and /proc/pagetypeinfo are both rendered from these.
 *
 * @param freeBlocks        [migratetype][order] number of free blocks
 * @param pageblocksPerType pageblocks of each migrate type
 */
public record ZoneFreeArea(int nid, String zone, boolean populated, long[][] freeBlocks, long[] pageblocksPerType) {

    public ZoneFreeArea {
        if (freeBlocks.length != MigrateType.MIGRATE_TYPES || pageblocksPerType.length != MigrateType.MIGRATE_TYPES) {
            throw new IllegalArgumentException("one row per migrate type expected");
        }
    }

    /** free_area[order].nr_free: blocks of every type. */
    public long nrFree(int order) {
        long sum = 0;
        for (long[] perOrder : freeBlocks) {
            sum += perOrder[order];
        }
        return sum;
    }

    /** Free pages held by the free lists (not the per-CPU lists). */
    public long freePages() {
        long pages = 0;
        for (int order = 0; order < Mm.NR_PAGE_ORDERS; order++) {
            pages += nrFree(order) << order;
        }
        return pages;
    }
}
