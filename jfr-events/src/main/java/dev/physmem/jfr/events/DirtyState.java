package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** global_dirty_state (include/trace/events/writeback.h), fired by the dirty limit computation. */
@Name(EventNames.DIRTY_STATE)
@Label("Global Dirty State")
@Description("The dirty and writeback memory and the thresholds a throttling decision compared them with "
        + "(tracepoint writeback:global_dirty_state).")
@Category({Categories.LINUX_MEMORY, Categories.WRITEBACK})
@Enabled(false)
@StackTrace(false)
public final class DirtyState extends Event {
    @Label("Dirty")
    @DataAmount
    public long dirty;

    @Label("Writeback")
    @DataAmount
    public long writeback;

    @Label("Background Threshold")
    @DataAmount
    public long backgroundThresh;

    @Label("Dirty Threshold")
    @DataAmount
    public long dirtyThresh;

    @Label("Dirty Limit")
    @DataAmount
    public long dirtyLimit;

    @Label("Pages Dirtied")
    @Description("nr_dirtied: pages dirtied since boot")
    public long dirtied;

    @Label("Pages Written")
    @Description("nr_written: pages written back since boot")
    public long written;
}
