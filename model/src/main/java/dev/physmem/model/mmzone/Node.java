package dev.physmem.model.mmzone;

import dev.physmem.model.vmstat.NodeStatItem;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code pg_data_t} / {@code struct pglist_data}: a NUMA node with its zones, node-level vmstat
 * counters and the state its kswapd keeps.
 */
public final class Node {
    public final int nid;
    public final int nodeStartPfn;
    public final long nodeSpannedPages;
    final Zone[] nodeZones = new Zone[ZoneType.MAX_NR_ZONES];
    /** pgdat->vm_stat. */
    public final AtomicLongArray vmStat = new AtomicLongArray(NodeStatItem.NR_VM_NODE_STAT_ITEMS);
    /** pgdat->kswapd_failures: at MAX_RECLAIM_RETRIES the node is "unreclaimable". */
    public final AtomicInteger kswapdFailures = new AtomicInteger();
    volatile long totalreservePages;
    volatile int statThreshold;
    private Zonelist zonelist;

    public Node(int nid, int nodeStartPfn, long nodeSpannedPages) {
        this.nid = nid;
        this.nodeStartPfn = nodeStartPfn;
        this.nodeSpannedPages = nodeSpannedPages;
    }

    public Zone zone(int zoneIdx) {
        return nodeZones[zoneIdx];
    }

    public void setZone(Zone zone) {
        nodeZones[zone.zoneIdx] = zone;
    }

    public Zonelist zonelist() {
        return zonelist;
    }

    public void setZonelist(Zonelist zonelist) {
        this.zonelist = zonelist;
    }

    public long totalreservePages() {
        return totalreservePages;
    }

    public void setTotalreservePages(long pages) {
        totalreservePages = pages;
    }

    public int statThreshold() {
        return statThreshold;
    }

    public void setStatThreshold(int threshold) {
        statThreshold = threshold;
    }

    /** node_page_state(), clamped at zero. */
    public long pageState(int item) {
        long x = vmStat.get(item);
        return x < 0 ? 0 : x;
    }

    /** The first populated zone: where /proc/zoneinfo prints the node's own counters. */
    public Zone firstPopulatedZone() {
        for (Zone z : nodeZones) {
            if (z.isPopulated()) {
                return z;
            }
        }
        return null;
    }
}
