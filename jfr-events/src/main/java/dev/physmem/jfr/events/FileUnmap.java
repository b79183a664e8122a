package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** munmap(2) of a file mapping, when the mapped buffer is unmapped or collected. */
@Name(EventNames.FILE_UNMAP)
@Label("File Unmapping")
@Description("A memory mapping of a file went away (munmap(2)).")
@Category({Categories.LINUX_MEMORY, Categories.WORKLOAD})
@StackTrace(false)
public final class FileUnmap extends WorkloadEvent {
    @Label("Inode")
    @Description("Simulated inode number of the file")
    public long ino;

    @Label("Path")
    @Description("File path as the application named it")
    public String path;

    @Label("Mapped Length")
    @DataAmount
    public long length;

    @Label("Mapping ID")
    public long mapping;
}
