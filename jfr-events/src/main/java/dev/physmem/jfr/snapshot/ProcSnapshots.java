package dev.physmem.jfr.snapshot;

import static dev.physmem.jfr.snapshot.SnapshotSchema.BOOST;
import static dev.physmem.jfr.snapshot.SnapshotSchema.CMA;
import static dev.physmem.jfr.snapshot.SnapshotSchema.DIRECT_MAP;
import static dev.physmem.jfr.snapshot.SnapshotSchema.FREE;
import static dev.physmem.jfr.snapshot.SnapshotSchema.HIGH;
import static dev.physmem.jfr.snapshot.SnapshotSchema.LOW;
import static dev.physmem.jfr.snapshot.SnapshotSchema.MANAGED;
import static dev.physmem.jfr.snapshot.SnapshotSchema.MEM_INFO;
import static dev.physmem.jfr.snapshot.SnapshotSchema.MIN;
import static dev.physmem.jfr.snapshot.SnapshotSchema.NODE;
import static dev.physmem.jfr.snapshot.SnapshotSchema.NODE_STAT;
import static dev.physmem.jfr.snapshot.SnapshotSchema.NODE_UNRECLAIMABLE;
import static dev.physmem.jfr.snapshot.SnapshotSchema.POPULATED;
import static dev.physmem.jfr.snapshot.SnapshotSchema.PRESENT;
import static dev.physmem.jfr.snapshot.SnapshotSchema.PROMO;
import static dev.physmem.jfr.snapshot.SnapshotSchema.ROWS;
import static dev.physmem.jfr.snapshot.SnapshotSchema.SNAPSHOT;
import static dev.physmem.jfr.snapshot.SnapshotSchema.SPANNED;
import static dev.physmem.jfr.snapshot.SnapshotSchema.START_PFN;
import static dev.physmem.jfr.snapshot.SnapshotSchema.VM_EVENTS;
import static dev.physmem.jfr.snapshot.SnapshotSchema.VM_STAT;
import static dev.physmem.jfr.snapshot.SnapshotSchema.ZONE;
import static dev.physmem.jfr.snapshot.SnapshotSchema.ZONE_INFO;

import dev.physmem.jfr.events.BuddyInfo;
import dev.physmem.jfr.events.DmaDevice;
import dev.physmem.jfr.events.DmaState;
import dev.physmem.jfr.events.MachineConfig;
import dev.physmem.jfr.events.PageTypes;
import dev.physmem.jfr.events.PerCpuPages;
import dev.physmem.jfr.events.SnapshotFlush;
import dev.physmem.model.Mm;
import dev.physmem.model.alloc.MigrateType;
import dev.physmem.model.dma.DmaStats;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.mmzone.Node;
import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.mmzone.ZoneType;
import dev.physmem.model.proc.FreeAreas;
import dev.physmem.model.proc.MemInfo;
import dev.physmem.model.proc.MemInfoField;
import dev.physmem.model.proc.MemInfoSnapshot;
import dev.physmem.model.proc.VmStatFile;
import dev.physmem.model.proc.VmStatSnapshot;
import dev.physmem.model.proc.ZoneFreeArea;
import dev.physmem.model.proc.ZoneInfo;
import dev.physmem.model.proc.ZoneInfoSnapshot;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.ZoneStatItem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;

/**
 * The periodic events of one machine: its /proc files as snapshot events, and its configuration at
 * the start of every chunk. Each file is captured the way the model's renderer captures it and then
 * committed as events from which the reader rebuilds the same snapshot records. The rows of a file
 * of several rows (vmstat, zoneinfo, buddyinfo, page-types) carry their capture's number and row
 * count: JFR writes a thread's events in buffer-sized segments whose order in the file may differ from
 * the order of the commits, so the reader puts captures together by number, not by position.
 *
 * <p>JFR runs the hooks on its periodic-task thread while the application changes the machine, as
 * /proc readers race with the kernel. A capture that fails on a torn read is dropped and counted on a
 * lenient machine; a strict one (tests) throws.
 */
public final class ProcSnapshots {
    /** Shared by every machine and by direct commits, so rows of two captures never share a number. */
    private static final AtomicLong NEXT_SNAPSHOT = new AtomicLong(1);

