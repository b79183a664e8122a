package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** mark_victim (include/trace/events/oom.h) plus dump_header()/oom_kill_process() output (mm/oom_kill.c). */
@Name(EventNames.OOM)
@Label("Out of Memory Kill")
@Description("Reclaim could not free enough memory and the OOM killer chose a process to kill (tracepoint "
        + "oom:mark_victim, with the OOM report); PID 0 when there was no process it could kill.")
@Category({Categories.LINUX_MEMORY, Categories.RECLAIM})
@StackTrace(true)
public final class Oom extends Event {
    @Label("PID")
    @Description("Simulated process id of the victim; 0 when no process could be killed")
    public int pid;

    @Label("Command")
    public String comm;

    @Label("Total VM")
    @DataAmount
    public long totalVm;

    @Label("Anonymous RSS")
    @DataAmount
    public long anonRss;

    @Label("File RSS")
    @DataAmount
    public long fileRss;

    @Label("Shmem RSS")
    @DataAmount
    public long shmemRss;

    @Label("GFP Flags")
    @Description("The allocation flags as the kernel prints them (%pGg)")
    public String gfpFlags;

    @Label("GFP Mask")
    @Description("The allocation flags as a number")
    public int gfp;

    @Label("Order")
    @Description("Log2 of the number of pages in the block")
    public int order;

    @Label("Kernel Report")
    @Description("The lines the kernel prints")
    public String report;
}
