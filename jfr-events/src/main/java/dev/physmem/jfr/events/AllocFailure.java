package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** warn_alloc() (mm/page_alloc.c): the failure report, itself rate-limited as the kernel does. */
@Name(EventNames.ALLOC_FAILURE)
@Label("Page Allocation Failure")
@Description("The page allocator could not satisfy a request even after reclaim, and the kernel printed "
        + "'page allocation failure' (warn_alloc in mm/page_alloc.c).")
@Category({Categories.LINUX_MEMORY, Categories.PAGE_ALLOCATOR})
@StackTrace(true)
public final class AllocFailure extends Event {
    @Label("Order")
    @Description("Log2 of the number of pages in the block")
    public int order;

    @Label("Size")
    @DataAmount
    public long size;

    @Label("GFP Flags")
    @Description("The allocation flags as the kernel prints them (%pGg)")
    public String gfpFlags;

    @Label("GFP Mask")
    @Description("The allocation flags as a number")
    public int gfp;

    @Label("Preferred Node")
    public int node;

    @Label("Kernel Report")
    @Description("The lines the kernel prints")
    public String report;
}
