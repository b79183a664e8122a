package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** write(2), pwrite(2) and writev(2) as the agent observed them. */
@Name(EventNames.FILE_WRITE)
@Label("File Write")
@Description("The application wrote to a file, as the agent saw it; the simulated kernel turned it into "
        + "page-cache writes (write(2)).")
@Category({Categories.LINUX_MEMORY, Categories.WORKLOAD})
@StackTrace(false)
public final class FileWrite extends WorkloadEvent {
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

    @Label("Bytes Written")
    @DataAmount
    public long length;

    @Label("Throttle Pause")
    @Description("The pause balance_dirty_pages() imposed on this write")
    @Timespan(Timespan.NANOSECONDS)
    public long throttle;
}
