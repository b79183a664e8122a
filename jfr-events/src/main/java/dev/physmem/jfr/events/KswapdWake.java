package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** mm_vmscan_kswapd_wake (include/trace/events/vmscan.h). */
@Name(EventNames.KSWAPD_WAKE)
@Label("kswapd Wakes")
@Description("kswapd woke up to reclaim memory on its node until every zone is above its high watermark "
        + "(tracepoint vmscan:mm_vmscan_kswapd_wake).")
@Category({Categories.LINUX_MEMORY, Categories.RECLAIM})
@StackTrace(false)
public final class KswapdWake extends Event {
    @Label("Node")
    @Description("NUMA node")
    public int node;

    @Label("Zone")
    public String zone;

    @Label("Order")
    @Description("Log2 of the number of pages in the block")
    public int order;
}
