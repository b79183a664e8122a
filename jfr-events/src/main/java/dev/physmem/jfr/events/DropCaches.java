package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** drop_caches_sysctl_handler() (fs/drop_caches.c). */
@Name(EventNames.DROP_CACHES)
@Label("Drop Caches")
@Description("Clean page cache (1), reclaimable slab (2) or both (3) were dropped (echo N > "
        + "/proc/sys/vm/drop_caches).")
@Category({Categories.LINUX_MEMORY, Categories.WORKLOAD})
@StackTrace(false)
public final class DropCaches extends Event {
    @Label("Mode")
    @Description("1 page cache, 2 slab, 3 both")
    public int mode;

    @Label("Source")
    @Description("Who asked: jmx, cli, test")
    public String source;
}
