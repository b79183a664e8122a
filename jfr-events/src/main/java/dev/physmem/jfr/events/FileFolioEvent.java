package dev.physmem.jfr.events;

import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;

/** The fields of writeback_dirty_folio and wbc_writepage: one folio of a file, by device, inode and index. */
public abstract class FileFolioEvent extends Event {
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
