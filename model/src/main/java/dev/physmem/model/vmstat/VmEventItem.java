package dev.physmem.model.vmstat;

/**
 * {@code enum vm_event_item} (include/linux/vm_event_item.h) as printed by /proc/vmstat on a 6.18 x86_64 kernel
 * with NUMA, THP, compaction, migration, balloon, swap and zswap configured. The per-zone items
 * ({@code pgalloc_*}, {@code allocstall_*}, {@code pgskip_*}) are laid out zone by zone so that
 * {@code PGALLOC_DMA + zone_idx} names the zone's counter, as {@code __count_zid_vm_events} does.
 */
public final class VmEventItem {
    private VmEventItem() {}

    public static final int PGPGIN = 0;
    public static final int PGPGOUT = 1;
    public static final int PSWPIN = 2;
    public static final int PSWPOUT = 3;
    public static final int PGALLOC_DMA = 4;
    public static final int PGALLOC_DMA32 = 5;
    public static final int PGALLOC_NORMAL = 6;
    public static final int PGALLOC_MOVABLE = 7;
    public static final int PGALLOC_DEVICE = 8;
    public static final int ALLOCSTALL_DMA = 9;
    public static final int ALLOCSTALL_DMA32 = 10;
    public static final int ALLOCSTALL_NORMAL = 11;
    public static final int ALLOCSTALL_MOVABLE = 12;
    public static final int ALLOCSTALL_DEVICE = 13;
    public static final int PGSKIP_DMA = 14;
    public static final int PGSKIP_DMA32 = 15;
    public static final int PGSKIP_NORMAL = 16;
    public static final int PGSKIP_MOVABLE = 17;
    public static final int PGSKIP_DEVICE = 18;
    public static final int PGFREE = 19;
    public static final int PGACTIVATE = 20;
    public static final int PGDEACTIVATE = 21;
    public static final int PGLAZYFREE = 22;
    public static final int PGFAULT = 23;
    public static final int PGMAJFAULT = 24;
    public static final int PGLAZYFREED = 25;
    public static final int PGREFILL = 26;
    public static final int PGREUSE = 27;
    public static final int PGSTEAL_KSWAPD = 28;
    public static final int PGSTEAL_DIRECT = 29;
    public static final int PGSTEAL_KHUGEPAGED = 30;
    public static final int PGSTEAL_PROACTIVE = 31;
    public static final int PGSCAN_KSWAPD = 32;
    public static final int PGSCAN_DIRECT = 33;
    public static final int PGSCAN_KHUGEPAGED = 34;
    public static final int PGSCAN_PROACTIVE = 35;
    public static final int PGSCAN_DIRECT_THROTTLE = 36;
    public static final int PGSCAN_ANON = 37;
    public static final int PGSCAN_FILE = 38;
    public static final int PGSTEAL_ANON = 39;
    public static final int PGSTEAL_FILE = 40;
    public static final int ZONE_RECLAIM_SUCCESS = 41;
    public static final int ZONE_RECLAIM_FAILED = 42;
    public static final int PGINODESTEAL = 43;
    public static final int SLABS_SCANNED = 44;
    public static final int KSWAPD_INODESTEAL = 45;
    public static final int KSWAPD_LOW_WMARK_HIT_QUICKLY = 46;
    public static final int KSWAPD_HIGH_WMARK_HIT_QUICKLY = 47;
    public static final int PAGEOUTRUN = 48;
    public static final int PGROTATED = 49;
    public static final int DROP_PAGECACHE = 50;
    public static final int DROP_SLAB = 51;
    public static final int OOM_KILL = 52;
    public static final int NUMA_PTE_UPDATES = 53;
    public static final int NUMA_HUGE_PTE_UPDATES = 54;
    public static final int NUMA_HINT_FAULTS = 55;
    public static final int NUMA_HINT_FAULTS_LOCAL = 56;
    public static final int NUMA_PAGES_MIGRATED = 57;
    public static final int PGMIGRATE_SUCCESS = 58;
    public static final int PGMIGRATE_FAIL = 59;
    public static final int THP_MIGRATION_SUCCESS = 60;
    public static final int THP_MIGRATION_FAIL = 61;
    public static final int THP_MIGRATION_SPLIT = 62;
    public static final int COMPACT_MIGRATE_SCANNED = 63;
    public static final int COMPACT_FREE_SCANNED = 64;
    public static final int COMPACT_ISOLATED = 65;
    public static final int COMPACT_STALL = 66;
    public static final int COMPACT_FAIL = 67;
    public static final int COMPACT_SUCCESS = 68;
    public static final int COMPACT_DAEMON_WAKE = 69;
    public static final int COMPACT_DAEMON_MIGRATE_SCANNED = 70;
    public static final int COMPACT_DAEMON_FREE_SCANNED = 71;
    public static final int HTLB_BUDDY_ALLOC_SUCCESS = 72;
    public static final int HTLB_BUDDY_ALLOC_FAIL = 73;
    public static final int UNEVICTABLE_PGS_CULLED = 74;
    public static final int UNEVICTABLE_PGS_SCANNED = 75;
    public static final int UNEVICTABLE_PGS_RESCUED = 76;
    public static final int UNEVICTABLE_PGS_MLOCKED = 77;
    public static final int UNEVICTABLE_PGS_MUNLOCKED = 78;
    public static final int UNEVICTABLE_PGS_CLEARED = 79;
    public static final int UNEVICTABLE_PGS_STRANDED = 80;
    public static final int THP_FAULT_ALLOC = 81;
    public static final int THP_FAULT_FALLBACK = 82;
    public static final int THP_FAULT_FALLBACK_CHARGE = 83;
    public static final int THP_COLLAPSE_ALLOC = 84;
    public static final int THP_COLLAPSE_ALLOC_FAILED = 85;
    public static final int THP_FILE_ALLOC = 86;
    public static final int THP_FILE_FALLBACK = 87;
    public static final int THP_FILE_FALLBACK_CHARGE = 88;
    public static final int THP_FILE_MAPPED = 89;
    public static final int THP_SPLIT_PAGE = 90;
    public static final int THP_SPLIT_PAGE_FAILED = 91;
    public static final int THP_DEFERRED_SPLIT_PAGE = 92;
    public static final int THP_UNDERUSED_SPLIT_PAGE = 93;
    public static final int THP_SPLIT_PMD = 94;
    public static final int THP_SCAN_EXCEED_NONE_PTE = 95;
    public static final int THP_SCAN_EXCEED_SWAP_PTE = 96;
    public static final int THP_SCAN_EXCEED_SHARE_PTE = 97;
    public static final int THP_SPLIT_PUD = 98;
    public static final int THP_ZERO_PAGE_ALLOC = 99;
    public static final int THP_ZERO_PAGE_ALLOC_FAILED = 100;
    public static final int THP_SWPOUT = 101;
    public static final int THP_SWPOUT_FALLBACK = 102;
    public static final int BALLOON_INFLATE = 103;
    public static final int BALLOON_DEFLATE = 104;
    public static final int BALLOON_MIGRATE = 105;
    public static final int SWAP_RA = 106;
    public static final int SWAP_RA_HIT = 107;
    public static final int SWPIN_ZERO = 108;
    public static final int SWPOUT_ZERO = 109;
    public static final int KSM_SWPIN_COPY = 110;
    public static final int COW_KSM = 111;
    public static final int ZSWPIN = 112;
    public static final int ZSWPOUT = 113;
    public static final int ZSWPWB = 114;
    public static final int DIRECT_MAP_LEVEL2_SPLITS = 115;
    public static final int DIRECT_MAP_LEVEL3_SPLITS = 116;
    public static final int DIRECT_MAP_LEVEL2_COLLAPSES = 117;
    public static final int DIRECT_MAP_LEVEL3_COLLAPSES = 118;
    public static final int NR_VM_EVENT_ITEMS = 119;

