package dev.physmem.model.trace;

/**
 * The simulated kernel's tracepoints, named after the kernel's (include/trace/events/kmem.h,
 * filemap.h, writeback.h, vmscan.h, oom.h, compaction.h, migrate.h, dma.h, swiotlb.h). The model calls them at the same spots
 * the kernel does; every method has an empty default, so an implementation overrides only what it
 * records, and {@link #NONE} costs nothing once the JIT has inlined it.
 *
 * <p>Arguments are primitives and strings the model already holds: a tracepoint never allocates.
 * Times are simulated nanoseconds from the machine's clock.
 */
public interface Tracepoints {
    Tracepoints NONE = new Tracepoints() {};

    // ---- kmem.h: the page allocator ----

    /** mm_page_alloc: a block of 2^order pages left the allocator. */
    default void mmPageAlloc(int pfn, int order, int gfp, int migratetype) {}

    /** mm_page_free: a block returned to the allocator (per-CPU list or buddy). */
    default void mmPageFree(int pfn, int order) {}

    /** mm_page_alloc_extfrag: an allocation fell back to another migrate type's free list. */
    default void mmPageAllocExtfrag(int pfn, int allocOrder, int fallbackOrder, int allocMigratetype,
                                    int fallbackMigratetype, boolean changeOwnership) {}

    /** mm_setup_per_zone_wmarks: watermarks of a zone were (re)computed. */
    default void mmSetupPerZoneWmarks(int nid, String zone, long min, long low, long high, long promo) {}

    /** warn_alloc(): "page allocation failure: order:N, mode:0x..(...)" with the report text. */
    default void warnAlloc(int gfp, int order, int preferredNid, String report) {}

    /** bad_page(): "BUG: Bad page state" with the reason and the whole report. */
    default void badPage(int pfn, String reason, String report) {}

    // ---- filemap.h: the page cache ----

    default void mmFilemapAddToPageCache(int pfn, int dev, long ino, long index, int order) {}

    default void mmFilemapDeleteFromPageCache(int pfn, int dev, long ino, long index, int order) {}

    // ---- writeback.h ----

    /** writeback_dirty_folio: a clean page-cache folio became dirty. */
    default void writebackDirtyFolio(int pfn, int dev, long ino, long index, int nrPages) {}

    /** wbc_writepage: one folio was submitted for writeback (per folio; noisy). */
    default void wbcWritepage(int pfn, int dev, long ino, long index, int nrPages, int reason) {}

    /** writeback_queue: writeback work was queued for a device's flusher. */
    default void writebackQueue(String bdi, int reason, long nrPages, boolean syncAll) {}

    /** writeback_wake_background: the background threshold was crossed and the flusher woken. */
    default void writebackWakeBackground(String bdi) {}

    /** writeback_start: a flusher begins one writeback work (wb_writeback()). */
    default void writebackStart(String bdi, int reason, long nrPages) {}

    /** writeback_written: one writeback work ended; {@code startNanos} is when it began. */
    default void writebackWritten(String bdi, int reason, long startNanos, long nrPages, long nrInodes) {}

    /** global_dirty_state: the dirty counters and limits the throttling decision saw. */
    default void globalDirtyState(long nrDirty, long nrWriteback, long backgroundThresh, long dirtyThresh,
                                  long dirtyLimit, long nrDirtied, long nrWritten) {}

    /** balance_dirty_pages: a writer was throttled ({@code pauseNanos} > 0) or allowed through. */
    default void balanceDirtyPages(String bdi, long thresh, long bgThresh, long limit, long setpoint,
                                   long dirty, long taskRatelimit, long dirtied, long periodNanos,
                                   long pauseNanos) {}

    // ---- vmscan.h, oom.h: reclaim ----

    default void mmVmscanWakeupKswapd(int nid, int zoneIdx, int order, int gfp) {}

    default void mmVmscanKswapdWake(int nid, int zoneIdx, int order) {}

