package dev.physmem.jfr.snapshot;

import dev.physmem.jfr.events.Categories;
import dev.physmem.jfr.events.EventNames;
import dev.physmem.model.mmzone.ZoneType;
import dev.physmem.model.proc.MemInfoField;
import dev.physmem.model.proc.VmStatFile;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.VmEventItem;
import dev.physmem.model.vmstat.ZoneStatItem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jdk.jfr.AnnotationElement;
import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.EventFactory;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.ValueDescriptor;

/**
 * The snapshot events whose fields are the model's own lists: every /proc/meminfo line, every
 * /proc/vmstat line, every zone and node counter of /proc/zoneinfo. They are defined at run time with
 * {@link EventFactory} from those lists, so a counter the model gains is recorded without touching this
 * module, and the reader finds each value under the name the kernel prints. Defined once per class
 * loader: two definitions would be two event types of one name.
 */
public final class SnapshotSchema {
    private SnapshotSchema() {}

    public static final String SNAPSHOT = "snapshot";
    /** How many rows one capture has: the reader knows a capture is whole although JFR may reorder rows. */
    public static final String ROWS = "rows";
    public static final String NODE = "node";
    public static final String ZONE = "zone";
    public static final String DIRECT_MAP = "directMap";
    public static final String POPULATED = "populated";
    public static final String FREE = "free";
    public static final String BOOST = "boost";
    public static final String MIN = "min";
    public static final String LOW = "low";
    public static final String HIGH = "high";
    public static final String PROMO = "promo";
    public static final String SPANNED = "spanned";
    public static final String PRESENT = "present";
    public static final String MANAGED = "managed";
    public static final String CMA = "cma";
    public static final String NODE_UNRECLAIMABLE = "nodeUnreclaimable";
    public static final String START_PFN = "startPfn";

    /** /proc/meminfo: one field per line, kB lines in bytes. */
    public static final DynamicEventType MEM_INFO = new DynamicEventType(
            type(EventNames.MEM_INFO, "MemInfo", "What /proc/meminfo shows: the machine's memory by use "
                    + "(free, page cache, dirty, anonymous, slab, ...).", "1 s"),
            memInfoFields());

    /**
     * /proc/vmstat's page counters (zone, NUMA and node items, dirty thresholds, memmap): one field per
     * line, named and valued as the kernel prints it. The event counters are in {@link #VM_EVENTS}:
     * JDK 17 writes an event through one method taking every field, and the JVM allows 255 parameter
     * slots, so no event may have more than about 120 long fields.
     */
    public static final DynamicEventType VM_STAT = new DynamicEventType(
            type(EventNames.VM_STAT, "VmStat", "The page counters of /proc/vmstat: pages in each state per zone "
                    + "and node, NUMA hits and the dirty thresholds.", "1 s"),
            withSnapshot(counterFields(vmStatLines(false))));

    /** /proc/vmstat's event counters (vm_event_item), committed with {@link #VM_STAT}. */
    public static final DynamicEventType VM_EVENTS = new DynamicEventType(
            type(EventNames.VM_EVENTS, "VmEvents", "The event counters of /proc/vmstat: allocations, frees, "
                    + "faults, page cache and reclaim activity since boot.", null),
            withSnapshot(counterFields(vmStatLines(true))));

    /** One zone of /proc/zoneinfo: watermarks, sizes, protection, zone counters. */
    public static final DynamicEventType ZONE_INFO = new DynamicEventType(
            type(EventNames.ZONE_INFO, "ZoneInfo", "One zone of /proc/zoneinfo: free pages against the "
                    + "min, low and high watermarks, the zone's size, lowmem protection and counters.", "1 s"),
            zoneInfoFields());

    /** The per-node counters /proc/zoneinfo prints under a node's first populated zone. */
    public static final DynamicEventType NODE_STAT = new DynamicEventType(
            type(EventNames.NODE_STAT, "NodeStat", "One NUMA node's memory counters, the \"per-node stats\" "
                    + "of /proc/zoneinfo (THP counters in huge pages, as it prints them).", null),
            nodeStatFields());

