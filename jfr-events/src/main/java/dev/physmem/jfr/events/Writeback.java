package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/** writeback_start / writeback_written (include/trace/events/writeback.h) around one wb_writeback() work. */
@Name(EventNames.WRITEBACK)
@Label("Writeback Work")
@Description("One work of a device's flusher thread, from start to end, with the pages it wrote to the "
        + "device (wb_writeback in fs/fs-writeback.c).")
@Category({Categories.LINUX_MEMORY, Categories.WRITEBACK})
@StackTrace(false)
@Threshold("0 ns")
public final class Writeback extends Event {
    @Label("Device")
    @Description("Backing device (bdi) of the flusher, major:minor")
    public String device;

    @Label("Reason")
    @Description("Why writeback runs (the kernel's wb_reason: background, periodic, sync, vmscan, ...)")
    public String reason;

    @Label("Pages Written")
    public long pages;

    @Label("Bytes Written")
    @DataAmount
    public long size;

    @Label("Inodes Written")
    @Description("Files whose pages the work wrote")
    public long inodes;
}
