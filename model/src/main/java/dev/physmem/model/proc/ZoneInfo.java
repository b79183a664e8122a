package dev.physmem.model.proc;

import dev.physmem.model.Mm;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.mmzone.Node;
import dev.physmem.model.mmzone.PerCpuPages;
import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.mmzone.ZoneType;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.ZoneStatItem;
import java.util.ArrayList;
import java.util.List;

/** /proc/zoneinfo (mm/vmstat.c: zoneinfo_show_print): every zone of every node, populated or not. */
public final class ZoneInfo {
    private ZoneInfo() {}

    public static List<ZoneInfoSnapshot> capture(Machine m) {
        List<ZoneInfoSnapshot> out = new ArrayList<>();
        for (Node node : m.nodes) {
            Zone first = node.firstPopulatedZone();
            for (int z = 0; z < ZoneType.MAX_NR_ZONES; z++) {
                Zone zone = node.zone(z);
                long[] nodeStats = null;
                if (zone == first) {
                    nodeStats = new long[NodeStatItem.NR_VM_NODE_STAT_ITEMS];
                    for (int i = 0; i < nodeStats.length; i++) {
                        long pages = m.vmStat.nodePageState(node, i);
                        nodeStats[i] = NodeStatItem.printInThp(i) ? pages / Mm.HPAGE_PMD_NR : pages;
                    }
                }
                long[] protection = new long[ZoneType.MAX_NR_ZONES];
                for (int j = 0; j < protection.length; j++) {
                    protection[j] = zone.lowmemReserve(j);
                }
                long[] zoneStats = new long[0];
                long[] numa = new long[0];
                List<ZoneInfoSnapshot.Pageset> pagesets = new ArrayList<>();
                if (zone.isPopulated()) {
                    zoneStats = new long[ZoneStatItem.NR_VM_ZONE_STAT_ITEMS];
                    for (int i = 0; i < zoneStats.length; i++) {
                        zoneStats[i] = m.vmStat.zonePageState(zone, i);
                    }
                    numa = new long[ZoneStatItem.Numa.NR_VM_NUMA_EVENT_ITEMS];
                    for (int i = 0; i < numa.length; i++) {
                        numa[i] = m.vmStat.zoneNumaEvent(zone, i);
                    }
                    for (int cpu = 0; cpu < m.cpus.count(); cpu++) {
                        PerCpuPages pcp = zone.pageset[cpu];
                        pagesets.add(new ZoneInfoSnapshot.Pageset(cpu, pcp.count, pcp.high, pcp.batch, pcp.highMin,
                                pcp.highMax, zone.statThreshold()));
                    }
                }
                out.add(new ZoneInfoSnapshot(node.nid, zone.name, zone.isPopulated(), nodeStats,
                        m.vmStat.zonePageState(zone, ZoneStatItem.NR_FREE_PAGES), zone.watermarkBoost(),
                        zone.minWmarkPages(), zone.lowWmarkPages(), zone.highWmarkPages(), zone.promoWmarkPages(),
                        zone.spannedPages, zone.presentPages, zone.managedPages(), 0, protection, zoneStats, numa,
                        pagesets, node.kswapdFailures.get() >= Mm.MAX_RECLAIM_RETRIES, zone.zoneStartPfn));
            }
        }
        return out;
    }

    /** Reads /proc/zoneinfo text back into snapshots: the inverse of {@link #render}. */
    public static List<ZoneInfoSnapshot> parse(String text) {
        List<ZoneInfoSnapshot> out = new ArrayList<>();
        for (String block : text.split("(?m)^(?=Node )")) {
            if (!block.isBlank()) {
                out.add(parseZone(block.split("\n")));
            }
        }
        return out;
    }