    private final Machine machine;
    private final AtomicLong failedCaptures = new AtomicLong();
    private volatile Runnable beforeCapture = () -> { };
    private final Runnable memInfoHook = () -> guarded(this::commitMemInfo);
    private final Runnable vmStatHook = () -> guarded(this::commitVmStat);
    private final Runnable zoneInfoHook = () -> guarded(this::commitZoneInfo);
    private final Runnable buddyInfoHook = () -> guarded(this::commitBuddyInfo);
    private final Runnable pageTypesHook = () -> guarded(this::commitPageTypes);
    private final Runnable machineConfigHook = () -> guarded(this::commitMachineConfig);
    private final Runnable dmaDeviceHook = () -> guarded(this::commitDmaDevices);
    private final Runnable dmaStateHook = () -> guarded(this::commitDmaState);
    private final Runnable flushHook = () -> guarded(this::flush);

    public ProcSnapshots(Machine machine) {
        this.machine = machine;
    }

    public Machine machine() {
        return machine;
    }

    /** Adds the hooks to JFR's periodic tasks; {@code PhysmemJfr.registerPeriodicEvents} keeps one per machine. */
    public void register() {
        FlightRecorder.addPeriodicEvent(MEM_INFO.eventClass(), memInfoHook);
        FlightRecorder.addPeriodicEvent(VM_STAT.eventClass(), vmStatHook);
        FlightRecorder.addPeriodicEvent(ZONE_INFO.eventClass(), zoneInfoHook);
        FlightRecorder.addPeriodicEvent(BuddyInfo.class, buddyInfoHook);
        FlightRecorder.addPeriodicEvent(PageTypes.class, pageTypesHook);
        FlightRecorder.addPeriodicEvent(MachineConfig.class, machineConfigHook);
        FlightRecorder.addPeriodicEvent(DmaDevice.class, dmaDeviceHook);
        FlightRecorder.addPeriodicEvent(DmaState.class, dmaStateHook);
        FlightRecorder.addPeriodicEvent(SnapshotFlush.class, flushHook);
    }

    public void unregister() {
        for (Runnable hook : new Runnable[] {memInfoHook, vmStatHook, zoneInfoHook, buddyInfoHook, pageTypesHook,
                machineConfigHook, dmaDeviceHook, dmaStateHook, flushHook}) {
            FlightRecorder.removePeriodicEvent(hook);
        }
    }

    /**
     * Runs {@code r} before each periodic capture: the agent passes its queue's drain, so a snapshot
     * holds every call the application made before it.
     */
    public void beforeCapture(Runnable r) {
        beforeCapture = r;
    }

    /** Captures that failed on a torn read and were dropped (lenient machines only). */
    public long failedCaptures() {
        return failedCaptures.get();
    }

    /** Commits every enabled snapshot event now, as one round of the periodic hooks does. */
    public void commitAll() {
        commitMemInfo();
        commitVmStat();
        commitZoneInfo();
        commitBuddyInfo();
        commitPageTypes();
        commitDmaDevices();
        commitDmaState();
    }

    /** At a chunk's end: every snapshot once more, so the recording ends with the final state. */
    private void flush() {
        SnapshotFlush e = new SnapshotFlush();
        if (!e.isEnabled()) {
            return;
        }
        commitAll();
        e.commit();
    }

    /** One DmaDevice event per device: its coherent memory and its streaming mappings. */
    public void commitDmaDevices() {
        if (!new DmaDevice().isEnabled()) {
            return;
        }
        for (DmaStats.DeviceStats d : machine.dma.stats().devices()) {
            DmaDevice e = new DmaDevice();
            e.device = d.name();
            e.driver = d.driver();
            e.coherent = d.coherent();
            for (long bytes : d.coherentBytes()) {
                e.coherentBytes += bytes;
            }
            e.liveMappings = d.liveMappings();
            e.mappings = d.mappings();
            e.bouncedMappings = d.bouncedMappings();
            e.mappedBytes = d.mappedBytes();
            e.syncs = d.syncs();
            e.cacheLines = d.cacheLines();
            e.commit();
        }
    }

    /** The swiotlb pool, bounce copies, cache maintenance and errors of the whole DMA layer. */
    public void commitDmaState() {
        DmaState e = new DmaState();
        if (!e.isEnabled()) {
            return;
        }
        DmaStats s = machine.dma.stats();
        e.liveMappings = s.liveMappings();
        e.mappingErrors = s.mappingErrors();
        e.swiotlbSlots = s.swiotlbSlots();
        e.swiotlbUsed = s.swiotlbUsed();
        e.swiotlbUsedHiwater = s.swiotlbUsedHiwater();
        e.swiotlbFull = s.swiotlbFull();
        e.bounces = s.bouncesToDevice() + s.bouncesFromDevice();
        e.bytesBounced = s.bytesBouncedToDevice() + s.bytesBouncedFromDevice();
        for (int dir = 0; dir < s.cleanLines().length; dir++) {
            e.cleanLines += s.cleanLines()[dir];
            e.invalidateLines += s.invalidateLines()[dir];
        }
        e.errors = s.errorCount();
        e.commit();
    }

