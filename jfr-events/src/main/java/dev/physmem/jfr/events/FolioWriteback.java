package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
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
public final class FolioWriteback extends Event {
    @Label("PFN")
    @Description("Page frame number of the first page")
    public int pfn;

    @Label("Device")
    @Description("Block device of the file, major:minor")
    public String device;

    @Label("Inode")
    @Description("Simulated inode number of the file")
    public long ino;

    @Label("Page Index")
    @Description("Offset in the file, in pages")
    public long index;

    @Label("File Offset")
    @Description("Offset of the folio in the file")
    @DataAmount
    public long offset;

    @Label("Pages")
    public int pages;

    @Label("Size")
    @DataAmount
    public long size;

    @Label("Reason")
    @Description("Why writeback runs (the kernel's wb_reason: background, periodic, sync, vmscan, ...)")
    public String reason;
}
