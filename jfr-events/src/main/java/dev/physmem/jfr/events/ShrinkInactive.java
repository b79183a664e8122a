package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** mm_vmscan_lru_shrink_inactive (include/trace/events/vmscan.h), fired by shrink_inactive_list(). */
@Name(EventNames.SHRINK_INACTIVE)
@Label("Shrink Inactive List")
@Description("Reclaim scanned the tail of an inactive LRU list and freed the pages it could (tracepoint "
        + "vmscan:mm_vmscan_lru_shrink_inactive).")
@Category({Categories.LINUX_MEMORY, Categories.RECLAIM})
@StackTrace(false)
public final class ShrinkInactive extends RatelimitedEvent {
    @Label("Node")
    @Description("NUMA node")
    public int node;

    @Label("LRU")
    @Description("file or anon")
    public String lru;

    @Label("Pages Scanned")
    public long scanned;

    @Label("Pages Reclaimed")
    public long reclaimed;

    @Label("Dirty Pages")
    @Description("Scanned pages that were dirty")
    public long dirty;

    @Label("Writeback Pages")
    @Description("Scanned pages under writeback")
    public long writeback;

    @Label("Congested Pages")
    public long congested;

    @Label("Immediate Pages")
    @Description("Pages under writeback marked for immediate reclaim")
    public long immediate;

    @Label("Pages Activated")
    @Description("Pages moved back to the active list")
    public long activate;

    @Label("Pages Kept")
    @Description("Referenced pages kept on the list")
    public long refKeep;

    @Label("Priority")
    @Description("Scan priority: 12 scans 1/4096 of the list, 0 all of it")
    public int priority;
}