    private void guarded(Runnable capture) {
        try {
            beforeCapture.run();
            capture.run();
        } catch (RuntimeException e) {
            if (machine.config.strict()) {
                throw e;
            }
            failedCaptures.incrementAndGet();
        }
    }

    public void commitMemInfo() {
        Event e = MEM_INFO.newEvent();
        if (!e.isEnabled()) {
            return;
        }
        MemInfoSnapshot s = MemInfo.capture(machine);
        for (MemInfoField f : MemInfoField.values()) {
            e.set(MEM_INFO.index(SnapshotSchema.memInfoFieldName(f)), f.kb ? s.get(f) << 10 : s.get(f));
        }
        e.set(MEM_INFO.index(DIRECT_MAP), s.directMap());
        e.commit();
    }

    /** The page counters and the event counters, under one snapshot number. */
    public void commitVmStat() {
        if (!VM_STAT.eventType().isEnabled()) {
            return;
        }
        VmStatSnapshot s = VmStatFile.capture(machine);
        long snapshot = NEXT_SNAPSHOT.getAndIncrement();
        for (DynamicEventType type : new DynamicEventType[] {VM_STAT, VM_EVENTS}) {
            Event e = type.newEvent();
            e.set(type.index(SNAPSHOT), snapshot);
            e.set(type.index(ROWS), 2);
            for (String line : SnapshotSchema.vmStatLines(type == VM_EVENTS)) {
                e.set(type.index(line), s.get(line));
            }
            e.commit();
        }
    }

    /** The zone rows, then each node's counters, then the per-CPU lists, all under one snapshot number. */
    public void commitZoneInfo() {
        if (!ZONE_INFO.eventType().isEnabled()) {
            return;
        }
        List<ZoneInfoSnapshot> zones = ZoneInfo.capture(machine);
        long snapshot = NEXT_SNAPSHOT.getAndIncrement();
        int rows = zones.size();
        for (ZoneInfoSnapshot z : zones) {
            rows += (z.nodeStats() != null ? 1 : 0) + z.pagesets().size();
        }
        for (ZoneInfoSnapshot z : zones) {
            Event e = ZONE_INFO.newEvent();
            e.set(ZONE_INFO.index(SNAPSHOT), snapshot);
            e.set(ZONE_INFO.index(ROWS), rows);
            e.set(ZONE_INFO.index(NODE), z.nid());
            e.set(ZONE_INFO.index(ZONE), z.zone());
            e.set(ZONE_INFO.index(POPULATED), z.populated());
            setPages(e, FREE, z.free());
            setPages(e, BOOST, z.boost());
            setPages(e, MIN, z.min());
            setPages(e, LOW, z.low());
            setPages(e, HIGH, z.high());
            setPages(e, PROMO, z.promo());
            setPages(e, SPANNED, z.spanned());
            setPages(e, PRESENT, z.present());
            setPages(e, MANAGED, z.managed());
            setPages(e, CMA, z.cma());
            for (int j = 0; j < ZoneType.MAX_NR_ZONES; j++) {
                setPages(e, SnapshotSchema.protectionFieldName(j), z.protection()[j]);
            }
            e.set(ZONE_INFO.index(NODE_UNRECLAIMABLE), z.nodeUnreclaimable());
            e.set(ZONE_INFO.index(START_PFN), z.startPfn());
            for (int i = 0; i < z.zoneStats().length; i++) {
                e.set(ZONE_INFO.index(ZoneStatItem.name(i)), z.zoneStats()[i]);
            }
            for (int i = 0; i < z.numaEvents().length; i++) {
                e.set(ZONE_INFO.index(ZoneStatItem.Numa.name(i)), z.numaEvents()[i]);
            }
            e.commit();
        }
        for (ZoneInfoSnapshot z : zones) {
            if (z.nodeStats() != null) {
                Event e = NODE_STAT.newEvent();
                e.set(NODE_STAT.index(SNAPSHOT), snapshot);
                e.set(NODE_STAT.index(ROWS), rows);
                e.set(NODE_STAT.index(NODE), z.nid());
                for (int i = 0; i < NodeStatItem.NR_VM_NODE_STAT_ITEMS; i++) {
                    e.set(NODE_STAT.index(NodeStatItem.name(i)), z.nodeStats()[i]);
                }
                e.commit();
            }
        }
        for (ZoneInfoSnapshot z : zones) {
            for (ZoneInfoSnapshot.Pageset p : z.pagesets()) {
                PerCpuPages e = new PerCpuPages();
                e.snapshot = snapshot;
                e.rows = rows;
                e.node = z.nid();
                e.zone = z.zone();
                e.cpu = p.cpu();
                e.count = p.count();
                e.high = p.high();
                e.batch = p.batch();
                e.highMin = p.highMin();
                e.highMax = p.highMax();
                e.statThreshold = p.statThreshold();
                e.commit();
            }
        }
    }

