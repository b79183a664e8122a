package dev.physmem.jfr;

import static dev.physmem.jfr.Expected.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.jfr.events.DirectBufferAlloc;
import dev.physmem.jfr.events.DirectBufferFree;
import dev.physmem.jfr.events.DropCaches;
import dev.physmem.jfr.events.EventNames;
import dev.physmem.jfr.events.FileDelete;
import dev.physmem.jfr.events.FileMap;
import dev.physmem.jfr.events.FileRead;
import dev.physmem.jfr.events.FileSync;
import dev.physmem.jfr.events.FileTruncate;
import dev.physmem.jfr.events.FileUnmap;
import dev.physmem.jfr.events.FileWrite;
import dev.physmem.jfr.events.SocketRead;
import dev.physmem.jfr.events.SocketWrite;
import dev.physmem.jfr.events.Sync;
import dev.physmem.model.KernelBugException;
import dev.physmem.model.Mm;
import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.alloc.MigrateType;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.mmzone.ZoneType;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.proc.MemInfo;
import dev.physmem.model.proc.MemInfoField;
import dev.physmem.model.proc.MemInfoSnapshot;
import dev.physmem.model.proc.VmStatFile;
import dev.physmem.model.testing.MemoryInvariants;
import dev.physmem.model.testing.TestMachines;
import dev.physmem.model.vmstat.VmEventItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;

/**
 * A 1 GiB x86_64 machine booted with physmem's tracepoints and recorded with the detailed settings
 * while every tracepoint fires: the page allocator for real (allocations, frees, a migrate-type
 * fallback, an allocation failure, a bad page, a watermark change through vm.min_free_kbytes), the
 * tracepoints whose model code is not in yet (page cache, writeback, reclaim, DMA) called directly
 * with known arguments, every workload event as the agent commits it, and one round of snapshots.
 * The recording is made once per test JVM and shared.
 */
final class EveryEventScenario {
    static final int DEV_8_0 = 8 << 20;
    static final String DISK = "8:0";
    static final String NIC = "0000:00:03.0";

    final Path recording;
    final List<Expected> expected = new ArrayList<>();
    final Machine machine;

    private static EveryEventScenario shared;

    static synchronized EveryEventScenario shared() {
        if (shared == null) {
            shared = new EveryEventScenario();
        }
        return shared;
    }

    private EveryEventScenario() {
        JfrTracepoints trace = PhysmemJfr.tracepoints();
        machine = TestMachines.boot(MachineConfig.defaults().withRam(1L << 30), trace).machine();
        PhysmemJfr.registerPeriodicEvents(machine);
        try (Recording r = new Recording(PhysmemJfr.configuration(PhysmemJfr.DETAILED))) {
            r.start();
            machineConfig();
            pageAllocator();
            sysctlAndWatermarks();
            directTracepoints(trace);
            workload();
            snapshots();
            allocationFailure();
            badPage();
            r.stop();
            expected.add(event(EventNames.SNAPSHOT_FLUSH));
            recording = Files.createTempFile("physmem-every-event-", ".jfr");
            recording.toFile().deleteOnExit();
            r.dump(recording);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            PhysmemJfr.unregisterPeriodicEvents(machine);
        }
    }

    private void machineConfig() {
        expected.add(event(EventNames.MACHINE_CONFIG, "arch", "x86_64", "ram", 1L << 30,
                "memTotal", machine.totalramPages() << Mm.PAGE_SHIFT, "pageSize", 4096, "nodes", 1, "cpus", 2,
                "zones", "Node 0 DMA [mem 0x0000000000001000-0x0000000000ffffff], "
                        + "Node 0 DMA32 [mem 0x0000000001000000-0x000000003fffffff]",
                "hugepages", 0, "hugepages1g", 0, "thp", "madvise", "diskBandwidth", 200L << 20,
                "diskLatency", 500_000L, "swap", 0L, "strict", true, "seed", 42L));
    }

