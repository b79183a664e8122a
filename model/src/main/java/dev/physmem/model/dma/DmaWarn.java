package dev.physmem.model.dma;

import dev.physmem.model.time.Scheduler;
import dev.physmem.model.trace.Tracepoints;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The warnings the DMA code prints that are not dma-debug errors: {@code dev_warn_ratelimited()}
 * (default ratelimit, include/linux/ratelimit_types.h: 10 messages per 5*HZ, a state per call site)
 * and {@code dev_WARN_ONCE()} / {@code WARN_ON_ONCE()} (once per call site). Each is counted every
 * time; the ones the kernel would print are traced as {@code dmaWarn} with the kernel's text.
 */
final class DmaWarn {
    /** The call sites, each with the rate its kernel macro allows. */
    enum Site {
        /** swiotlb_tbl_map_single(): dev_warn_ratelimited "swiotlb buffer is full ...". */
        SWIOTLB_FULL(false),
        /** swiotlb_tbl_map_single(): dev_warn_ratelimited when there is no pool at all. */
        SWIOTLB_NO_POOL(false),
        /** dma_direct_map_phys(): dev_WARN_ONCE "DMA addr %pad+%zu overflow ...". */
        DMA_ADDR_OVERFLOW(true),
        /** swiotlb_map(): dev_WARN_ONCE "swiotlb addr %pad+%zu overflow ...". */
        SWIOTLB_ADDR_OVERFLOW(true),
        /** swiotlb_bounce(): dev_WARN_ONCE "Buffer overflow detected ...". */
        BOUNCE_BUFFER_OVERFLOW(true),
        /** dma_alloc_attrs(): WARN_ON_ONCE(flag & __GFP_COMP). */
        ALLOC_GFP_COMP(true),
        /** active_cacheline_inc_overlap(): WARN_ONCE "exceeded 7 overlapping mappings of cacheline %pa". */
        CACHELINE_OVERLAP_OVERFLOW(true);

        final boolean once;

        Site(boolean once) {
            this.once = once;
        }
    }

    private static final int RATELIMIT_BURST = 10;
    private static final long RATELIMIT_INTERVAL = 5L * Scheduler.HZ;

    private final Scheduler clock;
    private final Tracepoints trace;
    private final AtomicLongArray counts = new AtomicLongArray(Site.values().length);
    private final boolean[] warnedOnce = new boolean[Site.values().length];
    private final long[] begin = new long[Site.values().length];
    private final int[] printed = new int[Site.values().length];

    DmaWarn(Scheduler clock, Tracepoints trace) {
        this.clock = clock;
        this.trace = trace;
    }

    /** dev_warn*() of {@code dev}: "driver devname: message"; dev may be null for a plain pr_warn. */
    void warn(Site site, Device dev, String message) {
        counts.incrementAndGet(site.ordinal());
        if (!shouldPrint(site)) {
            return;
        }
        String devName = dev == null ? "" : dev.name;
        trace.dmaWarn(devName, dev == null ? message : dev.driver + " " + dev.name + ": " + message);
    }

    private synchronized boolean shouldPrint(Site site) {
        int i = site.ordinal();
        if (site.once) {
            boolean first = !warnedOnce[i];
            warnedOnce[i] = true;
            return first;
        }
        // ___ratelimit(): a window of RATELIMIT_INTERVAL jiffies allows RATELIMIT_BURST messages.
        long now = clock.jiffies();
        if (printed[i] == 0 && begin[i] == 0 || now >= begin[i] + RATELIMIT_INTERVAL) {
            begin[i] = now;
            printed[i] = 0;
        }
        return printed[i]++ < RATELIMIT_BURST;
    }

    /** How many times each site fired, printed or not; sites that never fired are left out. */
    Map<String, Long> counts() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Site site : Site.values()) {
            long n = counts.get(site.ordinal());
            if (n > 0) {
                m.put(site.name().toLowerCase(Locale.ROOT), n);
            }
        }
        return m;
    }
}
