package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** balance_dirty_pages (include/trace/events/writeback.h); recorded only when the writer is paused. */
@Name(EventNames.DIRTY_THROTTLE)
@Label("Dirty Throttling")
@Description("A task dirtied page cache faster than its device writes it back, so balance_dirty_pages() "
        + "made it pause (tracepoint writeback:balance_dirty_pages).")
@Category({Categories.LINUX_MEMORY, Categories.WRITEBACK})
@StackTrace(true)
public final class DirtyThrottle extends Event {
    @Label("Device")
    @Description("Backing device (bdi) of the flusher, major:minor")
    public String device;

    @Label("Pause")
    @Description("How long the writer is paused")
    @Timespan(Timespan.NANOSECONDS)
    public long pause;

    @Label("Period")
    @Description("The pause period the dirty rate asks for")
    @Timespan(Timespan.NANOSECONDS)
    public long period;

    @Label("Dirty")
    @Description("Dirty and writeback memory the decision saw")
    @DataAmount
    public long dirty;

    @Label("Dirty Threshold")
    @Description("vm.dirty_ratio or vm.dirty_bytes applied to dirtyable memory")
    @DataAmount
    public long thresh;

    @Label("Background Threshold")
    @Description("vm.dirty_background_ratio or _bytes applied to dirtyable memory")
    @DataAmount
    public long bgThresh;

    @Label("Dirty Limit")
    @Description("The smoothed limit the dirty memory is steered towards")
    @DataAmount
    public long limit;

    @Label("Setpoint")
    @Description("Where throttling is neutral, halfway between the free-run ceiling and the limit")
    @DataAmount
    public long setpoint;

    @Label("Task Rate Limit (KB/s)")
    @Description("The writer's allowed dirtying rate, in KB/s as the kernel tracepoint prints it")
    public long taskRatelimit;

    @Label("Dirtied Since Last Pause")
    @DataAmount
    public long dirtied;
}