    private void pageAllocator() {
        MemMap mm = machine.memMap;
        int pfn = machine.pageAlloc.allocPages(Gfp.GFP_KERNEL, 2);
        assertThat(pfn).isNotEqualTo(MemMap.NONE);
        String zone = ZoneType.name(mm.zoneIdx(pfn));
        expected.add(event(EventNames.PAGE_ALLOC, "pfn", pfn, "order", 2, "size", 16384L, "physAddr",
                (long) pfn << 12, "gfpFlags", "GFP_KERNEL", "gfp", Gfp.GFP_KERNEL, "migrateType", "Unmovable",
                "node", 0, "zone", zone));
        int pageblockType = mm.pageblockMigratetype(pfn);
        machine.pageAlloc.freePages(pfn, 2);
        expected.add(event(EventNames.PAGE_FREE, "pfn", pfn, "order", 2, "size", 16384L, "physAddr", (long) pfn << 12,
                "migrateType", MigrateType.name(pageblockType), "node", 0, "zone", zone));
        // Every pageblock starts MIGRATE_MOVABLE at boot, so the first unmovable refill falls back and
        // claims a movable pageblock (steal_suitable_fallback).
        assertThat(machine.vmStat.allVmEvents()[VmEventItem.PGALLOC_DMA + 1]).isGreaterThanOrEqualTo(0);
        expected.add(event(EventNames.ALLOC_EXTFRAG, "allocMigrateType", "Unmovable", "fallbackMigrateType", "Movable",
                "node", 0));
        MemoryInvariants.check(machine);
    }

    private void sysctlAndWatermarks() {
        long before = machine.sysctl.getLong("min_free_kbytes");
        machine.sysctl.set("vm.min_free_kbytes", before * 2, "test");
        expected.add(event(EventNames.SYSCTL_CHANGE, "name", "vm.min_free_kbytes", "oldValue", Long.toString(before),
                "newValue", Long.toString(before * 2), "source", "test"));
        for (Zone z : machine.zones) {
            if (z.isManaged()) {
                expected.add(event(EventNames.ZONE_WATERMARKS, "node", 0, "zone", z.name,
                        "min", z.minWmarkPages() << 12, "low", z.lowWmarkPages() << 12,
                        "high", z.highWmarkPages() << 12, "promo", z.promoWmarkPages() << 12));
            }
        }
    }

