package dev.physmem.model.vmstat;

/**
 * {@code enum node_stat_item} (include/linux/mmzone.h), named as the kernel names the enum and ordered as
 * {@code vmstat_text[]} prints it. The THP items are kept in pages and printed divided by HPAGE_PMD_NR.
 */
public final class NodeStatItem {
    private NodeStatItem() {}

    public static final int NR_INACTIVE_ANON = 0;
    public static final int NR_ACTIVE_ANON = 1;
    public static final int NR_INACTIVE_FILE = 2;
    public static final int NR_ACTIVE_FILE = 3;
    public static final int NR_UNEVICTABLE = 4;
    public static final int NR_SLAB_RECLAIMABLE_B = 5;
    public static final int NR_SLAB_UNRECLAIMABLE_B = 6;
    public static final int NR_ISOLATED_ANON = 7;
    public static final int NR_ISOLATED_FILE = 8;
    public static final int WORKINGSET_NODES = 9;
    public static final int WORKINGSET_REFAULT_ANON = 10;
    public static final int WORKINGSET_REFAULT_FILE = 11;
    public static final int WORKINGSET_ACTIVATE_ANON = 12;
    public static final int WORKINGSET_ACTIVATE_FILE = 13;
    public static final int WORKINGSET_RESTORE_ANON = 14;
    public static final int WORKINGSET_RESTORE_FILE = 15;
    public static final int WORKINGSET_NODERECLAIM = 16;
    public static final int NR_ANON_MAPPED = 17;
    public static final int NR_FILE_MAPPED = 18;
    public static final int NR_FILE_PAGES = 19;
    public static final int NR_FILE_DIRTY = 20;
    public static final int NR_WRITEBACK = 21;
    public static final int NR_SHMEM = 22;
    public static final int NR_SHMEM_THPS = 23;
    public static final int NR_SHMEM_PMDMAPPED = 24;
    public static final int NR_FILE_THPS = 25;
    public static final int NR_FILE_PMDMAPPED = 26;
    public static final int NR_ANON_THPS = 27;
    public static final int NR_VMSCAN_WRITE = 28;
    public static final int NR_VMSCAN_IMMEDIATE = 29;
    public static final int NR_DIRTIED = 30;
    public static final int NR_WRITTEN = 31;
    public static final int NR_THROTTLED_WRITTEN = 32;
    public static final int NR_KERNEL_MISC_RECLAIMABLE = 33;
    public static final int NR_FOLL_PIN_ACQUIRED = 34;
    public static final int NR_FOLL_PIN_RELEASED = 35;
    public static final int NR_KERNEL_STACK_KB = 36;
    public static final int NR_PAGETABLE = 37;
    public static final int NR_SECONDARY_PAGETABLE = 38;
    public static final int NR_IOMMU_PAGES = 39;
    public static final int NR_SWAPCACHE = 40;
    public static final int PGPROMOTE_SUCCESS = 41;
    public static final int PGPROMOTE_CANDIDATE = 42;
    public static final int PGPROMOTE_CANDIDATE_NRL = 43;
    public static final int PGDEMOTE_KSWAPD = 44;
    public static final int PGDEMOTE_DIRECT = 45;
    public static final int PGDEMOTE_KHUGEPAGED = 46;
    public static final int PGDEMOTE_PROACTIVE = 47;
    public static final int NR_HUGETLB = 48;
    public static final int NR_BALLOON_PAGES = 49;
    public static final int NR_KERNEL_FILE_PAGES = 50;
    public static final int NR_VM_NODE_STAT_ITEMS = 51;

    static final String[] NAMES = {
            "nr_inactive_anon", "nr_active_anon", "nr_inactive_file", "nr_active_file",
            "nr_unevictable", "nr_slab_reclaimable", "nr_slab_unreclaimable", "nr_isolated_anon",
            "nr_isolated_file", "workingset_nodes", "workingset_refault_anon", "workingset_refault_file",
            "workingset_activate_anon", "workingset_activate_file", "workingset_restore_anon", "workingset_restore_file",
            "workingset_nodereclaim", "nr_anon_pages", "nr_mapped", "nr_file_pages",
            "nr_dirty", "nr_writeback", "nr_shmem", "nr_shmem_hugepages",
            "nr_shmem_pmdmapped", "nr_file_hugepages", "nr_file_pmdmapped", "nr_anon_transparent_hugepages",
            "nr_vmscan_write", "nr_vmscan_immediate_reclaim", "nr_dirtied", "nr_written",
            "nr_throttled_written", "nr_kernel_misc_reclaimable", "nr_foll_pin_acquired", "nr_foll_pin_released",
            "nr_kernel_stack", "nr_page_table_pages", "nr_sec_page_table_pages", "nr_iommu_pages",
            "nr_swapcached", "pgpromote_success", "pgpromote_candidate", "pgpromote_candidate_nrl",
            "pgdemote_kswapd", "pgdemote_direct", "pgdemote_khugepaged", "pgdemote_proactive",
            "nr_hugetlb", "nr_balloon_pages", "nr_kernel_file_pages",
    };

    public static String name(int item) {
        return NAMES[item];
    }

    /** {@code vmstat_item_print_in_thp}: these are printed in huge pages, not base pages. */
    public static boolean printInThp(int item) {
        return item == NR_ANON_THPS || item == NR_FILE_THPS || item == NR_SHMEM_THPS
                || item == NR_SHMEM_PMDMAPPED || item == NR_FILE_PMDMAPPED;
    }
}
