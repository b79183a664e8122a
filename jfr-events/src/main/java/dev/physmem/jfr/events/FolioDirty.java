package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
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
public final class FolioDirty extends FileFolioEvent {}
