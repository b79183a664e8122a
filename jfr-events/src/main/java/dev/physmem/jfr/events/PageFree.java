package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** mm_page_free (include/trace/events/kmem.h), fired by free_pages_prepare(). */
@Name(EventNames.PAGE_FREE)
@Label("Page Free")
@Description("A block of 2^order page frames went back to the page allocator, to a per-CPU list or the "
        + "buddy free lists (tracepoint kmem:mm_page_free).")
@Category({Categories.LINUX_MEMORY, Categories.PAGE_ALLOCATOR})
@Enabled(false)
@StackTrace(false)
public final class PageFree extends Event {
    @Label("PFN")
    @Description("Page frame number of the first page")
    public int pfn;

    @Label("Order")
    @Description("Log2 of the number of pages in the block")
    public int order;

    @Label("Size")
    @DataAmount
    public long size;

    @Label("Physical Address")
    @MemoryAddress
    public long physAddr;

    @Label("Migrate Type")
    @Description("Migrate type of the block's pageblock")
    public String migrateType;

    @Label("Node")
    @Description("NUMA node")
    public int node;

    @Label("Zone")
    public String zone;
}
