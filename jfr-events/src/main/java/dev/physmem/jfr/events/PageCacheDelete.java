package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
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
public final class PageCacheDelete extends Event {
    @Label("PFN")
    @Description("Page frame number of the first page")
    public int pfn;

    @Label("Physical Address")
    @MemoryAddress
    public long physAddr;

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

    @Label("Order")
    @Description("Log2 of the number of pages in the block")
    public int order;

    @Label("Size")
    @DataAmount
    public long size;
}
