package dev.physmem.jfr.events;

import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;

/** The fields of the two filemap.h tracepoints: one folio entering or leaving a file's page cache. */
public abstract class PageCacheFolioEvent extends Event {
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