    default void mmVmscanKswapdSleep(int nid) {}

    default void mmVmscanDirectReclaimBegin(int order, int gfp) {}

    default void mmVmscanDirectReclaimEnd(long startNanos, long nrReclaimed) {}

    default void mmVmscanLruShrinkInactive(int nid, long nrScanned, long nrReclaimed, long nrDirty,
                                           long nrWriteback, long nrCongested, long nrImmediate,
                                           long nrActivate, long nrRefKeep, int priority, boolean file) {}

    default void mmVmscanLruShrinkActive(int nid, long nrTaken, long nrActive, long nrDeactivated,
                                         long nrReferenced, int priority, boolean file) {}

    default void mmVmscanWriteFolio(int pfn) {}

    /** out_of_memory() found no process to kill ("Out of memory and no killable processes..."). */
    default void oomNoVictim(int gfp, int order, String report) {}

    /** mark_victim plus the OOM report: the OOM killer chose {@code comm} to free memory. */
    default void markVictim(int pid, String comm, long totalVmKb, long anonRssKb, long fileRssKb,
                            long shmemRssKb, int gfp, int order, String report) {}

    // ---- compaction.h, migrate.h ----

    /** mm_compaction_begin: compact_zone() starts with its scanners at {@code migratePfn} and {@code freePfn}. */
    default void mmCompactionBegin(int nid, String zone, long zoneStart, long migratePfn, long freePfn, long zoneEnd,
                                   boolean sync) {}

    /**
     * mm_compaction_end: compact_zone() ended with {@code status} (compaction_status_string); besides the
     * kernel's fields, when it began and the run's totals: pages scanned by each scanner (cc's
     * total_migrate_scanned, total_free_scanned) and pages migrated and not migrated.
     */
    default void mmCompactionEnd(int nid, String zone, long zoneStart, long migratePfn, long freePfn, long zoneEnd,
                                 boolean sync, String status, long startNanos, long migrateScanned,
                                 long freeScanned, long nrMigrated, long nrFailed) {}

    /** mm_migrate_pages: one migrate_pages() call moved {@code succeeded} pages and failed on {@code failed}. */
    default void mmMigratePages(long succeeded, long failed, String mode, String reason) {}

    // ---- dma.h, swiotlb.h, kernel/dma/debug.c ----

    default void dmaAlloc(String dev, long cpuAddr, long dmaAddr, long size, int gfp) {}

    default void dmaFree(String dev, long cpuAddr, long dmaAddr, long size) {}

    default void dmaMapPhys(String dev, long physAddr, long dmaAddr, long size, int dir) {}

    default void dmaUnmapPhys(String dev, long dmaAddr, long size, int dir) {}

    default void dmaMapSg(String dev, int nents, int mappedEnts, long totalSize, int dir) {}

    default void dmaUnmapSg(String dev, int nents, int dir) {}

    default void dmaSyncSingleForCpu(String dev, long dmaAddr, long size, int dir, long cacheLines) {}

    default void dmaSyncSingleForDevice(String dev, long dmaAddr, long size, int dir, long cacheLines) {}

    default void dmaSyncSgForCpu(String dev, int nents, int dir, long cacheLines) {}

    default void dmaSyncSgForDevice(String dev, int nents, int dir, long cacheLines) {}

    default void swiotlbBounced(String dev, long dmaAddr, long size) {}

    /** dev_warn()/dev_WARN_ONCE() of the DMA code ("swiotlb buffer is full", "DMA addr ... overflow"). */
    default void dmaWarn(String dev, String message) {}

    /** err_printk(): a DMA-API misuse found by the debug checks, in the kernel's words. */
    default void dmaDebugError(String dev, String message) {}

    // ---- configuration ----

    /** A vm.* sysctl changed; {@code source} says who changed it (option, jmx, cli, test). */
    default void sysctlChange(String name, String oldValue, String newValue, String source) {}
}