    private void directTracepoints(JfrTracepoints t) {
        int pfn = machine.memMap.startPfn() + 4096;
        long phys = (long) pfn << 12;
        t.mmFilemapAddToPageCache(pfn, DEV_8_0, 12, 3, 0);
        expected.add(event(EventNames.PAGE_CACHE_ADD, "pfn", pfn, "physAddr", phys, "device", DISK, "ino", 12L,
                "index", 3L, "offset", 3L * 4096, "order", 0, "size", 4096L));
        t.mmFilemapDeleteFromPageCache(pfn, DEV_8_0, 12, 3, 0);
        expected.add(event(EventNames.PAGE_CACHE_DELETE, "pfn", pfn, "device", DISK, "ino", 12L, "index", 3L));
        t.writebackDirtyFolio(pfn, DEV_8_0, 12, 4, 4);
        expected.add(event(EventNames.FOLIO_DIRTY, "pfn", pfn, "device", DISK, "ino", 12L, "index", 4L,
                "offset", 4L * 4096, "pages", 4, "size", 16384L));
        t.wbcWritepage(pfn, DEV_8_0, 12, 4, 4, 0);
        expected.add(event(EventNames.FOLIO_WRITEBACK, "pfn", pfn, "device", DISK, "pages", 4, "size", 16384L,
                "reason", "background"));
        t.writebackQueue(DISK, 2, 1024, true);
        expected.add(event(EventNames.WRITEBACK_QUEUE, "device", DISK, "reason", "sync", "pages", 1024L,
                "syncAll", true));
        t.writebackWakeBackground(DISK);
        expected.add(event(EventNames.FLUSHER_WAKE, "device", DISK));
        t.writebackStart(DISK, 3, 0);
        sleepMillis(2);
        t.writebackWritten(DISK, 3, 0, 256, 2);
        expected.add(event(EventNames.WRITEBACK, "device", DISK, "reason", "periodic", "pages", 256L,
                "size", 1L << 20, "inodes", 2L));
        t.globalDirtyState(10, 5, 100, 200, 180, 1000, 900);
        expected.add(event(EventNames.DIRTY_STATE, "dirty", 10L * 4096, "writeback", 5L * 4096,
                "backgroundThresh", 100L * 4096, "dirtyThresh", 200L * 4096, "dirtyLimit", 180L * 4096,
                "dirtied", 1000L, "written", 900L));
        t.balanceDirtyPages(DISK, 200, 100, 180, 165, 190, 256, 32, 40_000_000, 0);
        t.balanceDirtyPages(DISK, 200, 100, 180, 165, 190, 256, 32, 40_000_000, 20_000_000);
        // 256 pages/s is 1024 KB/s, the unit the kernel's tracepoint prints.
        expected.add(event(EventNames.DIRTY_THROTTLE, "device", DISK, "pause", 20_000_000L, "period", 40_000_000L,
                "dirty", 190L * 4096, "thresh", 200L * 4096, "bgThresh", 100L * 4096, "limit", 180L * 4096,
                "setpoint", 165L * 4096, "taskRatelimit", 1024L, "dirtied", 32L * 4096));
        t.mmVmscanWakeupKswapd(0, ZoneType.ZONE_DMA32, 1, Gfp.GFP_KERNEL);
        expected.add(event(EventNames.KSWAPD_WAKEUP, "node", 0, "zone", "DMA32", "order", 1,
                "gfpFlags", "GFP_KERNEL", "gfp", Gfp.GFP_KERNEL));
        t.mmVmscanKswapdWake(0, ZoneType.ZONE_DMA32, 1);
        expected.add(event(EventNames.KSWAPD_WAKE, "node", 0, "zone", "DMA32", "order", 1));
        sleepMillis(2);
        t.mmVmscanKswapdSleep(0);
        expected.add(event(EventNames.KSWAPD_SLEEP, "node", 0));
        t.mmVmscanDirectReclaimBegin(2, Gfp.GFP_HIGHUSER_MOVABLE);
        sleepMillis(2);
        t.mmVmscanDirectReclaimEnd(0, 17);
        expected.add(event(EventNames.DIRECT_RECLAIM, "order", 2, "gfpFlags", "GFP_HIGHUSER_MOVABLE",
                "gfp", Gfp.GFP_HIGHUSER_MOVABLE, "reclaimed", 17L));
        t.mmCompactionBegin(0, "DMA32", 4096, 4096, 65024, 65536, true);
        sleepMillis(2);
        t.mmCompactionEnd(0, "DMA32", 4096, 9216, 9300, 65536, true, "complete", 0, 5120, 4000, 300, 2);
        expected.add(event(EventNames.COMPACTION, "node", 0, "zone", "DMA32", "zoneStart", 4096L, "zoneEnd", 65536L,
                "migratePfn", 9216L, "freePfn", 9300L, "migrateScanned", 5120L, "freeScanned", 4000L,
                "migrated", 300L, "failed", 2L, "status", "complete"));
        t.mmVmscanLruShrinkInactive(0, 32, 20, 5, 3, 1, 2, 4, 6, 12, true);
        expected.add(event(EventNames.SHRINK_INACTIVE, "node", 0, "lru", "file", "scanned", 32L, "reclaimed", 20L,
                "dirty", 5L, "writeback", 3L, "congested", 1L, "immediate", 2L, "activate", 4L, "refKeep", 6L,
                "priority", 12));
        t.mmVmscanLruShrinkActive(0, 64, 10, 50, 4, 11, false);
        expected.add(event(EventNames.SHRINK_ACTIVE, "node", 0, "lru", "anon", "taken", 64L, "active", 10L,
                "deactivated", 50L, "referenced", 4L, "priority", 11));
        t.mmVmscanWriteFolio(pfn);
        expected.add(event(EventNames.RECLAIM_WRITE_FOLIO, "pfn", pfn, "physAddr", phys, "node", 0, "zone", "DMA32"));
        t.markVictim(1234, "java", 1_000_000, 500_000, 200_000, 10_000, Gfp.GFP_HIGHUSER_MOVABLE, 0,
                "Out of memory: Killed process 1234 (java)");
        expected.add(event(EventNames.OOM, "pid", 1234, "comm", "java", "totalVm", 1_000_000L << 10,
                "anonRss", 500_000L << 10, "fileRss", 200_000L << 10, "shmemRss", 10_000L << 10,
                "gfpFlags", "GFP_HIGHUSER_MOVABLE", "order", 0, "report", "Out of memory: Killed process 1234 (java)"));
        long cpu = 0xffff888001000000L;
        long bus = 0x1000000L;
        t.dmaAlloc(NIC, cpu, bus, 8192, Gfp.GFP_KERNEL);
        expected.add(event(EventNames.DMA_ALLOC, "device", NIC, "cpuAddr", cpu, "dmaAddr", bus, "size", 8192L,
                "gfpFlags", "GFP_KERNEL"));
        t.dmaFree(NIC, cpu, bus, 8192);
        expected.add(event(EventNames.DMA_FREE, "device", NIC, "cpuAddr", cpu, "dmaAddr", bus, "size", 8192L));
        t.dmaMapPhys(NIC, phys, bus, 4096, 1);
        expected.add(event(EventNames.DMA_MAP, "device", NIC, "physAddr", phys, "dmaAddr", bus, "size", 4096L,
                "direction", "TO_DEVICE"));
        t.dmaUnmapPhys(NIC, bus, 4096, 1);
        expected.add(event(EventNames.DMA_UNMAP, "device", NIC, "dmaAddr", bus, "size", 4096L,
                "direction", "TO_DEVICE"));
        t.dmaMapSg(NIC, 4, 2, 16384, 2);
        expected.add(event(EventNames.DMA_MAP_SG, "device", NIC, "nents", 4, "mappedEnts", 2, "size", 16384L,
                "direction", "FROM_DEVICE"));
        t.dmaUnmapSg(NIC, 4, 2);
        expected.add(event(EventNames.DMA_UNMAP_SG, "device", NIC, "nents", 4, "direction", "FROM_DEVICE"));
        t.dmaSyncSingleForCpu(NIC, bus, 4096, 2, 64);
        expected.add(event(EventNames.DMA_SYNC, "device", NIC, "dmaAddr", bus, "size", 4096L,
                "direction", "FROM_DEVICE", "syncFor", "cpu", "cacheLines", 64L));
        t.dmaSyncSingleForDevice(NIC, bus, 4096, 1, 0);
        expected.add(event(EventNames.DMA_SYNC, "syncFor", "device", "direction", "TO_DEVICE", "cacheLines", 0L));
        t.swiotlbBounced(NIC, 0x1_2000_0000L, 1500);
        expected.add(event(EventNames.SWIOTLB_BOUNCE, "device", NIC, "dmaAddr", 0x1_2000_0000L, "size", 1500L));
        String misuse = "DMA-API: " + NIC + ": device driver tries to free DMA memory it has not allocated";
        t.dmaDebugError(NIC, misuse);
        expected.add(event(EventNames.DMA_DEBUG_ERROR, "device", NIC, "message", misuse));
    }