    private static ZoneInfoSnapshot parseZone(String[] lines) {
        String head = lines[0];
        int nid = Integer.parseInt(head.substring(5, head.indexOf(',')));
        String zone = head.substring(head.indexOf("zone") + 4).trim();
        int i = 1;
        long[] nodeStats = null;
        if (lines[i].equals("  per-node stats")) {
            List<Long> vals = new ArrayList<>();
            for (i++; !lines[i].startsWith("  pages free"); i++) {
                vals.add(ProcParse.lastNumber(lines[i]));
            }
            nodeStats = vals.stream().mapToLong(Long::longValue).toArray();
        }
        long[] wm = new long[10];
        for (int k = 0; k < wm.length; k++) {
            wm[k] = ProcParse.lastNumber(lines[i++]);
        }
        String prot = lines[i++];
        long[] protection = ProcParse.numbers(prot.substring(prot.indexOf('(') + 1, prot.indexOf(')')).replace(",", " "));
        boolean populated = i < lines.length;
        long[] zoneStats = new long[0];
        long[] numa = new long[0];
        List<ZoneInfoSnapshot.Pageset> pagesets = new ArrayList<>();
        boolean unreclaimable = false;
        long startPfn = 0;
        if (populated) {
            zoneStats = new long[ZoneStatItem.NR_VM_ZONE_STAT_ITEMS];
            for (int k = 0; k < zoneStats.length; k++) {
                zoneStats[k] = ProcParse.lastNumber(lines[i++]);
            }
            numa = new long[ZoneStatItem.Numa.NR_VM_NUMA_EVENT_ITEMS];
            for (int k = 0; k < numa.length; k++) {
                numa[k] = ProcParse.lastNumber(lines[i++]);
            }
            i++; // "  pagesets"
            while (lines[i].startsWith("    cpu:")) {
                pagesets.add(new ZoneInfoSnapshot.Pageset((int) ProcParse.lastNumber(lines[i]),
                        (int) ProcParse.lastNumber(lines[i + 1]), (int) ProcParse.lastNumber(lines[i + 2]),
                        (int) ProcParse.lastNumber(lines[i + 3]), (int) ProcParse.lastNumber(lines[i + 4]),
                        (int) ProcParse.lastNumber(lines[i + 5]), (int) ProcParse.lastNumber(lines[i + 6])));
                i += 7;
            }
            unreclaimable = ProcParse.lastNumber(lines[i++]) != 0;
            startPfn = ProcParse.lastNumber(lines[i]);
        }
        return new ZoneInfoSnapshot(nid, zone, populated, nodeStats, wm[0], wm[1], wm[2], wm[3], wm[4], wm[5],
                wm[6], wm[7], wm[8], wm[9], protection, zoneStats, numa, pagesets, unreclaimable, startPfn);
    }

    public static String render(List<ZoneInfoSnapshot> zones) {
        StringBuilder sb = new StringBuilder();
        for (ZoneInfoSnapshot z : zones) {
            sb.append(String.format("Node %d, zone %8s", z.nid(), z.zone()));
            if (z.nodeStats() != null) {
                sb.append("\n  per-node stats");
                for (int i = 0; i < z.nodeStats().length; i++) {
                    sb.append(String.format("\n      %-12s %d", NodeStatItem.name(i), z.nodeStats()[i]));
                }
            }
            sb.append(String.format("\n  pages free     %d\n        boost    %d\n        min      %d"
                            + "\n        low      %d\n        high     %d\n        promo    %d"
                            + "\n        spanned  %d\n        present  %d\n        managed  %d\n        cma      %d",
                    z.free(), z.boost(), z.min(), z.low(), z.high(), z.promo(), z.spanned(), z.present(),
                    z.managed(), z.cma()));
            sb.append("\n        protection: (").append(z.protection()[0]);
            for (int i = 1; i < z.protection().length; i++) {
                sb.append(", ").append(z.protection()[i]);
            }
            sb.append(')');
            if (!z.populated()) {
                sb.append('\n');
                continue;
            }
            for (int i = 0; i < z.zoneStats().length; i++) {
                sb.append(String.format("\n      %-12s %d", ZoneStatItem.name(i), z.zoneStats()[i]));
            }
            for (int i = 0; i < z.numaEvents().length; i++) {
                sb.append(String.format("\n      %-12s %d", ZoneStatItem.Numa.name(i), z.numaEvents()[i]));
            }
            sb.append("\n  pagesets");
            for (ZoneInfoSnapshot.Pageset p : z.pagesets()) {
                sb.append(String.format("\n    cpu: %d\n              count:    %d\n              high:     %d"
                                + "\n              batch:    %d\n              high_min: %d\n              high_max: %d",
                        p.cpu(), p.count(), p.high(), p.batch(), p.highMin(), p.highMax()));
                sb.append(String.format("\n  vm stats threshold: %d", p.statThreshold()));
            }
            sb.append(String.format("\n  node_unreclaimable:  %d\n  start_pfn:           %d\n",
                    z.nodeUnreclaimable() ? 1 : 0, z.startPfn()));
        }
        return sb.toString();
    }
}
