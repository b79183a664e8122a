package dev.physmem.model.proc;

/**
 * The lines of /proc/meminfo on a 6.18 x86_64 kernel configured like the reference machine (ZSWAP,
 * THP, balloon, hugetlb; no HIGHMEM, CMA or MEMORY_FAILURE), in fs/proc/meminfo.c's order.
 * DirectMap* lines are x86-only (arch_report_meminfo).
 */
public enum MemInfoField {
    MEM_TOTAL("MemTotal"), MEM_FREE("MemFree"), MEM_AVAILABLE("MemAvailable"), BUFFERS("Buffers"),
    CACHED("Cached"), SWAP_CACHED("SwapCached"), ACTIVE("Active"), INACTIVE("Inactive"),
    ACTIVE_ANON("Active(anon)"), INACTIVE_ANON("Inactive(anon)"), ACTIVE_FILE("Active(file)"),
    INACTIVE_FILE("Inactive(file)"), UNEVICTABLE("Unevictable"), MLOCKED("Mlocked"), SWAP_TOTAL("SwapTotal"),
    SWAP_FREE("SwapFree"), ZSWAP("Zswap"), ZSWAPPED("Zswapped"), DIRTY("Dirty"), WRITEBACK("Writeback"),
    ANON_PAGES("AnonPages"), MAPPED("Mapped"), SHMEM("Shmem"), KRECLAIMABLE("KReclaimable"), SLAB("Slab"),
    SRECLAIMABLE("SReclaimable"), SUNRECLAIM("SUnreclaim"), KERNEL_STACK("KernelStack"),
    PAGE_TABLES("PageTables"), SEC_PAGE_TABLES("SecPageTables"), NFS_UNSTABLE("NFS_Unstable"),
    BOUNCE("Bounce"), WRITEBACK_TMP("WritebackTmp"), COMMIT_LIMIT("CommitLimit"), COMMITTED_AS("Committed_AS"),
    VMALLOC_TOTAL("VmallocTotal"), VMALLOC_USED("VmallocUsed"), VMALLOC_CHUNK("VmallocChunk"),
    PERCPU("Percpu"), ANON_HUGE_PAGES("AnonHugePages"), SHMEM_HUGE_PAGES("ShmemHugePages"),
    SHMEM_PMD_MAPPED("ShmemPmdMapped"), FILE_HUGE_PAGES("FileHugePages"), FILE_PMD_MAPPED("FilePmdMapped"),
    BALLOON("Balloon"),
    HUGEPAGES_TOTAL("HugePages_Total", false), HUGEPAGES_FREE("HugePages_Free", false),
    HUGEPAGES_RSVD("HugePages_Rsvd", false), HUGEPAGES_SURP("HugePages_Surp", false),
    HUGEPAGESIZE("Hugepagesize"), HUGETLB("Hugetlb"),
    DIRECT_MAP_4K("DirectMap4k"), DIRECT_MAP_2M("DirectMap2M"), DIRECT_MAP_1G("DirectMap1G");

    /** The label without its colon. */
    public final String label;
    /** Printed in kB ("%-16s%8lu kB"); the HugePages_* counts are bare numbers ("%-19s%5lu"). */
    public final boolean kb;

    MemInfoField(String label) {
        this(label, true);
    }

    MemInfoField(String label, boolean kb) {
        this.label = label;
        this.kb = kb;
    }

    public boolean isDirectMap() {
        return this == DIRECT_MAP_4K || this == DIRECT_MAP_2M || this == DIRECT_MAP_1G;
    }
}