    private static void setPages(Event e, String field, long pages) {
        e.set(ZONE_INFO.index(field), pages << Mm.PAGE_SHIFT);
    }

    /** Populated zones only, one row per migrate type: what buddyinfo and pagetypeinfo print. */
    public void commitBuddyInfo() {
        if (!new BuddyInfo().isEnabled()) {
            return;
        }
        long snapshot = NEXT_SNAPSHOT.getAndIncrement();
        List<ZoneFreeArea> populated = new ArrayList<>();
        for (ZoneFreeArea z : FreeAreas.capture(machine)) {
            if (z.populated()) {
                populated.add(z);
            }
        }
        for (ZoneFreeArea z : populated) {
            for (int mt = 0; mt < MigrateType.MIGRATE_TYPES; mt++) {
                long[] n = z.freeBlocks()[mt];
                BuddyInfo e = new BuddyInfo();
                e.snapshot = snapshot;
                e.rows = populated.size() * MigrateType.MIGRATE_TYPES;
                e.node = z.nid();
                e.zone = z.zone();
                e.migrateType = MigrateType.name(mt);
                e.pageblocks = z.pageblocksPerType()[mt];
                long pages = 0;
                for (int order = 0; order < Mm.NR_PAGE_ORDERS; order++) {
                    pages += n[order] << order;
                }
                e.free = pages << Mm.PAGE_SHIFT;
                e.order0 = n[0];
                e.order1 = n[1];
                e.order2 = n[2];
                e.order3 = n[3];
                e.order4 = n[4];
                e.order5 = n[5];
                e.order6 = n[6];
                e.order7 = n[7];
                e.order8 = n[8];
                e.order9 = n[9];
                e.order10 = n[10];
                e.commit();
            }
        }
    }

    /** The page-types summary (without -r): a walk over every page frame. */
    public void commitPageTypes() {
        if (!new PageTypes().isEnabled()) {
            return;
        }
        long snapshot = NEXT_SNAPSHOT.getAndIncrement();
        List<dev.physmem.model.proc.PageTypes.Row> rows = dev.physmem.model.proc.PageTypes.capture(machine, false);
        for (int i = 0; i < rows.size(); i++) {
            dev.physmem.model.proc.PageTypes.Row r = rows.get(i);
            PageTypes e = new PageTypes();
            e.snapshot = snapshot;
            e.rows = rows.size();
            e.row = i;
            e.flags = r.flags();
            e.names = dev.physmem.model.proc.PageTypes.longSymbolic(r.flags());
            e.pages = r.pages();
            e.size = r.pages() << Mm.PAGE_SHIFT;
            e.commit();
        }
    }

    public void commitMachineConfig() {
        MachineConfig e = new MachineConfig();
        if (!e.isEnabled()) {
            return;
        }
        dev.physmem.model.machine.MachineConfig c = machine.config;
        e.arch = c.arch().kernelName();
        e.ram = c.ramBytes();
        e.memTotal = machine.totalramPages() << Mm.PAGE_SHIFT;
        e.pageSize = Mm.PAGE_SIZE;
        e.nodes = c.nodes();
        e.cpus = c.cpus();
        e.zones = zoneRanges(machine);
        e.hugepages = c.hugepages();
        e.hugepages1g = c.hugepages1g();
        e.thp = c.thp().toString();
        e.diskBandwidth = c.diskBandwidth();
        e.diskLatency = c.diskLatencyNanos();
        e.swap = c.swapBytes();
        e.strict = c.strict();
        e.seed = c.seed();
        e.commit();
    }

    /** "Node 0 DMA [mem 0x...-0x...], ..." for every populated zone, as the boot log's zone ranges. */
    static String zoneRanges(Machine m) {
        List<String> parts = new ArrayList<>();
        for (Node node : m.nodes) {
            for (int z = 0; z < ZoneType.MAX_NR_ZONES; z++) {
                Zone zone = node.zone(z);
                if (zone.isPopulated()) {
                    parts.add(String.format("Node %d %s [mem %#018x-%#018x]", node.nid, zone.name,
                            Mm.pfnToPhys(zone.zoneStartPfn), Mm.pfnToPhys(zone.zoneEndPfn()) - 1));
                }
            }
        }
        return String.join(", ", parts);
    }
}
