package dev.physmem.jfr.read;

import static dev.physmem.jfr.snapshot.SnapshotSchema.BOOST;
import static dev.physmem.jfr.snapshot.SnapshotSchema.CMA;
import static dev.physmem.jfr.snapshot.SnapshotSchema.DIRECT_MAP;
import static dev.physmem.jfr.snapshot.SnapshotSchema.FREE;
import static dev.physmem.jfr.snapshot.SnapshotSchema.HIGH;
import static dev.physmem.jfr.snapshot.SnapshotSchema.LOW;
import static dev.physmem.jfr.snapshot.SnapshotSchema.MANAGED;
import static dev.physmem.jfr.snapshot.SnapshotSchema.MIN;
import static dev.physmem.jfr.snapshot.SnapshotSchema.NODE;
import static dev.physmem.jfr.snapshot.SnapshotSchema.NODE_UNRECLAIMABLE;
import static dev.physmem.jfr.snapshot.SnapshotSchema.POPULATED;
import static dev.physmem.jfr.snapshot.SnapshotSchema.PRESENT;
import static dev.physmem.jfr.snapshot.SnapshotSchema.PROMO;
import static dev.physmem.jfr.snapshot.SnapshotSchema.SPANNED;
import static dev.physmem.jfr.snapshot.SnapshotSchema.START_PFN;
import static dev.physmem.jfr.snapshot.SnapshotSchema.ZONE;

import dev.physmem.jfr.events.EventNames;
import dev.physmem.jfr.snapshot.SnapshotSchema;
import dev.physmem.model.Mm;
import dev.physmem.model.alloc.MigrateType;
import dev.physmem.model.mmzone.ZoneType;
import dev.physmem.model.proc.MemInfoField;
import dev.physmem.model.proc.MemInfoSnapshot;
import dev.physmem.model.proc.PageTypes;
import dev.physmem.model.proc.VmStatFile;
import dev.physmem.model.proc.VmStatSnapshot;
import dev.physmem.model.proc.ZoneFreeArea;
import dev.physmem.model.proc.ZoneInfoSnapshot;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.ZoneStatItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;

/**
 * Snapshot events back into the model's snapshot records, the inverse of ProcSnapshots: the model's
 * renderers print them exactly as the live machine's /proc printed then. A value the recording lacks
 * (a counter its model did not have yet) reads as 0.
 */
final class SnapshotDecoder {
    private SnapshotDecoder() {}

    static MemInfoSnapshot memInfo(RecordedEvent e) {
        long[] v = new long[MemInfoField.values().length];
        for (MemInfoField f : MemInfoField.values()) {
            long x = longOr0(e, SnapshotSchema.memInfoFieldName(f));
            v[f.ordinal()] = f.kb ? x >> 10 : x;
        }
        return new MemInfoSnapshot(v, e.hasField(DIRECT_MAP) && e.getBoolean(DIRECT_MAP));
    }

    /** From the page counters and the event counters of one capture. */
    static VmStatSnapshot vmStat(List<RecordedEvent> rows) {
        List<String> names = VmStatFile.names();
        long[] v = new long[names.size()];
        for (RecordedEvent e : rows) {
            boolean events = e.getEventType().getName().equals(EventNames.VM_EVENTS);
            for (String line : SnapshotSchema.vmStatLines(events)) {
                v[VmStatFile.indexOf(line)] = longOr0(e, line);
            }
        }
        return new VmStatSnapshot(v);
    }

