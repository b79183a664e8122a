package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * One row per populated zone and migrate type: /proc/buddyinfo and /proc/pagetypeinfo are rebuilt
 * from the rows of one snapshot. The orders are MAX_PAGE_ORDER = 10 of include/linux/mmzone.h.
 */
@Name(EventNames.BUDDY_INFO)
@Label("Buddy Free Lists")
@Description("Free blocks of each order on one zone's buddy free lists of one migrate type, as "
        + "/proc/buddyinfo and /proc/pagetypeinfo show them.")
@Category({Categories.LINUX_MEMORY, Categories.SNAPSHOTS})
@StackTrace(false)
@Period("1 s")
public final class BuddyInfo extends Event {
    @Label("Snapshot")
    @Description("Rows with the same number were taken together")
    public long snapshot;

    @Label("Rows in Snapshot")
    @Description("How many rows were taken together with this one, itself included")
    public int rows;

    @Label("Node")
    public int node;

    @Label("Zone")
    public String zone;

    @Label("Migrate Type")
    public String migrateType;

    @Label("Free")
    @Description("Free memory on these lists")
    @DataAmount
    public long free;

    @Label("Pageblocks")
    @Description("Pageblocks of this migrate type in the zone")
    public long pageblocks;

    @Label("Order 0")
    @Description("Free blocks of 1 page (4 KiB)")
    public long order0;

    @Label("Order 1")
    @Description("Free blocks of 2 pages (8 KiB)")
    public long order1;

    @Label("Order 2")
    @Description("Free blocks of 4 pages (16 KiB)")
    public long order2;

    @Label("Order 3")
    @Description("Free blocks of 8 pages (32 KiB)")
    public long order3;

    @Label("Order 4")
    @Description("Free blocks of 16 pages (64 KiB)")
    public long order4;

    @Label("Order 5")
    @Description("Free blocks of 32 pages (128 KiB)")
    public long order5;

    @Label("Order 6")
    @Description("Free blocks of 64 pages (256 KiB)")
    public long order6;

    @Label("Order 7")
    @Description("Free blocks of 128 pages (512 KiB)")
    public long order7;

    @Label("Order 8")
    @Description("Free blocks of 256 pages (1 MiB)")
    public long order8;

    @Label("Order 9")
    @Description("Free blocks of 512 pages (2 MiB, a pageblock)")
    public long order9;

    @Label("Order 10")
    @Description("Free blocks of 1024 pages (4 MiB)")
    public long order10;
}