    /** The workload events as the agent commits them: fields set, then commit(). */
    private void workload() {
        FileWrite w = new FileWrite();
        w.ino = 12;
        w.path = "/data/app.log";
        w.offset = 8192;
        w.length = 4096;
        w.throttle = 1_500_000;
        w.thread = Thread.currentThread();
        w.commit();
        expected.add(event(EventNames.FILE_WRITE, "ino", 12L, "path", "/data/app.log", "offset", 8192L,
                "length", 4096L, "throttle", 1_500_000L));
        FileRead rd = new FileRead();
        rd.ino = 12;
        rd.path = "/data/app.log";
        rd.offset = 0;
        rd.length = 100;
        rd.ioWait = 250_000;
        rd.commit();
        expected.add(event(EventNames.FILE_READ, "ino", 12L, "offset", 0L, "length", 100L, "ioWait", 250_000L));
        FileSync s = new FileSync();
        s.ino = 12;
        s.path = "/data/app.log";
        s.dataOnly = true;
        s.ioWait = 3_000_000;
        s.commit();
        expected.add(event(EventNames.FILE_SYNC, "ino", 12L, "dataOnly", true, "ioWait", 3_000_000L));
        FileTruncate tr = new FileTruncate();
        tr.ino = 12;
        tr.path = "/data/app.log";
        tr.length = 4096;
        tr.commit();
        expected.add(event(EventNames.FILE_TRUNCATE, "ino", 12L, "length", 4096L));
        FileMap map = new FileMap();
        map.ino = 13;
        map.path = "/data/index.bin";
        map.offset = 0;
        map.length = 1 << 20;
        map.mapping = 7;
        map.commit();
        expected.add(event(EventNames.FILE_MAP, "ino", 13L, "path", "/data/index.bin", "length", 1L << 20,
                "mapping", 7L));
        FileUnmap unmap = new FileUnmap();
        unmap.ino = 13;
        unmap.path = "/data/index.bin";
        unmap.length = 1 << 20;
        unmap.mapping = 7;
        unmap.commit();
        expected.add(event(EventNames.FILE_UNMAP, "ino", 13L, "mapping", 7L));
        FileDelete del = new FileDelete();
        del.ino = 12;
        del.path = "/data/app.log";
        del.commit();
        expected.add(event(EventNames.FILE_DELETE, "ino", 12L, "path", "/data/app.log"));
        DirectBufferAlloc da = new DirectBufferAlloc();
        da.address = 0x7f00_0000_0000L;
        da.capacity = 65536;
        da.mapping = 8;
        da.commit();
        expected.add(event(EventNames.DIRECT_BUFFER_ALLOC, "address", 0x7f00_0000_0000L, "capacity", 65536L,
                "mapping", 8L));
        DirectBufferFree df = new DirectBufferFree();
        df.address = 0x7f00_0000_0000L;
        df.capacity = 65536;
        df.mapping = 8;
        df.commit();
        expected.add(event(EventNames.DIRECT_BUFFER_FREE, "capacity", 65536L, "mapping", 8L));
        SocketWrite sw = new SocketWrite();
        sw.remote = "127.0.0.1:8080";
        sw.length = 1500;
        sw.device = NIC;
        sw.commit();
        expected.add(event(EventNames.SOCKET_WRITE, "remote", "127.0.0.1:8080", "length", 1500L, "device", NIC));
        SocketRead sr = new SocketRead();
        sr.remote = "127.0.0.1:8080";
        sr.length = 512;
        sr.device = NIC;
        sr.commit();
        expected.add(event(EventNames.SOCKET_READ, "remote", "127.0.0.1:8080", "length", 512L));
        Sync sync = new Sync();
        sync.source = "jmx";
        sync.commit();
        expected.add(event(EventNames.SYNC, "source", "jmx"));
        DropCaches dc = new DropCaches();
        dc.mode = 3;
        dc.source = "cli";
        dc.commit();
        expected.add(event(EventNames.DROP_CACHES, "mode", 3, "source", "cli"));
    }

