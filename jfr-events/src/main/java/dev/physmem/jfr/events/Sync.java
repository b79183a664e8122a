package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** sync(2), requested through the Kernel MBean or the CLI. */
@Name(EventNames.SYNC)
@Label("Sync")
@Description("Every dirty page of every device was written back and waited for (sync(2)).")
@Category({Categories.LINUX_MEMORY, Categories.WORKLOAD})
@StackTrace(false)
public final class Sync extends Event {
    @Label("Source")
    @Description("Who asked: jmx, cli, test")
    public String source;
}
