package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** fsync(2) / fdatasync(2) as the agent observed them. */
@Name(EventNames.FILE_SYNC)
@Label("File Sync")
@Description("The application forced a file's dirty pages to its device and waited for them (fsync(2) or "
        + "fdatasync(2)).")
@Category({Categories.LINUX_MEMORY, Categories.WORKLOAD})
@StackTrace(false)
public final class FileSync extends WorkloadEvent {
    @Label("Inode")
    @Description("Simulated inode number of the file")
    public long ino;

    @Label("Path")
    @Description("File path as the application named it")
    public String path;

    @Label("Data Only")
    @Description("fdatasync(2): file data without metadata")
    public boolean dataOnly;

    @Label("I/O Wait")
    @Description("How long the caller waited for writeback to finish")
    @Timespan(Timespan.NANOSECONDS)
    public long ioWait;
}
