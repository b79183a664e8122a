package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** mm_filemap_add_to_page_cache (include/trace/events/filemap.h). */
@Name(EventNames.PAGE_CACHE_ADD)
@Label("Page Cache Insertion")
@Description("A folio was added to a file's page cache (tracepoint filemap:mm_filemap_add_to_page_cache).")
@Category({Categories.LINUX_MEMORY, Categories.PAGE_CACHE})
@Enabled(false)
@StackTrace(false)
public final class PageCacheAdd extends PageCacheFolioEvent {}
