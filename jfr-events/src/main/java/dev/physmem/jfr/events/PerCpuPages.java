package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The "pagesets" part of /proc/zoneinfo: one row per populated zone and CPU, committed with the
 * zone rows of the same snapshot (so its period is ZoneInfo's).
 */
@Name(EventNames.PER_CPU_PAGES)
@Label("Per-CPU Page Lists")
@Description("One CPU's per-CPU page lists of one zone (struct per_cpu_pages): pages held, and the high "
        + "mark and batch that decide when they go back to the buddy allocator.")
@Category({Categories.LINUX_MEMORY, Categories.SNAPSHOTS})
@StackTrace(false)
public final class PerCpuPages extends Event {
    @Label("Snapshot")
    @Description("Rows with the same number were taken together")
    public long snapshot;

    @Label("Rows in Snapshot")
    @Description("How many rows were taken together with this one, itself included")
    public int rows;

    @Label("Node")
    public int node;

    @Label("Zone")
    public String zone;

    @Label("CPU")
    public int cpu;

    @Label("Count")
    @Description("Pages on this CPU's lists")
    public int count;

    @Label("High")
    @Description("Pages above which the lists are drained to the buddy allocator")
    public int high;

    @Label("Batch")
    @Description("Pages moved to or from the buddy allocator at a time")
    public int batch;

    @Label("High Min")
    public int highMin;

    @Label("High Max")
    public int highMax;

    @Label("Stat Threshold")
    @Description("Per-CPU vmstat deltas are folded into the zone counters beyond this")
    public int statThreshold;
}
