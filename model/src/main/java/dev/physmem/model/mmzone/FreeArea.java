package dev.physmem.model.mmzone;

import dev.physmem.model.Mm;
import dev.physmem.model.alloc.MigrateType;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.page.PageLists;

/**
 * {@code struct free_area zone->free_area[NR_PAGE_ORDERS]}: one free list per order and migrate type,
 * and {@code nr_free}, the number of free blocks of each order. Guarded by the zone lock.
 */
public final class FreeArea {
    private final PageLists lists;
    private final long[] nrFree = new long[Mm.NR_PAGE_ORDERS];

    FreeArea(MemMap memMap) {
        lists = new PageLists(memMap, Mm.NR_PAGE_ORDERS * MigrateType.MIGRATE_TYPES);
    }

    private static int list(int order, int mt) {
        return order * MigrateType.MIGRATE_TYPES + mt;
    }

    public long nrFree(int order) {
        return nrFree[order];
    }

    /** Blocks on free_list[mt] of this order. */
    public long count(int order, int mt) {
        return lists.length(list(order, mt));
    }

    public boolean isEmpty(int order, int mt) {
        return lists.isEmpty(list(order, mt));
    }

    /** get_page_from_free_area(): the first block, or -1. */
    public int first(int order, int mt) {
        return lists.first(list(order, mt));
    }

    public void add(int pfn, int order, int mt, boolean tail) {
        if (tail) {
            lists.addTail(list(order, mt), pfn);
        } else {
            lists.addHead(list(order, mt), pfn);
        }
        nrFree[order]++;
    }

    public void del(int pfn, int order, int mt) {
        lists.remove(list(order, mt), pfn);
        nrFree[order]--;
    }

    public void move(int pfn, int order, int oldMt, int newMt) {
        lists.moveTail(list(order, oldMt), list(order, newMt), pfn);
    }
}