    private void snapshots() {
        machine.vmStat.refresh();
        MemInfoSnapshot mem = MemInfo.capture(machine);
        PhysmemJfr.commitSnapshots(machine);
        expected.add(event(EventNames.MEM_INFO, "memTotal", mem.get(MemInfoField.MEM_TOTAL) << 10,
                "memFree", mem.get(MemInfoField.MEM_FREE) << 10, "hugepagesTotal", 0L, "directMap", true));
        expected.add(event(EventNames.VM_STAT, "nr_free_pages", VmStatFile.capture(machine).get("nr_free_pages"),
                "nr_dirty_threshold", VmStatFile.capture(machine).get("nr_dirty_threshold")));
        expected.add(event(EventNames.VM_EVENTS, "pgalloc_dma32", VmStatFile.capture(machine).get("pgalloc_dma32"),
                "pgfree", VmStatFile.capture(machine).get("pgfree")));
        Zone dma32 = machine.zone(0, ZoneType.ZONE_DMA32);
        expected.add(event(EventNames.ZONE_INFO, "node", 0, "zone", "DMA32", "populated", true,
                "managed", dma32.managedPages() << 12, "min", dma32.minWmarkPages() << 12,
                "startPfn", (long) dma32.zoneStartPfn, "nr_free_pages", machine.vmStat.zonePageState(dma32, 0)));
        expected.add(event(EventNames.ZONE_INFO, "node", 0, "zone", "Movable", "populated", false));
        expected.add(event(EventNames.NODE_STAT, "node", 0));
        expected.add(event(EventNames.PER_CPU_PAGES, "node", 0, "zone", "DMA32", "cpu", 1,
                "batch", dma32.pageset[1].batch, "high", dma32.pageset[1].high));
        expected.add(event(EventNames.BUDDY_INFO, "node", 0, "zone", "DMA32", "migrateType", "Movable",
                "order10", dma32.freeArea.count(10, MigrateType.MIGRATE_MOVABLE)));
        expected.add(event(EventNames.PAGE_TYPES, "row", 0));
        expected.add(event(EventNames.DMA_DEVICE, "device", machine.dma.blockDevice.name, "driver",
                machine.dma.blockDevice.driver, "coherent", true, "coherentBytes", 0L, "liveMappings", 0L));
        expected.add(event(EventNames.DMA_STATE, "liveMappings", machine.dma.liveMappings(), "swiotlbSlots",
                machine.dma.stats().swiotlbSlots(), "bounces", 0L, "cleanLines", 0L, "errors", 0L));
    }

