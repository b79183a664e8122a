package dev.physmem.model.mmzone;

import dev.physmem.model.Mm;
import dev.physmem.model.alloc.MigrateType;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.page.PageLists;

/**
 * {@code struct per_cpu_pages}: a CPU's cache of free pages for one zone, one list per migrate type
 * for orders 0..PAGE_ALLOC_COSTLY_ORDER plus two THP lists. Pages here are not counted as free by the
 * zone. Guarded by the owning CPU's lock.
 */
public final class PerCpuPages {
    /** NR_LOWORDER_PCP_LISTS = MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1). */
    public static final int NR_LOWORDER_PCP_LISTS = MigrateType.MIGRATE_PCPTYPES * (Mm.PAGE_ALLOC_COSTLY_ORDER + 1);
    public static final int NR_PCP_LISTS = NR_LOWORDER_PCP_LISTS + 2;
    /** CONFIG_PCP_BATCH_SCALE_MAX default. */
    public static final int PCP_BATCH_SCALE_MAX = 5;
    public static final int PCPF_PREV_FREE_HIGH_ORDER = 0x1;
    public static final int PCPF_FREE_HIGH_BATCH = 0x2;

    public final PageLists lists;
    /** Pages on the lists (not entries: an order-1 entry counts 2). */
    public int count;
    public int high;
    public int highMin;
    public int highMax;
    public int batch;
    public int flags;
    public int allocFactor;
    public int freeCount;

    PerCpuPages(MemMap memMap) {
        lists = new PageLists(memMap, NR_PCP_LISTS);
    }

    /** order_to_pindex(). */
    public static int orderToPindex(int migratetype, int order) {
        if (order > Mm.PAGE_ALLOC_COSTLY_ORDER) {
            return NR_LOWORDER_PCP_LISTS + (migratetype == MigrateType.MIGRATE_MOVABLE ? 1 : 0);
        }
        return MigrateType.MIGRATE_PCPTYPES * order + migratetype;
    }

    /** pindex_to_order(). */
    public static int pindexToOrder(int pindex) {
        return pindex >= NR_LOWORDER_PCP_LISTS ? Mm.HPAGE_PMD_ORDER : pindex / MigrateType.MIGRATE_PCPTYPES;
    }

    /** pcp_allowed_order(): cheap orders and THP go through the per-CPU lists. */
    public static boolean allowedOrder(int order) {
        return order <= Mm.PAGE_ALLOC_COSTLY_ORDER || order == Mm.HPAGE_PMD_ORDER;
    }
}
