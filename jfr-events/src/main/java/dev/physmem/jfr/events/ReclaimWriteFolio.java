package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** mm_vmscan_write_folio (include/trace/events/vmscan.h), fired by pageout(). */
@Name(EventNames.RECLAIM_WRITE_FOLIO)
@Label("Reclaim Writes Folio")
@Description("Reclaim found a dirty folio at the tail of the inactive list and started writing it itself "
        + "(tracepoint vmscan:mm_vmscan_write_folio).")
@Category({Categories.LINUX_MEMORY, Categories.RECLAIM})
@Enabled(false)
@StackTrace(false)
public final class ReclaimWriteFolio extends Event {
    @Label("PFN")
    @Description("Page frame number of the first page")
    public int pfn;

    @Label("Physical Address")
    @MemoryAddress
    public long physAddr;

    @Label("Node")
    @Description("NUMA node")
    public int node;

    @Label("Zone")
    public String zone;
}
