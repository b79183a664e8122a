package dev.physmem.jfr.events;

/**
 * The category tree the events sit in: JDK Mission Control's event browser and {@code jfr print
 * --categories} group by it. Names may change freely (settings key on event names, not categories).
 */
public final class Categories {
    private Categories() {}

    public static final String LINUX_MEMORY = "Linux Memory";
    public static final String PAGE_ALLOCATOR = "Page Allocator";
    public static final String PAGE_CACHE = "Page Cache";
    public static final String WRITEBACK = "Writeback";
    public static final String RECLAIM = "Reclaim";
    public static final String DMA = "DMA";
    public static final String WORKLOAD = "Workload";
    public static final String CONFIGURATION = "Configuration";
    public static final String SNAPSHOTS = "Snapshots";
}
