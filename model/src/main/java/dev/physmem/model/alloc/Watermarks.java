package dev.physmem.model.alloc;

import dev.physmem.model.Mm;
import dev.physmem.model.lib.IntSqrt;
import dev.physmem.model.machine.ThpMode;
import dev.physmem.model.mmzone.Node;
import dev.physmem.model.mmzone.PerCpuPages;
import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.mmzone.ZoneType;
import dev.physmem.model.trace.Tracepoints;
import dev.physmem.model.vmstat.VmStat;
import java.util.List;

/**
 * The numbers that decide when an allocation may take a page: min_free_kbytes and the per-zone
 * min/low/high/promo watermarks (__setup_per_zone_wmarks), lowmem_reserve (protection against
 * higher-zone allocations), totalreserve_pages, and per-CPU list sizes (zone_batchsize,
 * zone_highsize). All formulas are mm/page_alloc.c's; a change of any input recomputes everything
 * that depends on it, as the sysctl handlers do.
 */
public final class Watermarks {
    /** MIN_PERCPU_PAGELIST_HIGH_FRACTION. */
    public static final int MIN_PERCPU_PAGELIST_HIGH_FRACTION = 8;

    private final List<Zone> zones;
    private final List<Node> nodes;
    private final int nrCpus;
    private final int[] cpusPerNode;
    private final VmStat vmStat;
    private final Tracepoints trace;
    private final ThpMode thp;

    private volatile int minFreeKbytes = 1024;
    private volatile int userMinFreeKbytes = -1;
    private volatile int watermarkScaleFactor = 10;
    private volatile int percpuPagelistHighFraction;
    /** sysctl_lowmem_reserve_ratio[MAX_NR_ZONES]. */
    private final int[] lowmemReserveRatio = {256, 256, 32, 0, 0};
    private volatile long totalreservePages;

    public Watermarks(List<Zone> zones, List<Node> nodes, int[] cpusPerNode, VmStat vmStat, Tracepoints trace,
                      ThpMode thp) {
        this.zones = zones;
        this.nodes = nodes;
        this.cpusPerNode = cpusPerNode.clone();
        int n = 0;
        for (int c : cpusPerNode) {
            n += c;
        }
        this.nrCpus = n;
        this.vmStat = vmStat;
        this.trace = trace;
        this.thp = thp;
    }

    /** init_per_zone_wmark_min() followed by khugepaged's set_recommended_min_free_kbytes(). */
    public synchronized void initPerZoneWmarkMin() {
        calculateMinFreeKbytes();
        setupPerZoneWmarks();
        vmStat.refreshZoneStatThresholds();
        setupPerZoneLowmemReserve();
        if (thp != ThpMode.NEVER) {
            setRecommendedMinFreeKbytes();
        }
    }

    // ---- min_free_kbytes ----

    /** calculate_min_free_kbytes(): clamp(int_sqrt(lowmem_kbytes * 16), 128, 262144). */
    void calculateMinFreeKbytes() {
        long lowmemKbytes = Mm.pagesToKb(nrFreeBufferPages());
        int newMin = (int) IntSqrt.intSqrt(lowmemKbytes * 16);
        if (newMin > userMinFreeKbytes) {
            minFreeKbytes = (int) Math.max(128, Math.min(newMin, 262144));
        }
    }

    public static int defaultMinFreeKbytes(long lowmemPages) {
        return (int) Math.max(128, Math.min(IntSqrt.intSqrt(Mm.pagesToKb(lowmemPages) * 16), 262144));
    }

