package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** ftruncate(2) as the agent observed it. */
@Name(EventNames.FILE_TRUNCATE)
@Label("File Truncate")
@Description("The application cut or extended a file; page-cache pages beyond the new end were dropped "
        + "(ftruncate(2)).")
@Category({Categories.LINUX_MEMORY, Categories.WORKLOAD})
@StackTrace(false)
public final class FileTruncate extends WorkloadEvent {
    @Label("Inode")
    @Description("Simulated inode number of the file")
    public long ino;

    @Label("Path")
    @Description("File path as the application named it")
    public String path;

    @Label("New Size")
    @DataAmount
    public long length;
}
