package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** read(2), pread(2) and readv(2) as the agent observed them. */
@Name(EventNames.FILE_READ)
@Label("File Read")
@Description("The application read from a file, as the agent saw it; pages missing from the page cache "
        + "were read from the device (read(2)).")
@Category({Categories.LINUX_MEMORY, Categories.WORKLOAD})
@StackTrace(false)
public final class FileRead extends WorkloadEvent {
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

    @Label("Bytes Read")
    @DataAmount
    public long length;

    @Label("I/O Wait")
    @Description("How long the reader waited for pages read from the device")
    @Timespan(Timespan.NANOSECONDS)
    public long ioWait;
}