    /**
     * set_recommended_min_free_kbytes() (mm/khugepaged.c): room for two free pageblocks per zone plus
     * MIGRATE_PCPTYPES^2 blocks to fall back to, at most 5% of lowmem.
     */
    void setRecommendedMinFreeKbytes() {
        int nrZones = 0;
        for (Zone z : zones) {
            if (z.isPopulated() && z.zoneIdx <= ZoneType.ZONE_NORMAL) {
                nrZones++;
            }
        }
        long recommended = (long) Mm.PAGEBLOCK_NR_PAGES * nrZones * 2
                + (long) Mm.PAGEBLOCK_NR_PAGES * nrZones * MigrateType.MIGRATE_PCPTYPES * MigrateType.MIGRATE_PCPTYPES;
        recommended = Math.min(recommended, nrFreeBufferPages() / 20);
        recommended = Mm.pagesToKb(recommended);
        if (recommended > minFreeKbytes) {
            minFreeKbytes = (int) recommended;
        }
        setupPerZoneWmarks();
    }

    /** nr_free_buffer_pages(): managed pages above the high watermark in zones up to ZONE_NORMAL. */
    long nrFreeBufferPages() {
        long sum = 0;
        for (Zone z : zones) {
            if (z.zoneIdx > ZoneType.ZONE_NORMAL) {
                continue;
            }
            long size = z.managedPages();
            long high = z.highWmarkPages();
            if (size > high) {
                sum += size - high;
            }
        }
        return sum;
    }

    // ---- watermarks ----

    /** setup_per_zone_wmarks(): __setup_per_zone_wmarks, then pcp sizes and totalreserve. */
    public synchronized void setupPerZoneWmarks() {
        long pagesMin = minFreeKbytes >> (Mm.PAGE_SHIFT - 10);
        long lowmemPages = 0;
        for (Zone z : zones) {
            if (z.zoneIdx != ZoneType.ZONE_MOVABLE) {
                lowmemPages += z.managedPages();
            }
        }
        for (Zone z : zones) {
            long managed = z.managedPages();
            long tmp = lowmemPages == 0 ? 0 : pagesMin * managed / lowmemPages;
            long min;
            if (z.zoneIdx == ZoneType.ZONE_MOVABLE) {
                min = Math.max(Mm.SWAP_CLUSTER_MAX, Math.min(managed / 1024, 128));
            } else {
                min = tmp;
            }
            long delta = Math.max(tmp >> 2, multFrac(managed, watermarkScaleFactor, 10000));
            z.setWatermarkBoost(0);
            z.setWatermark(Zone.WMARK_MIN, min);
            z.setWatermark(Zone.WMARK_LOW, min + delta);
            z.setWatermark(Zone.WMARK_HIGH, min + 2 * delta);
            z.setWatermark(Zone.WMARK_PROMO, min + 3 * delta);
            trace.mmSetupPerZoneWmarks(z.node.nid, z.name, min, min + delta, min + 2 * delta, min + 3 * delta);
        }
        zonePcpUpdate();
        calculateTotalreservePages();
    }

    /** mult_frac(x, n, d) without overflow. */
    static long multFrac(long x, long n, long d) {
        long q = x / d;
        long r = x % d;
        return q * n + r * n / d;
    }

    /** setup_per_zone_lowmem_reserve(): protection[j] of zone i = managed(i+1..j) / ratio[i]. */
    public synchronized void setupPerZoneLowmemReserve() {
        for (Node node : nodes) {
            for (int i = 0; i < ZoneType.MAX_NR_ZONES - 1; i++) {
                Zone zone = node.zone(i);
                int ratio = lowmemReserveRatio[i];
                boolean clear = ratio == 0 || !zone.isManaged();
                long managedPages = 0;
                for (int j = i + 1; j < ZoneType.MAX_NR_ZONES; j++) {
                    managedPages += node.zone(j).managedPages();
                    zone.setLowmemReserve(j, clear ? 0 : managedPages / ratio);
                }
            }
        }
        calculateTotalreservePages();
    }

