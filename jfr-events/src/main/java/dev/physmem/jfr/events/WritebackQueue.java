package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** writeback_queue (include/trace/events/writeback.h), fired by wb_queue_work(). */
@Name(EventNames.WRITEBACK_QUEUE)
@Label("Writeback Work Queued")
@Description("Writeback work was queued for a device's flusher thread (tracepoint "
        + "writeback:writeback_queue).")
@Category({Categories.LINUX_MEMORY, Categories.WRITEBACK})
@StackTrace(false)
public final class WritebackQueue extends Event {
    @Label("Device")
    @Description("Backing device (bdi) of the flusher, major:minor")
    public String device;

    @Label("Reason")
    @Description("Why writeback runs (the kernel's wb_reason: background, periodic, sync, vmscan, ...)")
    public String reason;

    @Label("Pages Requested")
    @Description("Pages the work asks to write; 0 means all dirty pages")
    public long pages;

    @Label("Sync All")
    @Description("Whether the work waits for every page (sync) rather than a quota")
    public boolean syncAll;
}
