package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A write to /proc/sys/vm that the kernel accepted. */
@Name(EventNames.SYSCTL_CHANGE)
@Label("Sysctl Change")
@Description("A vm.* sysctl changed value, and who changed it: an agent option, JMX or the physmem CLI "
        + "(/proc/sys/vm).")
@Category({Categories.LINUX_MEMORY, Categories.CONFIGURATION})
@StackTrace(false)
public final class SysctlChange extends Event {
    @Label("Name")
    @Description("Full sysctl name, e.g. vm.dirty_ratio")
    public String name;

    @Label("Old Value")
    public String oldValue;

    @Label("New Value")
    public String newValue;

    @Label("Source")
    @Description("Who changed it: option, jmx, cli, test")
    public String source;
}
