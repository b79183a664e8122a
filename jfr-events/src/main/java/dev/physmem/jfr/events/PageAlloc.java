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

/** mm_page_alloc (include/trace/events/kmem.h), fired by alloc_pages() on success. */
@Name(EventNames.PAGE_ALLOC)
@Label("Page Allocation")
@Description("A block of 2^order contiguous page frames left the buddy allocator (tracepoint "
        + "kmem:mm_page_alloc).")
@Category({Categories.LINUX_MEMORY, Categories.PAGE_ALLOCATOR})
@Enabled(false)
@StackTrace(false)
public final class PageAlloc extends Event {
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

    @Label("GFP Flags")
    @Description("The allocation flags as the kernel prints them (%pGg)")
    public String gfpFlags;

    @Label("GFP Mask")
    @Description("The allocation flags as a number")
    public int gfp;

    @Label("Migrate Type")
    public String migrateType;

    @Label("Node")
    @Description("NUMA node")
    public int node;

    @Label("Zone")
    public String zone;
}
