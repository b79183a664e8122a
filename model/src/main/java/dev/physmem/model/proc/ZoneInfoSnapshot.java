package dev.physmem.model.proc;

import java.util.List;

/**
 * Everything /proc/zoneinfo prints for one zone, taken at one moment.
 *
 * @param nodeStats   the node's counters (node_stat_item order, THP items already in huge pages), present only
 *                    on the node's first populated zone, else null
 * @param protection  lowmem_reserve[] against each zone index
 * @param zoneStats   zone_stat_item counters; empty for an unpopulated zone
 * @param numaEvents  numa_hit .. numa_other; empty for an unpopulated zone
 * @param pagesets    one entry per CPU; empty for an unpopulated zone
 */
public record ZoneInfoSnapshot(int nid, String zone, boolean populated, long[] nodeStats, long free, long boost,
                               long min, long low, long high, long promo, long spanned, long present,
                               long managed, long cma, long[] protection, long[] zoneStats, long[] numaEvents,
                               List<Pageset> pagesets, boolean nodeUnreclaimable, long startPfn) {

    /** One CPU's struct per_cpu_pages for the zone, and its vmstat threshold. */
    public record Pageset(int cpu, int count, int high, int batch, int highMin, int highMax, int statThreshold) {}
}
