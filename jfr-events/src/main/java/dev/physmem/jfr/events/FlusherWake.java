package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** writeback_wake_background (include/trace/events/writeback.h), fired by wb_start_background_writeback(). */
@Name(EventNames.FLUSHER_WAKE)
@Label("Background Writeback Wake-up")
@Description("Dirty memory crossed the background threshold (vm.dirty_background_ratio or _bytes) and the "
        + "device's flusher thread was woken (tracepoint writeback:writeback_wake_background).")
@Category({Categories.LINUX_MEMORY, Categories.WRITEBACK})
@StackTrace(false)
public final class FlusherWake extends Event {
    @Label("Device")
    @Description("Backing device (bdi) of the flusher, major:minor")
    public String device;
}