    /** Order-10 blocks until there are none: the last request fails and warn_alloc reports it. */
    private void allocationFailure() {
        List<Integer> held = new ArrayList<>();
        int pfn;
        while ((pfn = machine.pageAlloc.allocPages(Gfp.GFP_KERNEL, Mm.MAX_PAGE_ORDER)) != MemMap.NONE) {
            held.add(pfn);
        }
        assertThat(machine.pageAlloc.allocFailures()).isEqualTo(1);
        expected.add(event(EventNames.ALLOC_FAILURE, "order", 10, "size", 4L << 20, "gfpFlags", "GFP_KERNEL",
                "gfp", Gfp.GFP_KERNEL, "node", 0));
        for (int p : held) {
            machine.pageAlloc.freePages(p, Mm.MAX_PAGE_ORDER);
        }
        MemoryInvariants.check(machine);
    }

    /** Freeing a page that is still mapped: "BUG: Bad page state", which a strict machine throws. */
    private void badPage() {
        int pfn = machine.pageAlloc.allocPages(Gfp.GFP_KERNEL, 0);
        machine.memMap.setMapcountWord(pfn, 0);
        assertThatThrownBy(() -> machine.pageAlloc.freePages(pfn, 0)).isInstanceOf(KernelBugException.class)
                .hasMessageContaining("BUG: Bad page state");
        expected.add(event(EventNames.BAD_PAGE_STATE, "pfn", pfn, "physAddr", (long) pfn << 12, "reason",
                "nonzero mapcount", "node", 0, "zone", ZoneType.name(machine.memMap.zoneIdx(pfn))));
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
