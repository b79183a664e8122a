package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** mm_setup_per_zone_wmarks (include/trace/events/kmem.h), fired by __setup_per_zone_wmarks(). */
@Name(EventNames.ZONE_WATERMARKS)
@Label("Zone Watermarks")
@Description("A zone's min, low, high and promo watermarks were computed from vm.min_free_kbytes and "
        + "vm.watermark_scale_factor (tracepoint kmem:mm_setup_per_zone_wmarks).")
@Category({Categories.LINUX_MEMORY, Categories.PAGE_ALLOCATOR})
@StackTrace(false)
public final class ZoneWatermarks extends Event {
    @Label("Node")
    @Description("NUMA node")
    public int node;

    @Label("Zone")
    public String zone;

    @Label("Min Watermark")
    @DataAmount
    public long min;

    @Label("Low Watermark")
    @DataAmount
    public long low;

    @Label("High Watermark")
    @DataAmount
    public long high;

    @Label("Promo Watermark")
    @DataAmount
    public long promo;
}
