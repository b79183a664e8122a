package dev.physmem.model.vmstat;

/**
 * {@code enum zone_stat_item} and the NUMA event counters kept per zone (include/linux/mmzone.h),
 * in the order {@code mm/vmstat.c: vmstat_text[]} prints them. {@code NR_FREE_CMA_PAGES} prints as
 * {@code nr_free_cma}; CONFIG_ZSMALLOC is on and CONFIG_UNACCEPTED_MEMORY off, as on the reference machine.
 */
public final class ZoneStatItem {
    private ZoneStatItem() {}

    public static final int NR_FREE_PAGES = 0;
    public static final int NR_FREE_PAGES_BLOCKS = 1;
    public static final int NR_ZONE_INACTIVE_ANON = 2;
    public static final int NR_ZONE_ACTIVE_ANON = 3;
    public static final int NR_ZONE_INACTIVE_FILE = 4;
    public static final int NR_ZONE_ACTIVE_FILE = 5;
    public static final int NR_ZONE_UNEVICTABLE = 6;
    public static final int NR_ZONE_WRITE_PENDING = 7;
    public static final int NR_MLOCK = 8;
    public static final int NR_ZSPAGES = 9;
    public static final int NR_FREE_CMA_PAGES = 10;
    public static final int NR_VM_ZONE_STAT_ITEMS = 11;

    static final String[] NAMES = {
            "nr_free_pages", "nr_free_pages_blocks", "nr_zone_inactive_anon", "nr_zone_active_anon",
            "nr_zone_inactive_file", "nr_zone_active_file", "nr_zone_unevictable", "nr_zone_write_pending",
            "nr_mlock", "nr_zspages", "nr_free_cma",
    };

    /** {@code enum numa_stat_item}: kept per zone, printed after the zone items. */
    public static final class Numa {
        private Numa() {}

        public static final int NUMA_HIT = 0;
        public static final int NUMA_MISS = 1;
        public static final int NUMA_FOREIGN = 2;
        public static final int NUMA_INTERLEAVE = 3;
        public static final int NUMA_LOCAL = 4;
        public static final int NUMA_OTHER = 5;
        public static final int NR_VM_NUMA_EVENT_ITEMS = 6;

        public static String name(int item) {
            return NAMES[item];
        }

        static final String[] NAMES = {
                "numa_hit", "numa_miss", "numa_foreign", "numa_interleave",
                "numa_local", "numa_other",
        };
    }

    public static String name(int item) {
        return NAMES[item];
    }
}
