package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** wbc_writepage (include/trace/events/writeback.h), once per folio written. */
@Name(EventNames.FOLIO_WRITEBACK)
@Label("Folio Writeback")
@Description("One dirty folio was submitted to its block device for writeback (tracepoint "
        + "writeback:wbc_writepage).")
@Category({Categories.LINUX_MEMORY, Categories.WRITEBACK})
@Enabled(false)
@StackTrace(false)
public final class FolioWriteback extends FileFolioEvent {
    @Label("Reason")
    @Description("Why writeback runs (the kernel's wb_reason: background, periodic, sync, vmscan, ...)")
    public String reason;
}