    static final String[] NAMES = {
            "pgpgin", "pgpgout", "pswpin", "pswpout",
            "pgalloc_dma", "pgalloc_dma32", "pgalloc_normal", "pgalloc_movable",
            "pgalloc_device", "allocstall_dma", "allocstall_dma32", "allocstall_normal",
            "allocstall_movable", "allocstall_device", "pgskip_dma", "pgskip_dma32",
            "pgskip_normal", "pgskip_movable", "pgskip_device", "pgfree",
            "pgactivate", "pgdeactivate", "pglazyfree", "pgfault",
            "pgmajfault", "pglazyfreed", "pgrefill", "pgreuse",
            "pgsteal_kswapd", "pgsteal_direct", "pgsteal_khugepaged", "pgsteal_proactive",
            "pgscan_kswapd", "pgscan_direct", "pgscan_khugepaged", "pgscan_proactive",
            "pgscan_direct_throttle", "pgscan_anon", "pgscan_file", "pgsteal_anon",
            "pgsteal_file", "zone_reclaim_success", "zone_reclaim_failed", "pginodesteal",
            "slabs_scanned", "kswapd_inodesteal", "kswapd_low_wmark_hit_quickly", "kswapd_high_wmark_hit_quickly",
            "pageoutrun", "pgrotated", "drop_pagecache", "drop_slab",
            "oom_kill", "numa_pte_updates", "numa_huge_pte_updates", "numa_hint_faults",
            "numa_hint_faults_local", "numa_pages_migrated", "pgmigrate_success", "pgmigrate_fail",
            "thp_migration_success", "thp_migration_fail", "thp_migration_split", "compact_migrate_scanned",
            "compact_free_scanned", "compact_isolated", "compact_stall", "compact_fail",
            "compact_success", "compact_daemon_wake", "compact_daemon_migrate_scanned", "compact_daemon_free_scanned",
            "htlb_buddy_alloc_success", "htlb_buddy_alloc_fail", "unevictable_pgs_culled", "unevictable_pgs_scanned",
            "unevictable_pgs_rescued", "unevictable_pgs_mlocked", "unevictable_pgs_munlocked", "unevictable_pgs_cleared",
            "unevictable_pgs_stranded", "thp_fault_alloc", "thp_fault_fallback", "thp_fault_fallback_charge",
            "thp_collapse_alloc", "thp_collapse_alloc_failed", "thp_file_alloc", "thp_file_fallback",
            "thp_file_fallback_charge", "thp_file_mapped", "thp_split_page", "thp_split_page_failed",
            "thp_deferred_split_page", "thp_underused_split_page", "thp_split_pmd", "thp_scan_exceed_none_pte",
            "thp_scan_exceed_swap_pte", "thp_scan_exceed_share_pte", "thp_split_pud", "thp_zero_page_alloc",
            "thp_zero_page_alloc_failed", "thp_swpout", "thp_swpout_fallback", "balloon_inflate",
            "balloon_deflate", "balloon_migrate", "swap_ra", "swap_ra_hit",
            "swpin_zero", "swpout_zero", "ksm_swpin_copy", "cow_ksm",
            "zswpin", "zswpout", "zswpwb", "direct_map_level2_splits",
            "direct_map_level3_splits", "direct_map_level2_collapses", "direct_map_level3_collapses",
    };

    public static String name(int item) {
        return NAMES[item];
    }
}
