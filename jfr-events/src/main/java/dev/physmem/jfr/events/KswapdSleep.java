package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/** mm_vmscan_kswapd_sleep (include/trace/events/vmscan.h), timed from the matching kswapd wake. */
@Name(EventNames.KSWAPD_SLEEP)
@Label("kswapd Sleeps")
@Description("kswapd finished balancing its node and went back to sleep; the duration is how long it ran "
        + "(tracepoint vmscan:mm_vmscan_kswapd_sleep).")
@Category({Categories.LINUX_MEMORY, Categories.RECLAIM})
@StackTrace(false)
@Threshold("0 ns")
public final class KswapdSleep extends Event {
    @Label("Node")
    @Description("NUMA node")
    public int node;
}
