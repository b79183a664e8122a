package dev.physmem.cli.report;

import java.util.List;
import java.util.Map;

/**
 * What happened in a recording, told the way a kernel engineer would ask about it: writeback by
 * reason, writer throttling, reclaim, compaction, allocation failures and OOM kills, DMA per device, and the bugs
 * the simulated kernel caught.
 */
public record Story(String source, double seconds, String machine, List<WritebackReason> writeback,
                    Throttling throttling, Reclaim reclaim, Compaction compaction, List<String> allocationFailures, long allocationFailureCount,
                    List<String> oomKills, List<DmaDevice> dma, DmaTotals dmaTotals, long badPages, List<String> badPageReports,
                    Map<String, Long> dmaApiErrors, Map<String, Long> workload) {

    /** Writeback works that ran for one wb_reason. */
    public record WritebackReason(String reason, long works, long pages, double millis) {}

    /** balance_dirty_pages() pauses, and per dirty-limit setting if one was changed during the recording. */
    public record Throttling(long pauses, double totalMillis, double longestMillis, double longestAt,
                             List<ThrottlePeriod> periods) {}

    /** The pauses while one dirty-limit setting held, from {@code from} to {@code to} seconds. */
    public record ThrottlePeriod(double from, double to, String setting, long pauses, double totalMillis) {}

    /** kswapd and direct reclaim. */
    public record Reclaim(long kswapdWakes, double kswapdSeconds, long pgscanKswapd, long pgstealKswapd,
                          long directReclaims, double directMillis, long pgscanDirect, long pgstealDirect) {}

    /** compact_zone() runs (mm_compaction_begin/end): how long, what moved, what the scanners looked at. */
    public record Compaction(long zoneRuns, double millis, long migrated, long failed, long migrateScanned,
                             long freeScanned) {}

    /** The DMA layer as a whole: cache lines maintained for non-coherent devices, swiotlb bounce copies. */
    public record DmaTotals(long cacheLines, long bounces, long bytesBounced) {}

    /** DMA traffic of one device. */
    public record DmaDevice(String device, String cache, long coherentAllocs, long coherentBytes, long mappings, long mappedBytes,
                            long syncs, long cacheLines, long bounces, long bouncedBytes) {}
}
