package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** mm_page_alloc_extfrag (include/trace/events/kmem.h), fired by the buddy fallback path. */
@Name(EventNames.ALLOC_EXTFRAG)
@Label("Fallback to Another Migrate Type")
@Description("An allocation found no free block of its own migrate type and took one from another type's "
        + "free list, which fragments memory over time (tracepoint kmem:mm_page_alloc_extfrag).")
@Category({Categories.LINUX_MEMORY, Categories.PAGE_ALLOCATOR})
@StackTrace(false)
public final class AllocExtfrag extends RatelimitedEvent {
    @Label("PFN")
    @Description("Page frame number of the first page")
    public int pfn;

    @Label("Physical Address")
    @MemoryAddress
    public long physAddr;

    @Label("Allocation Order")
    public int allocOrder;

    @Label("Fallback Order")
    @Description("Order of the free block taken from the other list")
    public int fallbackOrder;

    @Label("Wanted Migrate Type")
    public String allocMigrateType;

    @Label("Fallback Migrate Type")
    public String fallbackMigrateType;

    @Label("Pageblock Claimed")
    @Description("Whether the whole pageblock changed to the wanted migrate type")
    public boolean changeOwnership;

    @Label("Node")
    @Description("NUMA node")
    public int node;

    @Label("Zone")
    public String zone;
}
