package dev.physmem.model.vmstat;

import dev.physmem.model.Mm;
import dev.physmem.model.cpu.Cpu;
import dev.physmem.model.cpu.Cpus;
import dev.physmem.model.mmzone.Node;
import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.sysctl.Sysctl;
import dev.physmem.model.sysctl.SysctlTable;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Memory statistics kept the kernel's way (mm/vmstat.c): every update goes to a per-CPU delta; a delta
 * that passes the zone's {@code stat_threshold} is folded into the zone (or node) counter and the
 * global one. Readers see the folded values, off by at most threshold x CPUs, until
 * {@link #refresh()} folds everything (vmstat_update / stat_refresh). Event counters are never folded:
 * readers sum them over CPUs (all_vm_events).
 *
 * <p>The double-underscore updates of the kernel become the {@code __} methods here: the caller holds
 * the CPU's lock. The others take the calling thread's CPU lock themselves.
 */
public final class VmStat {
    private final Cpus cpus;
    private final Zone[] zones;
    private final Node[] nodes;
    /** vm_zone_stat, vm_node_stat. */
    private final AtomicLongArray vmZoneStat = new AtomicLongArray(ZoneStatItem.NR_VM_ZONE_STAT_ITEMS);
    private final AtomicLongArray vmNodeStat = new AtomicLongArray(NodeStatItem.NR_VM_NODE_STAT_ITEMS);

    public VmStat(Cpus cpus, List<Zone> zones, List<Node> nodes) {
        this.cpus = cpus;
        this.zones = zones.toArray(new Zone[0]);
        this.nodes = nodes.toArray(new Node[0]);
    }

    // ---- updates ----

    /** __mod_zone_page_state(). */
    public void __modZonePageState(Cpu cpu, Zone zone, int item, long delta) {
        int i = zone.id * ZoneStatItem.NR_VM_ZONE_STAT_ITEMS + item;
        long x = cpu.zoneStatDiff[i] + delta;
        int t = zone.statThreshold();
        if (x > t || x < -t) {
            zone.vmStat.getAndAdd(item, x);
            vmZoneStat.getAndAdd(item, x);
            x = 0;
        }
        cpu.zoneStatDiff[i] = (int) x;
    }

    public void modZonePageState(Zone zone, int item, long delta) {
        Cpu cpu = cpus.current();
        cpu.lock();
        try {
            __modZonePageState(cpu, zone, item, delta);
        } finally {
            cpu.unlock();
        }
    }

    /** __mod_node_page_state(). */
    public void __modNodePageState(Cpu cpu, Node node, int item, long delta) {
        int i = node.nid * NodeStatItem.NR_VM_NODE_STAT_ITEMS + item;
        long x = cpu.nodeStatDiff[i] + delta;
        int t = node.statThreshold();
        if (x > t || x < -t) {
            node.vmStat.getAndAdd(item, x);
            vmNodeStat.getAndAdd(item, x);
            x = 0;
        }
        cpu.nodeStatDiff[i] = (int) x;
    }

    public void modNodePageState(Node node, int item, long delta) {
        Cpu cpu = cpus.current();
        cpu.lock();
        try {
            __modNodePageState(cpu, node, item, delta);
        } finally {
            cpu.unlock();
        }
    }

    /** __count_vm_events(). */
    public static void __countVmEvents(Cpu cpu, int item, long delta) {
        cpu.events[item] += delta;
    }

    public void countVmEvents(int item, long delta) {
        Cpu cpu = cpus.current();
        cpu.lock();
        try {
            cpu.events[item] += delta;
        } finally {
            cpu.unlock();
        }
    }

    /** __count_zid_vm_events(): the per-zone event of a family such as PGALLOC_DMA. */
    public static void __countZidVmEvents(Cpu cpu, int firstItem, int zoneIdx, long delta) {
        cpu.events[firstItem + zoneIdx] += delta;
    }

    /** __count_numa_events() for zone_statistics(). */
    public static void __countNumaEvents(Cpu cpu, Zone zone, int item, long delta) {
        cpu.numaEvents[zone.id * ZoneStatItem.Numa.NR_VM_NUMA_EVENT_ITEMS + item] += delta;
    }

    // ---- reads ----

    /** zone_page_state(). */
    public long zonePageState(Zone zone, int item) {
        return zone.pageState(item);
    }

    /** zone_page_state_snapshot(): the folded value plus every CPU's pending delta. */
    public long zonePageStateSnapshot(Zone zone, int item) {
        long x = zone.vmStat.get(item);
        for (int c = 0; c < cpus.count(); c++) {
            x += cpus.get(c).zoneStatDiff[zone.id * ZoneStatItem.NR_VM_ZONE_STAT_ITEMS + item];
        }
        return x < 0 ? 0 : x;
    }

    /** node_page_state(). */
    public long nodePageState(Node node, int item) {
        return node.pageState(item);
    }

    /** global_zone_page_state(). */
    public long globalZonePageState(int item) {
        long x = vmZoneStat.get(item);
        return x < 0 ? 0 : x;
    }

    /** global_node_page_state(). */
    public long globalNodePageState(int item) {
        long x = vmNodeStat.get(item);
        return x < 0 ? 0 : x;
    }

    /** One event counter summed over CPUs. */
    public long vmEvent(int item) {
        long sum = 0;
        for (int c = 0; c < cpus.count(); c++) {
            sum += cpus.get(c).events[item];
        }
        return sum;
    }

    /** all_vm_events(). */
    public long[] allVmEvents() {
        long[] sum = new long[VmEventItem.NR_VM_EVENT_ITEMS];
        for (int c = 0; c < cpus.count(); c++) {
            long[] ev = cpus.get(c).events;
            for (int i = 0; i < sum.length; i++) {
                sum[i] += ev[i];
            }
        }
        return sum;
    }

    /** zone_numa_event_state(), summed over CPUs (the kernel folds them first). */
    public long zoneNumaEvent(Zone zone, int item) {
        long sum = zone.vmNumaEvent.get(item);
        for (int c = 0; c < cpus.count(); c++) {
            sum += cpus.get(c).numaEvents[zone.id * ZoneStatItem.Numa.NR_VM_NUMA_EVENT_ITEMS + item];
        }
        return sum;
    }

    public long globalNumaEvent(int item) {
        long sum = 0;
        for (Zone z : zones) {
            sum += zoneNumaEvent(z, item);
        }
        return sum;
    }

    // ---- folding and thresholds ----

    /** refresh_cpu_vm_stats() on every CPU: afterwards the folded counters are exact. */
    public void refresh() {
        for (int c = 0; c < cpus.count(); c++) {
            Cpu cpu = cpus.get(c);
            cpu.lock();
            try {
                fold(cpu);
            } finally {
                cpu.unlock();
            }
        }
    }

    /**
     * vm.stat_refresh (mm/vmstat.c vmstat_refresh): writing it folds every CPU's pending deltas, so
     * /proc/vmstat read next is exact. The kernel also refreshes on a read and prints nothing; here the
     * entry is a write-only trigger like drop_caches.
     */
    public void registerSysctl(SysctlTable table) {
        table.register(Sysctl.ofTrigger("stat_refresh", Integer.MIN_VALUE, Integer.MAX_VALUE,
                "Write anything to fold every CPU's pending counter deltas now, so /proc/vmstat is exact.",
                v -> refresh()));
    }

    private void fold(Cpu cpu) {
        for (Zone zone : zones) {
            int base = zone.id * ZoneStatItem.NR_VM_ZONE_STAT_ITEMS;
            for (int item = 0; item < ZoneStatItem.NR_VM_ZONE_STAT_ITEMS; item++) {
                int d = cpu.zoneStatDiff[base + item];
                if (d != 0) {
                    cpu.zoneStatDiff[base + item] = 0;
                    zone.vmStat.getAndAdd(item, d);
                    vmZoneStat.getAndAdd(item, d);
                }
            }
        }
        for (Node node : nodes) {
            int base = node.nid * NodeStatItem.NR_VM_NODE_STAT_ITEMS;
            for (int item = 0; item < NodeStatItem.NR_VM_NODE_STAT_ITEMS; item++) {
                int d = cpu.nodeStatDiff[base + item];
                if (d != 0) {
                    cpu.nodeStatDiff[base + item] = 0;
                    node.vmStat.getAndAdd(item, d);
                    vmNodeStat.getAndAdd(item, d);
                }
            }
        }
    }

    /**
     * refresh_zone_stat_thresholds(): calculate_normal_threshold() per zone,
     * {@code min(125, 2 * fls(cpus) * (1 + fls(managed >> (27 - PAGE_SHIFT))))}; a node uses the
     * largest threshold of its zones, and the drift mark guards watermark checks against the error.
     */
    public void refreshZoneStatThresholds() {
        for (Node node : nodes) {
            node.setStatThreshold(0);
        }
        for (Zone zone : zones) {
            int threshold = zone.isPopulated() ? normalThreshold(zone.managedPages(), cpus.count()) : 0;
            zone.setStatThreshold(threshold);
            if (threshold > zone.node.statThreshold()) {
                zone.node.setStatThreshold(threshold);
            }
            long maxDrift = (long) cpus.count() * threshold;
            long tolerateDrift = zone.lowWmarkPages() - zone.minWmarkPages();
            zone.setPercpuDriftMark(maxDrift > tolerateDrift ? zone.highWmarkPages() + maxDrift : 0);
        }
    }

    /** calculate_normal_threshold() (mm/vmstat.c). */
    public static int normalThreshold(long managedPages, int nrCpus) {
        long mem = managedPages >> (27 - Mm.PAGE_SHIFT);
        int threshold = 2 * fls(nrCpus) * (1 + fls(mem));
        return Math.min(125, threshold);
    }

    /** calculate_pressure_threshold(): the smaller thresholds kswapd uses while it is awake. */
    public static int pressureThreshold(Zone zone, int nrCpus) {
        long watermarkDistance = zone.lowWmarkPages() - zone.minWmarkPages();
        int threshold = (int) Math.max(1, watermarkDistance / nrCpus);
        return Math.min(125, threshold);
    }

    /** set_pgdat_percpu_threshold(): kswapd switches its node's zones between the two thresholds. */
    public void setPgdatPercpuThreshold(Node node, boolean pressure) {
        int nodeThreshold = 0;
        for (Zone zone : zones) {
            if (zone.node != node || !zone.isPopulated()) {
                continue;
            }
            int t = pressure ? pressureThreshold(zone, cpus.count()) : normalThreshold(zone.managedPages(), cpus.count());
            zone.setStatThreshold(t);
            nodeThreshold = Math.max(nodeThreshold, t);
        }
        node.setStatThreshold(nodeThreshold);
    }

    /** fls(): the 1-based index of the most significant set bit, 0 for 0. */
    static int fls(long x) {
        return 64 - Long.numberOfLeadingZeros(x);
    }
}
