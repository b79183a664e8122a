package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** writeback_dirty_folio (include/trace/events/writeback.h), fired by folio_mark_dirty(). */
@Name(EventNames.FOLIO_DIRTY)
@Label("Folio Dirtied")
@Description("A clean page-cache folio became dirty and now counts against the dirty limits until it is "
        + "written back (tracepoint writeback:writeback_dirty_folio).")
@Category({Categories.LINUX_MEMORY, Categories.WRITEBACK})
@Enabled(false)
@StackTrace(false)
public final class FolioDirty extends Event {
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
}
