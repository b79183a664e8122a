package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** mm_filemap_delete_from_page_cache (include/trace/events/filemap.h). */
@Name(EventNames.PAGE_CACHE_DELETE)
@Label("Page Cache Removal")
@Description("A folio left a file's page cache through truncation, reclaim or drop_caches (tracepoint "
        + "filemap:mm_filemap_delete_from_page_cache).")
@Category({Categories.LINUX_MEMORY, Categories.PAGE_CACHE})
@Enabled(false)
@StackTrace(false)
public final class PageCacheDelete extends PageCacheFolioEvent {}