    /** MEM_TOTAL -> memTotal, DIRECT_MAP_4K -> directMap4k. */
    public static String memInfoFieldName(MemInfoField f) {
        StringBuilder sb = new StringBuilder();
        for (String word : f.name().toLowerCase(Locale.ROOT).split("_")) {
            sb.append(sb.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return sb.toString();
    }

    /** lowmem_reserve[] against zone {@code zoneIdx}: protectionDma32 ... */
    public static String protectionFieldName(int zoneIdx) {
        String name = ZoneType.name(zoneIdx);
        return "protection" + name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
    }

    private static List<AnnotationElement> type(String name, String label, String description, String period) {
        List<AnnotationElement> a = new ArrayList<>();
        a.add(new AnnotationElement(Name.class, name));
        a.add(new AnnotationElement(Label.class, label));
        a.add(new AnnotationElement(Description.class, description));
        a.add(new AnnotationElement(Category.class, new String[] {Categories.LINUX_MEMORY, Categories.SNAPSHOTS}));
        a.add(new AnnotationElement(Enabled.class, true));
        a.add(new AnnotationElement(StackTrace.class, false));
        if (period != null) {
            a.add(new AnnotationElement(Period.class, period));
        }
        return a;
    }

    private static ValueDescriptor field(Class<?> type, String name, String label, boolean bytes) {
        List<AnnotationElement> a = new ArrayList<>();
        a.add(new AnnotationElement(Label.class, label));
        if (bytes) {
            a.add(new AnnotationElement(DataAmount.class, DataAmount.BYTES));
        }
        return new ValueDescriptor(type, name, a);
    }

    private static List<ValueDescriptor> memInfoFields() {
        List<ValueDescriptor> f = new ArrayList<>();
        for (MemInfoField m : MemInfoField.values()) {
            f.add(field(long.class, memInfoFieldName(m), m.label, m.kb));
        }
        f.add(field(boolean.class, DIRECT_MAP, "DirectMap Lines", false));
        return f;
    }

    private static List<ValueDescriptor> counterFields(List<String> names) {
        List<ValueDescriptor> f = new ArrayList<>();
        for (String n : names) {
            f.add(field(long.class, n, n, false));
        }
        return f;
    }

    /** The /proc/vmstat lines that are vm_event_item counters, or the others, in file order. */
    public static List<String> vmStatLines(boolean events) {
        Set<String> eventNames = new HashSet<>();
        for (int i = 0; i < VmEventItem.NR_VM_EVENT_ITEMS; i++) {
            eventNames.add(VmEventItem.name(i));
        }
        List<String> out = new ArrayList<>();
        for (String n : VmStatFile.names()) {
            if (eventNames.contains(n) == events) {
                out.add(n);
            }
        }
        return out;
    }

    private static List<ValueDescriptor> withSnapshot(List<ValueDescriptor> fields) {
        List<ValueDescriptor> f = snapshotFields();
        f.addAll(fields);
        return f;
    }

    private static List<ValueDescriptor> snapshotFields() {
        List<ValueDescriptor> f = new ArrayList<>();
        f.add(field(long.class, SNAPSHOT, "Snapshot", false));
        f.add(field(int.class, ROWS, "Rows in Snapshot", false));
        return f;
    }

    private static List<ValueDescriptor> zoneInfoFields() {
        List<ValueDescriptor> f = snapshotFields();
        f.add(field(int.class, NODE, "Node", false));
        f.add(field(String.class, ZONE, "Zone", false));
        f.add(field(boolean.class, POPULATED, "Populated", false));
        f.add(field(long.class, FREE, "Free", true));
        f.add(field(long.class, BOOST, "Watermark Boost", true));
        f.add(field(long.class, MIN, "Min Watermark", true));
        f.add(field(long.class, LOW, "Low Watermark", true));
        f.add(field(long.class, HIGH, "High Watermark", true));
        f.add(field(long.class, PROMO, "Promo Watermark", true));
        f.add(field(long.class, SPANNED, "Spanned", true));
        f.add(field(long.class, PRESENT, "Present", true));
        f.add(field(long.class, MANAGED, "Managed", true));
        f.add(field(long.class, CMA, "CMA", true));
        for (int z = 0; z < ZoneType.MAX_NR_ZONES; z++) {
            f.add(field(long.class, protectionFieldName(z), "Protection Against " + ZoneType.name(z), true));
        }
        f.add(field(boolean.class, NODE_UNRECLAIMABLE, "Node Unreclaimable", false));
        f.add(field(long.class, START_PFN, "Start PFN", false));
        List<String> counters = new ArrayList<>();
        for (int i = 0; i < ZoneStatItem.NR_VM_ZONE_STAT_ITEMS; i++) {
            counters.add(ZoneStatItem.name(i));
        }
        for (int i = 0; i < ZoneStatItem.Numa.NR_VM_NUMA_EVENT_ITEMS; i++) {
            counters.add(ZoneStatItem.Numa.name(i));
        }
        f.addAll(counterFields(counters));
        return f;
    }

    private static List<ValueDescriptor> nodeStatFields() {
        List<ValueDescriptor> f = snapshotFields();
        f.add(field(int.class, NODE, "Node", false));
        List<String> counters = new ArrayList<>();
        for (int i = 0; i < NodeStatItem.NR_VM_NODE_STAT_ITEMS; i++) {
            counters.add(NodeStatItem.name(i));
        }
        f.addAll(counterFields(counters));
        return f;
    }
}
