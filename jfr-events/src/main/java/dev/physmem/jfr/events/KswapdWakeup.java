package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** mm_vmscan_wakeup_kswapd (include/trace/events/vmscan.h), fired by wakeup_kswapd(). */
@Name(EventNames.KSWAPD_WAKEUP)
@Label("kswapd Wake-up Request")
@Description("An allocation found a zone below its low watermark and asked the node's kswapd to reclaim "
        + "(tracepoint vmscan:mm_vmscan_wakeup_kswapd).")
@Category({Categories.LINUX_MEMORY, Categories.RECLAIM})
@StackTrace(false)
public final class KswapdWakeup extends RatelimitedEvent {
    @Label("Node")
    @Description("NUMA node")
    public int node;

    @Label("Zone")
    public String zone;

    @Label("Order")
    @Description("Log2 of the number of pages in the block")
    public int order;

    @Label("GFP Flags")
    @Description("The allocation flags as the kernel prints them (%pGg)")
    public String gfpFlags;

    @Label("GFP Mask")
    @Description("The allocation flags as a number")
    public int gfp;
}
