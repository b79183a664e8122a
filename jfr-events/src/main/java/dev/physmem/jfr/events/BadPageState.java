package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** bad_page() (mm/page_alloc.c) and VM_BUG_ON_FOLIO(). */
@Name(EventNames.BAD_PAGE_STATE)
@Label("Bad Page State")
@Description("A page frame was found in a state it must never be in, such as freed while still mapped, and "
        + "the kernel printed 'BUG: Bad page state' (bad_page in mm/page_alloc.c).")
@Category({Categories.LINUX_MEMORY, Categories.PAGE_ALLOCATOR})
@StackTrace(true)
public final class BadPageState extends Event {
    @Label("PFN")
    public int pfn;

    @Label("Physical Address")
    @MemoryAddress
    public long physAddr;

    @Label("Reason")
    public String reason;

    @Label("Kernel Report")
    @Description("The lines the kernel prints")
    public String report;

    @Label("Node")
    @Description("NUMA node")
    public int node;

    @Label("Zone")
    public String zone;
}