    /** Zones in node and zone order; node counters on each node's first populated zone, as ZoneInfo.capture. */
    static List<ZoneInfoSnapshot> zoneInfo(List<RecordedEvent> rows) {
        Map<Integer, long[]> nodeStats = new HashMap<>();
        Map<String, List<ZoneInfoSnapshot.Pageset>> pagesets = new HashMap<>();
        List<RecordedEvent> zones = new ArrayList<>();
        for (RecordedEvent e : rows) {
            String name = e.getEventType().getName();
            if (name.equals(EventNames.ZONE_INFO)) {
                zones.add(e);
            } else if (name.equals(EventNames.NODE_STAT)) {
                long[] s = new long[NodeStatItem.NR_VM_NODE_STAT_ITEMS];
                for (int i = 0; i < s.length; i++) {
                    s[i] = longOr0(e, NodeStatItem.name(i));
                }
                nodeStats.put(e.getInt(NODE), s);
            } else {
                pagesets.computeIfAbsent(e.getInt(NODE) + "/" + e.getString(ZONE), k -> new ArrayList<>())
                        .add(new ZoneInfoSnapshot.Pageset(e.getInt("cpu"), e.getInt("count"), e.getInt("high"),
                                e.getInt("batch"), e.getInt("highMin"), e.getInt("highMax"),
                                e.getInt("statThreshold")));
            }
        }
        zones.sort(Comparator.comparingInt((RecordedEvent e) -> e.getInt(NODE))
                .thenComparingInt(e -> zoneIndex(e.getString(ZONE))));
        List<ZoneInfoSnapshot> out = new ArrayList<>();
        Map<Integer, Boolean> nodeStatsPlaced = new HashMap<>();
        for (RecordedEvent e : zones) {
            int nid = e.getInt(NODE);
            String zone = e.getString(ZONE);
            boolean populated = e.getBoolean(POPULATED);
            long[] stats = null;
            if (populated && nodeStatsPlaced.putIfAbsent(nid, true) == null) {
                stats = nodeStats.get(nid);
            }
            long[] protection = new long[ZoneType.MAX_NR_ZONES];
            for (int j = 0; j < protection.length; j++) {
                protection[j] = pages(e, SnapshotSchema.protectionFieldName(j));
            }
            long[] zoneStats = new long[0];
            long[] numa = new long[0];
            List<ZoneInfoSnapshot.Pageset> ps = new ArrayList<>();
            if (populated) {
                zoneStats = new long[ZoneStatItem.NR_VM_ZONE_STAT_ITEMS];
                for (int i = 0; i < zoneStats.length; i++) {
                    zoneStats[i] = longOr0(e, ZoneStatItem.name(i));
                }
                numa = new long[ZoneStatItem.Numa.NR_VM_NUMA_EVENT_ITEMS];
                for (int i = 0; i < numa.length; i++) {
                    numa[i] = longOr0(e, ZoneStatItem.Numa.name(i));
                }
                ps.addAll(pagesets.getOrDefault(nid + "/" + zone, List.of()));
                ps.sort(Comparator.comparingInt(ZoneInfoSnapshot.Pageset::cpu));
            }
            out.add(new ZoneInfoSnapshot(nid, zone, populated, stats, pages(e, FREE), pages(e, BOOST), pages(e, MIN),
                    pages(e, LOW), pages(e, HIGH), pages(e, PROMO), pages(e, SPANNED), pages(e, PRESENT),
                    pages(e, MANAGED), pages(e, CMA), protection, zoneStats, numa, ps,
                    e.getBoolean(NODE_UNRECLAIMABLE), e.getLong(START_PFN)));
        }
        return out;
    }

    /** The populated zones' free lists, in node and zone order. */
    static List<ZoneFreeArea> freeAreas(List<RecordedEvent> rows) {
        Map<String, ZoneFreeArea> zones = new HashMap<>();
        List<ZoneFreeArea> out = new ArrayList<>();
        for (RecordedEvent e : rows) {
            int nid = e.getInt(NODE);
            String zone = e.getString(ZONE);
            ZoneFreeArea z = zones.get(nid + "/" + zone);
            if (z == null) {
                z = new ZoneFreeArea(nid, zone, true, new long[MigrateType.MIGRATE_TYPES][Mm.NR_PAGE_ORDERS],
                        new long[MigrateType.MIGRATE_TYPES]);
                zones.put(nid + "/" + zone, z);
                out.add(z);
            }
            int mt = migrateTypeIndex(e.getString("migrateType"));
            for (int order = 0; order < Mm.NR_PAGE_ORDERS; order++) {
                z.freeBlocks()[mt][order] = e.getLong("order" + order);
            }
            z.pageblocksPerType()[mt] = e.getLong("pageblocks");
        }
        out.sort(Comparator.comparingInt(ZoneFreeArea::nid).thenComparingInt(z -> zoneIndex(z.zone())));
        return out;
    }

    static List<PageTypes.Row> pageTypes(List<RecordedEvent> rows) {
        List<RecordedEvent> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingInt(e -> e.getInt("row")));
        List<PageTypes.Row> out = new ArrayList<>();
        for (RecordedEvent e : sorted) {
            out.add(new PageTypes.Row(e.getLong("flags"), e.getLong("pages")));
        }
        return out;
    }

    private static long longOr0(RecordedEvent e, String field) {
        return e.hasField(field) ? e.getLong(field) : 0;
    }

    private static long pages(RecordedEvent e, String bytesField) {
        return longOr0(e, bytesField) >> Mm.PAGE_SHIFT;
    }

    private static int zoneIndex(String name) {
        for (int z = 0; z < ZoneType.MAX_NR_ZONES; z++) {
            if (ZoneType.name(z).equals(name)) {
                return z;
            }
        }
        return ZoneType.MAX_NR_ZONES;
    }

    private static int migrateTypeIndex(String name) {
        for (int mt = 0; mt < MigrateType.MIGRATE_TYPES; mt++) {
            if (MigrateType.name(mt).equals(name)) {
                return mt;
            }
        }
        throw new IllegalArgumentException("unknown migrate type " + name);
    }
}
