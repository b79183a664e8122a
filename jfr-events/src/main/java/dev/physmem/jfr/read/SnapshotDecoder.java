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
import dev.physmem.jfr.read.SnapshotRow.BuddyRow;
import dev.physmem.jfr.read.SnapshotRow.MemInfoRow;
import dev.physmem.jfr.read.SnapshotRow.NodeStatRow;
import dev.physmem.jfr.read.SnapshotRow.PageTypeRow;
import dev.physmem.jfr.read.SnapshotRow.PagesetRow;
import dev.physmem.jfr.read.SnapshotRow.VmStatRow;
import dev.physmem.jfr.read.SnapshotRow.ZoneRow;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;

/**
 * Snapshot events back into the model's snapshot records, the inverse of ProcSnapshots: the model's
 * renderers print them exactly as the live machine's /proc printed then. Each event is read into a
 * row when it arrives; the rows of a capture are assembled once the capture is complete. A value the
 * recording lacks (a counter its model did not have yet) reads as 0.
 */
final class SnapshotDecoder {
    private SnapshotDecoder() {}

    static SnapshotRow row(RecordedEvent e) {
        String name = e.getEventType().getName();
        switch (name) {
            case EventNames.MEM_INFO: return new MemInfoRow(memInfo(e));
            case EventNames.VM_STAT:
            case EventNames.VM_EVENTS: return vmStat(e, name.equals(EventNames.VM_EVENTS));
            case EventNames.ZONE_INFO: return new ZoneRow(zone(e));
            case EventNames.NODE_STAT: return nodeStat(e);
            case EventNames.PER_CPU_PAGES:
                return new PagesetRow(e.getInt(NODE), e.getString(ZONE), new ZoneInfoSnapshot.Pageset(e.getInt("cpu"),
                        e.getInt("count"), e.getInt("high"), e.getInt("batch"), e.getInt("highMin"),
                        e.getInt("highMax"), e.getInt("statThreshold")));
            case EventNames.BUDDY_INFO: return buddy(e);
            case EventNames.PAGE_TYPES: return new PageTypeRow(e.getInt("row"), e.getLong("flags"), e.getLong("pages"));
            default: throw new IllegalArgumentException(name + " is not a snapshot event");
        }
    }

    private static MemInfoSnapshot memInfo(RecordedEvent e) {
        Set<String> fields = fieldNames(e);
        long[] v = new long[MemInfoField.values().length];
        for (MemInfoField f : MemInfoField.values()) {
            String name = SnapshotSchema.memInfoFieldName(f);
            long x = fields.contains(name) ? e.getLong(name) : 0;
            v[f.ordinal()] = f.kb ? x >> 10 : x;
        }
        return new MemInfoSnapshot(v, fields.contains(DIRECT_MAP) && e.getBoolean(DIRECT_MAP));
    }

    private static VmStatRow vmStat(RecordedEvent e, boolean events) {
        Set<String> fields = fieldNames(e);
        long[] v = new long[VmStatFile.names().size()];
        for (String line : SnapshotSchema.vmStatLines(events)) {
            v[VmStatFile.indexOf(line)] = fields.contains(line) ? e.getLong(line) : 0;
        }
        return new VmStatRow(v);
    }

    /** A zone without its node counters and per-CPU lists, which come in rows of their own. */
    private static ZoneInfoSnapshot zone(RecordedEvent e) {
        Set<String> fields = fieldNames(e);
        boolean populated = e.getBoolean(POPULATED);
        long[] protection = new long[ZoneType.MAX_NR_ZONES];
        for (int j = 0; j < protection.length; j++) {
            protection[j] = pages(e, fields, SnapshotSchema.protectionFieldName(j));
        }
        long[] zoneStats = new long[0];
        long[] numa = new long[0];
        if (populated) {
            zoneStats = new long[ZoneStatItem.NR_VM_ZONE_STAT_ITEMS];
            for (int i = 0; i < zoneStats.length; i++) {
                zoneStats[i] = longOr0(e, fields, ZoneStatItem.name(i));
            }
            numa = new long[ZoneStatItem.Numa.NR_VM_NUMA_EVENT_ITEMS];
            for (int i = 0; i < numa.length; i++) {
                numa[i] = longOr0(e, fields, ZoneStatItem.Numa.name(i));
            }
        }
        return new ZoneInfoSnapshot(e.getInt(NODE), e.getString(ZONE), populated, null, pages(e, fields, FREE),
                pages(e, fields, BOOST), pages(e, fields, MIN), pages(e, fields, LOW), pages(e, fields, HIGH),
                pages(e, fields, PROMO), pages(e, fields, SPANNED), pages(e, fields, PRESENT),
                pages(e, fields, MANAGED), pages(e, fields, CMA), protection, zoneStats, numa, List.of(),
                e.getBoolean(NODE_UNRECLAIMABLE), e.getLong(START_PFN));
    }

    private static NodeStatRow nodeStat(RecordedEvent e) {
        Set<String> fields = fieldNames(e);
        long[] s = new long[NodeStatItem.NR_VM_NODE_STAT_ITEMS];
        for (int i = 0; i < s.length; i++) {
            s[i] = longOr0(e, fields, NodeStatItem.name(i));
        }
        return new NodeStatRow(e.getInt(NODE), s);
    }

