package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/** mm_vmscan_direct_reclaim_begin / _end (include/trace/events/vmscan.h) around try_to_free_pages(). */
@Name(EventNames.DIRECT_RECLAIM)
@Label("Direct Reclaim")
@Description("An allocating task found memory short and reclaimed pages itself before its allocation could "
        + "go on; the duration is its stall (tracepoints vmscan:mm_vmscan_direct_reclaim_begin and "
        + "_end).")
@Category({Categories.LINUX_MEMORY, Categories.RECLAIM})
@StackTrace(true)
@Threshold("0 ns")
public final class DirectReclaim extends Event {
    @Label("Order")
    @Description("Log2 of the number of pages in the block")
    public int order;

    @Label("GFP Flags")
    @Description("The allocation flags as the kernel prints them (%pGg)")
    public String gfpFlags;

    @Label("GFP Mask")
    @Description("The allocation flags as a number")
    public int gfp;

    @Label("Pages Reclaimed")
    public long reclaimed;
}
