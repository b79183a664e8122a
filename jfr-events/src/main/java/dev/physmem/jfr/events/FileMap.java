package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** mmap(2) of a file, as FileChannel.map() does. */
@Name(EventNames.FILE_MAP)
@Label("File Mapping")
@Description("The application memory-mapped a file range, so its page-cache pages became mapped (mmap(2) "
        + "with MAP_SHARED).")
@Category({Categories.LINUX_MEMORY, Categories.WORKLOAD})
@StackTrace(false)
public final class FileMap extends WorkloadEvent {
    @Label("Inode")
    @Description("Simulated inode number of the file")
    public long ino;

    @Label("Path")
    @Description("File path as the application named it")
    public String path;

    @Label("File Offset")
    @Description("Offset in the file")
    @DataAmount
    public long offset;

    @Label("Mapped Length")
    @DataAmount
    public long length;

    @Label("Mapping ID")
    @Description("Identifies the mapping until it is unmapped")
    public long mapping;
}
