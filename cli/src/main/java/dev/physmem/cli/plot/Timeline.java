package dev.physmem.cli.plot;

import java.util.List;

/**
 * What {@code physmem timeline} plots, gathered from a recording: page counts over time against the
 * writeback thresholds, writer throttle pauses, kswapd runs and direct reclaim, and free blocks per
 * order.
 *
 * @param seconds      sample times, seconds from the start
 * @param free         MemFree in pages at each sample
 * @param cached       page cache (Cached) in pages
 * @param dirty        Dirty in pages
 * @param writeback    Writeback in pages
 * @param bgThresh     nr_dirty_background_threshold
 * @param thresh       nr_dirty_threshold
 * @param freeBlocks   [sample][order] free blocks summed over zones (buddyinfo)
 * @param throttles    writer pauses: {seconds, pause in ms}
 * @param kswapdRuns   kswapd awake: {start, end} in seconds
 * @param directReclaims direct reclaim: {start, end} in seconds
 */
public record Timeline(String title, double[] seconds, double[] free, double[] cached, double[] dirty,
                       double[] writeback, double[] bgThresh, double[] thresh, long[][] freeBlocks,
                       List<double[]> throttles, List<double[]> kswapdRuns, List<double[]> directReclaims) {

    public double duration() {
        return seconds.length == 0 ? 0 : seconds[seconds.length - 1];
    }
}
