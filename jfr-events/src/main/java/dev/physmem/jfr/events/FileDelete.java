package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** unlink(2) as the agent observed it. */
@Name(EventNames.FILE_DELETE)
@Label("File Delete")
@Description("The application removed a file's last name, so its page-cache pages were dropped and its "
        + "dirty pages never written (unlink(2)).")
@Category({Categories.LINUX_MEMORY, Categories.WORKLOAD})
@StackTrace(false)
public final class FileDelete extends WorkloadEvent {
    @Label("Inode")
    @Description("Simulated inode number of the file")
    public long ino;

    @Label("Path")
    @Description("File path as the application named it")
    public String path;
}
