package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** One row of the page-types summary (tools/mm/page-types.c), in the tool's own row order. */
@Name(EventNames.PAGE_TYPES)
@Label("Page Types")
@Description("How many page frames have one combination of page flags, as the page-types tool counts them "
        + "from /proc/kpageflags.")
@Category({Categories.LINUX_MEMORY, Categories.SNAPSHOTS})
@StackTrace(false)
@Period("5 s")
public final class PageTypes extends Event {
    @Label("Snapshot")
    @Description("Rows with the same number were taken together")
    public long snapshot;

    @Label("Rows in Snapshot")
    @Description("How many rows were taken together with this one, itself included")
    public int rows;

    @Label("Row")
    @Description("Position of the row in the tool's output")
    public int row;

    @Label("Flags")
    @Description("The KPF_* bits (include/uapi/linux/kernel-page-flags.h)")
    public long flags;

    @Label("Flag Names")
    public String names;

    @Label("Pages")
    public long pages;

    @Label("Size")
    @DataAmount
    public long size;
}
