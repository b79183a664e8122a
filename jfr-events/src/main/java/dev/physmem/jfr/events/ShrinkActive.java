package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** mm_vmscan_lru_shrink_active (include/trace/events/vmscan.h), fired by shrink_active_list(). */
@Name(EventNames.SHRINK_ACTIVE)
@Label("Shrink Active List")
@Description("Reclaim moved pages from an active LRU list to the inactive list unless they were used "
        + "recently (tracepoint vmscan:mm_vmscan_lru_shrink_active).")
@Category({Categories.LINUX_MEMORY, Categories.RECLAIM})
@StackTrace(false)
public final class ShrinkActive extends RatelimitedEvent {
    @Label("Node")
    @Description("NUMA node")
    public int node;

    @Label("LRU")
    @Description("file or anon")
    public String lru;

    @Label("Pages Taken")
    public long taken;

    @Label("Pages Kept Active")
    public long active;

    @Label("Pages Deactivated")
    public long deactivated;

    @Label("Pages Referenced")
    public long referenced;

    @Label("Priority")
    @Description("Scan priority: 12 scans 1/4096 of the list, 0 all of it")
    public int priority;
}