    private static BuddyRow buddy(RecordedEvent e) {
        long[] free = new long[Mm.NR_PAGE_ORDERS];
        for (int order = 0; order < free.length; order++) {
            free[order] = e.getLong("order" + order);
        }
        return new BuddyRow(e.getInt(NODE), e.getString(ZONE), migrateTypeIndex(e.getString("migrateType")), free,
                e.getLong("pageblocks"));
    }

    // ---- assembling a capture's rows ----

    static MemInfoSnapshot memInfo(List<SnapshotRow> rows) {
        return ((MemInfoRow) rows.get(0)).snapshot();
    }

    /** The page counters and the event counters of one capture, together. */
    static VmStatSnapshot vmStat(List<SnapshotRow> rows) {
        long[] v = new long[VmStatFile.names().size()];
        for (SnapshotRow r : rows) {
            long[] part = ((VmStatRow) r).values();
            for (int i = 0; i < v.length; i++) {
                v[i] += part[i];
            }
        }
        return new VmStatSnapshot(v);
    }

    /** Zones in node and zone order; node counters on each node's first populated zone, as ZoneInfo.capture. */
    static List<ZoneInfoSnapshot> zoneInfo(List<SnapshotRow> rows) {
        Map<Integer, long[]> nodeStats = new HashMap<>();
        Map<String, List<ZoneInfoSnapshot.Pageset>> pagesets = new HashMap<>();
        List<ZoneInfoSnapshot> zones = new ArrayList<>();
        for (SnapshotRow r : rows) {
            if (r instanceof ZoneRow) {
                zones.add(((ZoneRow) r).zone());
            } else if (r instanceof NodeStatRow) {
                nodeStats.put(((NodeStatRow) r).nid(), ((NodeStatRow) r).stats());
            } else {
                PagesetRow p = (PagesetRow) r;
                pagesets.computeIfAbsent(p.nid() + "/" + p.zone(), k -> new ArrayList<>()).add(p.pageset());
            }
        }
        zones.sort(Comparator.comparingInt(ZoneInfoSnapshot::nid).thenComparingInt(z -> zoneIndex(z.zone())));
        List<ZoneInfoSnapshot> out = new ArrayList<>();
        Set<Integer> nodeStatsPlaced = new HashSet<>();
        for (ZoneInfoSnapshot z : zones) {
            long[] stats = z.populated() && nodeStatsPlaced.add(z.nid()) ? nodeStats.get(z.nid()) : null;
            List<ZoneInfoSnapshot.Pageset> ps = new ArrayList<>(pagesets.getOrDefault(z.nid() + "/" + z.zone(), List.of()));
            ps.sort(Comparator.comparingInt(ZoneInfoSnapshot.Pageset::cpu));
            out.add(new ZoneInfoSnapshot(z.nid(), z.zone(), z.populated(), stats, z.free(), z.boost(), z.min(), z.low(),
                    z.high(), z.promo(), z.spanned(), z.present(), z.managed(), z.cma(), z.protection(), z.zoneStats(),
                    z.numaEvents(), ps, z.nodeUnreclaimable(), z.startPfn()));
        }
        return out;
    }

    /** The populated zones' free lists, in node and zone order. */
    static List<ZoneFreeArea> freeAreas(List<SnapshotRow> rows) {
        Map<String, ZoneFreeArea> zones = new HashMap<>();
        List<ZoneFreeArea> out = new ArrayList<>();
        for (SnapshotRow r : rows) {
            BuddyRow b = (BuddyRow) r;
            ZoneFreeArea z = zones.computeIfAbsent(b.nid() + "/" + b.zone(), k -> {
                ZoneFreeArea created = new ZoneFreeArea(b.nid(), b.zone(), true,
                        new long[MigrateType.MIGRATE_TYPES][Mm.NR_PAGE_ORDERS], new long[MigrateType.MIGRATE_TYPES]);
                out.add(created);
                return created;
            });
            System.arraycopy(b.freeBlocks(), 0, z.freeBlocks()[b.migrateType()], 0, Mm.NR_PAGE_ORDERS);
            z.pageblocksPerType()[b.migrateType()] = b.pageblocks();
        }
        out.sort(Comparator.comparingInt(ZoneFreeArea::nid).thenComparingInt(z -> zoneIndex(z.zone())));
        return out;
    }

    static List<PageTypes.Row> pageTypes(List<SnapshotRow> rows) {
        List<PageTypeRow> sorted = new ArrayList<>();
        rows.forEach(r -> sorted.add((PageTypeRow) r));
        sorted.sort(Comparator.comparingInt(PageTypeRow::row));
        List<PageTypes.Row> out = new ArrayList<>();
        for (PageTypeRow r : sorted) {
            out.add(new PageTypes.Row(r.flags(), r.pages()));
        }
        return out;
    }

    // ---- reading fields ----

    /** One pass over the event's fields: RecordedObject finds a field by name with a linear search. */
    private static Set<String> fieldNames(RecordedEvent e) {
        Set<String> names = new HashSet<>();
        e.getFields().forEach(v -> names.add(v.getName()));
        return names;
    }

    private static long longOr0(RecordedEvent e, Set<String> fields, String field) {
        return fields.contains(field) ? e.getLong(field) : 0;
    }

    private static long pages(RecordedEvent e, Set<String> fields, String bytesField) {
        return longOr0(e, fields, bytesField) >> Mm.PAGE_SHIFT;
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
