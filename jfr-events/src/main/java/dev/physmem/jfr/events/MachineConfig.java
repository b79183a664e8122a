package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The booted machine, at the start of every chunk so that each chunk file of a repository (and what
 * is left of a cut-off recording) says what it was recorded on.
 */
@Name(EventNames.MACHINE_CONFIG)
@Label("Machine Configuration")
@Description("The simulated machine as booted: RAM, architecture, NUMA nodes and zones, CPUs, hugetlb pools "
        + "and the block device.")
@Category({Categories.LINUX_MEMORY, Categories.CONFIGURATION})
@StackTrace(false)
@Period("beginChunk")
public final class MachineConfig extends Event {
    @Label("Architecture")
    public String arch;

    @Label("RAM")
    @Description("Installed RAM")
    @DataAmount
    public long ram;

    @Label("MemTotal")
    @Description("RAM the page allocator manages, after boot-time reservations (totalram_pages)")
    @DataAmount
    public long memTotal;

    @Label("Page Size")
    @DataAmount
    public long pageSize;

    @Label("NUMA Nodes")
    public int nodes;

    @Label("CPUs")
    public int cpus;

    @Label("Zones")
    @Description("Each populated zone with its physical address range, as the boot log prints them")
    public String zones;

    @Label("2 MiB Huge Pages")
    @Description("hugepages= reserved at boot")
    public int hugepages;

    @Label("1 GiB Huge Pages")
    @Description("hugepagesz=1G hugepages= reserved at boot")
    public int hugepages1g;

    @Label("Transparent Huge Pages")
    @Description("transparent_hugepage mode")
    public String thp;

    @Label("Disk Bandwidth (per Second)")
    @Description("Bytes per second the simulated block device transfers")
    @DataAmount
    public long diskBandwidth;

    @Label("Disk Latency")
    @Description("Per-request latency of the simulated block device")
    @Timespan(Timespan.NANOSECONDS)
    public long diskLatency;

    @Label("Swap")
    @DataAmount
    public long swap;

    @Label("Strict")
    @Description("Whether a kernel bug stops the simulation (tests) rather than being counted (agent)")
    public boolean strict;

    @Label("Seed")
    @Description("Seed of everything the simulator randomises")
    public long seed;
}