    /**
     * calculate_totalreserve_pages(): per zone the largest lowmem reserve plus the high watermark,
     * at most the zone's managed pages. Reclaim and dirty limits treat this much as untouchable.
     */
    synchronized void calculateTotalreservePages() {
        long total = 0;
        for (Node node : nodes) {
            long nodeTotal = 0;
            for (int i = 0; i < ZoneType.MAX_NR_ZONES; i++) {
                Zone zone = node.zone(i);
                long max = 0;
                for (int j = i; j < ZoneType.MAX_NR_ZONES; j++) {
                    max = Math.max(max, zone.lowmemReserve(j));
                }
                max += zone.highWmarkPages();
                max = Math.min(max, zone.managedPages());
                nodeTotal += max;
            }
            node.setTotalreservePages(nodeTotal);
            total += nodeTotal;
        }
        totalreservePages = total;
    }

    // ---- per-CPU page list sizes ----

    /** zone_pcp_update() for every zone: zone_set_pageset_high_and_batch(). */
    void zonePcpUpdate() {
        for (Zone z : zones) {
            int batch = Math.max(1, zoneBatchsize(z.managedPages()));
            int highMin;
            int highMax;
            int fraction = percpuPagelistHighFraction;
            if (fraction != 0) {
                highMin = highMax = zoneHighsize(z, batch, fraction);
            } else {
                highMin = zoneHighsize(z, batch, 0);
                highMax = zoneHighsize(z, batch, MIN_PERCPU_PAGELIST_HIGH_FRACTION);
            }
            for (PerCpuPages pcp : z.pageset) {
                pcp.highMin = highMin;
                pcp.highMax = highMax;
                pcp.batch = batch;
            }
        }
    }

    /**
     * zone_batchsize(): about a quarter of a thousandth of the zone, capped at 1 MiB of pages, made
     * one less than a power of two (avoids cache aliasing of repeated batches).
     */
    public static int zoneBatchsize(long managedPages) {
        long batch = Math.min(managedPages >> 10, (1L << 20) / Mm.PAGE_SIZE);
        batch /= 4;
        if (batch < 1) {
            batch = 1;
        }
        long b = batch + batch / 2;
        return (int) (Long.highestOneBit(b) - 1);
    }

    /**
     * zone_highsize(): the low watermark (or managed/fraction) shared between the CPUs of the zone's
     * node (all CPUs if it has none), at least four batches.
     */
    int zoneHighsize(Zone zone, int batch, int fraction) {
        long total = fraction != 0 ? zone.managedPages() / fraction : zone.lowWmarkPages();
        int nrSplitCpus = cpusPerNode[zone.node.nid];
        if (nrSplitCpus == 0) {
            nrSplitCpus = nrCpus;
        }
        return (int) Math.max(total / nrSplitCpus, (long) batch << 2);
    }

    // ---- sysctl-facing values ----

    public int minFreeKbytes() {
        return minFreeKbytes;
    }

    /** min_free_kbytes_sysctl_handler(): user value wins over later recalculation. */
    public synchronized void setMinFreeKbytes(int kbytes) {
        minFreeKbytes = kbytes;
        userMinFreeKbytes = kbytes;
        setupPerZoneWmarks();
    }

    public int watermarkScaleFactor() {
        return watermarkScaleFactor;
    }

    public synchronized void setWatermarkScaleFactor(int factor) {
        watermarkScaleFactor = factor;
        setupPerZoneWmarks();
    }

    public int percpuPagelistHighFraction() {
        return percpuPagelistHighFraction;
    }

    public synchronized void setPercpuPagelistHighFraction(int fraction) {
        percpuPagelistHighFraction = fraction;
        zonePcpUpdate();
    }

    public synchronized int[] lowmemReserveRatio() {
        return lowmemReserveRatio.clone();
    }

    /** lowmem_reserve_ratio_sysctl_handler(): entries below 1 become 0, then the reserves are recomputed. */
    public synchronized void setLowmemReserveRatio(int[] ratios) {
        for (int i = 0; i < lowmemReserveRatio.length && i < ratios.length; i++) {
            lowmemReserveRatio[i] = ratios[i] < 1 ? 0 : ratios[i];
        }
        setupPerZoneLowmemReserve();
    }

    public long totalreservePages() {
        return totalreservePages;
    }

}
