package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/** mm_compaction_begin / _end (include/trace/events/compaction.h) around one compact_zone() run. */
@Name(EventNames.COMPACTION)
@Label("Compaction")
@Description("Memory compaction of one zone (vm.compact_memory): movable pages moved from the bottom of the "
        + "zone into free holes near its top so that free pages merge into large blocks; the duration is the "
        + "run (tracepoints compaction:mm_compaction_begin and _end).")
@Category({Categories.LINUX_MEMORY, Categories.PAGE_ALLOCATOR})
@StackTrace(false)
@Threshold("0 ns")
public final class Compaction extends Event {
    @Label("Node")
    public int node;

    @Label("Zone")
    public String zone;

    @Label("Zone Start PFN")
    public long zoneStart;

    @Label("Zone End PFN")
    public long zoneEnd;

    @Label("Migrate Scanner PFN")
    @Description("Where the migration scanner, walking up from the zone start, stopped")
    public long migratePfn;

    @Label("Free Scanner PFN")
    @Description("Where the free scanner, walking down from the zone end, stopped")
    public long freePfn;

    @Label("Migrate Scanned")
    @Description("Page frames the migration scanner looked at")
    public long migrateScanned;

    @Label("Free Scanned")
    @Description("Page frames the free scanner looked at")
    public long freeScanned;

    @Label("Pages Migrated")
    public long migrated;

    @Label("Pages Failed")
    @Description("Pages migration gave up on: pinned, under writeback, or no free target left")
    public long failed;

    @Label("Status")
    @Description("How the run ended, as the kernel names it (complete, contended)")
    public String status;
}
