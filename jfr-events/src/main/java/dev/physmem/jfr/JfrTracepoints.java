package dev.physmem.jfr;

import dev.physmem.jfr.events.AllocExtfrag;
import dev.physmem.jfr.events.AllocFailure;
import dev.physmem.jfr.events.BadPageState;
import dev.physmem.jfr.events.Compaction;
import dev.physmem.jfr.events.DirectReclaim;
import dev.physmem.jfr.events.DirtyState;
import dev.physmem.jfr.events.DirtyThrottle;
import dev.physmem.jfr.events.DmaAlloc;
import dev.physmem.jfr.events.DmaDebugError;
import dev.physmem.jfr.events.DmaFree;
import dev.physmem.jfr.events.DmaMap;
import dev.physmem.jfr.events.DmaMapSg;
import dev.physmem.jfr.events.DmaSync;
import dev.physmem.jfr.events.DmaUnmap;
import dev.physmem.jfr.events.DmaUnmapSg;
import dev.physmem.jfr.events.FlusherWake;
import dev.physmem.jfr.events.FileFolioEvent;
import dev.physmem.jfr.events.FolioDirty;
import dev.physmem.jfr.events.FolioWriteback;
import dev.physmem.jfr.events.KswapdSleep;
import dev.physmem.jfr.events.KswapdWake;
import dev.physmem.jfr.events.KswapdWakeup;
import dev.physmem.jfr.events.Oom;
import dev.physmem.jfr.events.PageAlloc;
import dev.physmem.jfr.events.PageCacheAdd;
import dev.physmem.jfr.events.PageCacheDelete;
import dev.physmem.jfr.events.PageCacheFolioEvent;
import dev.physmem.jfr.events.PageFree;
import dev.physmem.jfr.events.ReclaimWriteFolio;
import dev.physmem.jfr.events.ShrinkActive;
import dev.physmem.jfr.events.ShrinkInactive;
import dev.physmem.jfr.events.SwiotlbBounce;
import dev.physmem.jfr.events.SysctlChange;
import dev.physmem.jfr.events.Writeback;
import dev.physmem.jfr.events.WritebackQueue;
import dev.physmem.jfr.events.ZoneWatermarks;
import dev.physmem.model.Mm;
import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.alloc.MigrateType;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.mmzone.ZoneType;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.trace.Tracepoints;
import java.util.concurrent.atomic.AtomicReferenceArray;
import jdk.jfr.FlightRecorder;

/**
 * The model's tracepoints as JFR events. Each method builds its event, asks JFR whether the event is
 * enabled (one load and a branch when it is not: the JIT removes the allocation), and only then
 * fills and commits it. {@code isEnabled()} rather than {@code shouldCommit()} guards them, because
 * JFR evaluates custom settings ({@code ratelimit}) in both. The per-page tracepoints, which sit on
 * the allocator's and the page cache's fast paths, keep only that check in the method the JIT
 * inlines there and fill the event out of line.
 *
 * <p>Events about a page frame name its node and zone from the machine's mem_map, so the adapter must
 * be {@link #attach attached} to the machine once it has booted (the model fires no per-frame
 * tracepoint during boot). Until then those fields stay empty.
 */
public final class JfrTracepoints implements Tracepoints {
    private volatile MemMap memMap;
    /** The KswapdSleep of each node, begun when its kswapd woke. */
    private final AtomicReferenceArray<KswapdSleep> kswapdRunning =
            new AtomicReferenceArray<>(MachineConfig.MAX_NODES);
    private static final ThreadLocal<DirectReclaim> DIRECT_RECLAIM = new ThreadLocal<>();
    private static final ThreadLocal<Compaction> COMPACTION = new ThreadLocal<>();
    private static final ThreadLocal<Writeback> WRITEBACK = new ThreadLocal<>();

    JfrTracepoints() {}

    /** Lets events name the node and zone of a page frame. Call once {@link Machine#boot} returned. */
    public void attach(Machine machine) {
        if (machine.trace != this) {
            throw new IllegalArgumentException("the machine was booted with other tracepoints");
        }
        this.memMap = machine.memMap;
    }

    /*
     * Per-page tracepoints (page alloc/free, page cache, folio dirty/writeback) ask a throwaway instance
     * whether the event is on, which the JIT removes, and build the real one out of line: the hot
     * method stays small enough to inline and allocates nothing while the event is off.
     */

    /**
     * JFR is not set up: nothing can record, and the first event class loaded would cost a sixth of a
     * second (JFR's metadata and class-file tooling) on whichever thread hit a tracepoint first.
     */
    private static boolean jfrDown() {
        return !FlightRecorder.isInitialized();
    }

    private static long bytes(long pages) {
        return pages << Mm.PAGE_SHIFT;
    }

    private String zoneOf(int pfn) {
        MemMap mm = memMap;
        return mm != null && mm.pfnValid(pfn) ? ZoneType.name(mm.zoneIdx(pfn)) : null;
    }

    private int nodeOf(int pfn) {
        MemMap mm = memMap;
        return mm != null && mm.pfnValid(pfn) ? mm.nid(pfn) : -1;
    }

    // ---- kmem.h ----

    @Override
    public void mmPageAlloc(int pfn, int order, int gfp, int migratetype) {
        if (jfrDown()) {
            return;
        }
        if (new PageAlloc().isEnabled()) {
            pageAlloc(pfn, order, gfp, migratetype);
        }
    }

    private void pageAlloc(int pfn, int order, int gfp, int migratetype) {
        PageAlloc e = new PageAlloc();
        e.pfn = pfn;
        e.order = order;
        e.size = bytes(1L << order);
        e.physAddr = Mm.pfnToPhys(pfn);
        e.gfpFlags = Gfp.format(gfp);
        e.gfp = gfp;
        e.migrateType = MigrateType.name(migratetype);
        e.node = nodeOf(pfn);
        e.zone = zoneOf(pfn);
        e.commit();
    }

    @Override
    public void mmPageFree(int pfn, int order) {
        if (jfrDown()) {
            return;
        }
        if (new PageFree().isEnabled()) {
            pageFree(pfn, order);
        }
    }

    private void pageFree(int pfn, int order) {
        PageFree e = new PageFree();
        e.pfn = pfn;
        e.order = order;
        e.size = bytes(1L << order);
        e.physAddr = Mm.pfnToPhys(pfn);
        MemMap mm = memMap;
        if (mm != null && mm.pfnValid(pfn)) {
            e.migrateType = MigrateType.name(mm.pageblockMigratetype(pfn));
        }
        e.node = nodeOf(pfn);
        e.zone = zoneOf(pfn);
        e.commit();
    }

    @Override
    public void mmPageAllocExtfrag(int pfn, int allocOrder, int fallbackOrder, int allocMigratetype,
                                   int fallbackMigratetype, boolean changeOwnership) {
        if (jfrDown()) {
            return;
        }
        AllocExtfrag e = new AllocExtfrag();
        if (e.isEnabled()) {
            e.pfn = pfn;
            e.physAddr = Mm.pfnToPhys(pfn);
            e.allocOrder = allocOrder;
            e.fallbackOrder = fallbackOrder;
            e.allocMigrateType = MigrateType.name(allocMigratetype);
            e.fallbackMigrateType = MigrateType.name(fallbackMigratetype);
            e.changeOwnership = changeOwnership;
            e.node = nodeOf(pfn);
            e.zone = zoneOf(pfn);
            e.commit();
        }
    }

    @Override
    public void mmSetupPerZoneWmarks(int nid, String zone, long min, long low, long high, long promo) {
        if (jfrDown()) {
            return;
        }
        ZoneWatermarks e = new ZoneWatermarks();
        if (e.isEnabled()) {
            e.node = nid;
            e.zone = zone;
            e.min = bytes(min);
            e.low = bytes(low);
            e.high = bytes(high);
            e.promo = bytes(promo);
            e.commit();
        }
    }

    @Override
    public void warnAlloc(int gfp, int order, int preferredNid, String report) {
        if (jfrDown()) {
            return;
        }
        AllocFailure e = new AllocFailure();
        if (e.isEnabled()) {
            e.order = order;
            e.size = bytes(1L << order);
            e.gfpFlags = Gfp.format(gfp);
            e.gfp = gfp;
            e.node = preferredNid;
            e.report = report;
            e.commit();
        }
    }

    @Override
    public void badPage(int pfn, String reason, String report) {
        if (jfrDown()) {
            return;
        }
        BadPageState e = new BadPageState();
        if (e.isEnabled()) {
            e.pfn = pfn;
            e.physAddr = Mm.pfnToPhys(pfn);
            e.reason = reason;
            e.report = report;
            e.node = nodeOf(pfn);
            e.zone = zoneOf(pfn);
            e.commit();
        }
    }

    // ---- filemap.h ----

    @Override
    public void mmFilemapAddToPageCache(int pfn, int dev, long ino, long index, int order) {
        if (jfrDown()) {
            return;
        }
        if (new PageCacheAdd().isEnabled()) {
            commitPageCache(new PageCacheAdd(), pfn, dev, ino, index, order);
        }
    }

    @Override
    public void mmFilemapDeleteFromPageCache(int pfn, int dev, long ino, long index, int order) {
        if (jfrDown()) {
            return;
        }
        if (new PageCacheDelete().isEnabled()) {
            commitPageCache(new PageCacheDelete(), pfn, dev, ino, index, order);
        }
    }

    private static void commitPageCache(PageCacheFolioEvent e, int pfn, int dev, long ino, long index, int order) {
        e.pfn = pfn;
        e.physAddr = Mm.pfnToPhys(pfn);
        e.device = TraceDecode.dev(dev);
        e.ino = ino;
        e.index = index;
        e.offset = bytes(index);
        e.order = order;
        e.size = bytes(1L << order);
        e.commit();
    }

    // ---- writeback.h ----

    @Override
    public void writebackDirtyFolio(int pfn, int dev, long ino, long index, int nrPages) {
        if (jfrDown()) {
            return;
        }
        if (new FolioDirty().isEnabled()) {
            commitFileFolio(new FolioDirty(), pfn, dev, ino, index, nrPages);
        }
    }

    @Override
    public void wbcWritepage(int pfn, int dev, long ino, long index, int nrPages, int reason) {
        if (jfrDown()) {
            return;
        }
        if (new FolioWriteback().isEnabled()) {
            FolioWriteback e = new FolioWriteback();
            e.reason = TraceDecode.wbReason(reason);
            commitFileFolio(e, pfn, dev, ino, index, nrPages);
        }
    }

    private static void commitFileFolio(FileFolioEvent e, int pfn, int dev, long ino, long index, int nrPages) {
        e.pfn = pfn;
        e.device = TraceDecode.dev(dev);
        e.ino = ino;
        e.index = index;
        e.offset = bytes(index);
        e.pages = nrPages;
        e.size = bytes(nrPages);
        e.commit();
    }

    @Override
    public void writebackQueue(String bdi, int reason, long nrPages, boolean syncAll) {
        if (jfrDown()) {
            return;
        }
        WritebackQueue e = new WritebackQueue();
        if (e.isEnabled()) {
            e.device = bdi;
            e.reason = TraceDecode.wbReason(reason);
            e.pages = nrPages;
            e.syncAll = syncAll;
            e.commit();
        }
    }

    @Override
    public void writebackWakeBackground(String bdi) {
        if (jfrDown()) {
            return;
        }
        FlusherWake e = new FlusherWake();
        if (e.isEnabled()) {
            e.device = bdi;
            e.commit();
        }
    }

    /** Begins the work's event on the flusher's thread; {@link #writebackWritten} ends it there. */
    @Override
    public void writebackStart(String bdi, int reason, long nrPages) {
        if (jfrDown()) {
            return;
        }
        Writeback e = new Writeback();
        if (e.isEnabled()) {
            e.begin();
            WRITEBACK.set(e);
        }
    }

    @Override
    public void writebackWritten(String bdi, int reason, long startNanos, long nrPages, long nrInodes) {
        if (jfrDown()) {
            return;
        }
        Writeback e = WRITEBACK.get();
        if (e != null) {
            WRITEBACK.remove();
        } else {
            e = new Writeback();
            if (!e.isEnabled()) {
                return;
            }
        }
        e.device = bdi;
        e.reason = TraceDecode.wbReason(reason);
        e.pages = nrPages;
        e.size = bytes(nrPages);
        e.inodes = nrInodes;
        e.commit();
    }

    @Override
    public void globalDirtyState(long nrDirty, long nrWriteback, long backgroundThresh, long dirtyThresh,
                                 long dirtyLimit, long nrDirtied, long nrWritten) {
        if (jfrDown()) {
            return;
        }
        DirtyState e = new DirtyState();
        if (e.isEnabled()) {
            e.dirty = bytes(nrDirty);
            e.writeback = bytes(nrWriteback);
            e.backgroundThresh = bytes(backgroundThresh);
            e.dirtyThresh = bytes(dirtyThresh);
            e.dirtyLimit = bytes(dirtyLimit);
            e.dirtied = nrDirtied;
            e.written = nrWritten;
            e.commit();
        }
    }

    /** Recorded only when the writer is paused: the calls that let it through are the common case. */
    @Override
    public void balanceDirtyPages(String bdi, long thresh, long bgThresh, long limit, long setpoint, long dirty,
                                  long taskRatelimit, long dirtied, long periodNanos, long pauseNanos) {
        if (jfrDown()) {
            return;
        }
        if (pauseNanos <= 0) {
            return;
        }
        DirtyThrottle e = new DirtyThrottle();
        if (e.isEnabled()) {
            e.device = bdi;
            e.pause = pauseNanos;
            e.period = periodNanos;
            e.dirty = bytes(dirty);
            e.thresh = bytes(thresh);
            e.bgThresh = bytes(bgThresh);
            e.limit = bytes(limit);
            e.setpoint = bytes(setpoint);
            // KBps(): pages per second to KB per second, as the tracepoint prints it.
            e.taskRatelimit = taskRatelimit << (Mm.PAGE_SHIFT - 10);
            e.dirtied = bytes(dirtied);
            e.commit();
        }
    }

    // ---- vmscan.h, oom.h ----

    @Override
    public void mmVmscanWakeupKswapd(int nid, int zoneIdx, int order, int gfp) {
        if (jfrDown()) {
            return;
        }
        KswapdWakeup e = new KswapdWakeup();
        if (e.isEnabled()) {
            e.node = nid;
            e.zone = ZoneType.name(zoneIdx);
            e.order = order;
            e.gfpFlags = Gfp.format(gfp);
            e.gfp = gfp;
            e.commit();
        }
    }

    /** Also begins the node's KswapdSleep, so that event spans the whole run. */
    @Override
    public void mmVmscanKswapdWake(int nid, int zoneIdx, int order) {
        if (jfrDown()) {
            return;
        }
        KswapdWake e = new KswapdWake();
        if (e.isEnabled()) {
            e.node = nid;
            e.zone = ZoneType.name(zoneIdx);
            e.order = order;
            e.commit();
        }
        KswapdSleep sleep = new KswapdSleep();
        if (sleep.isEnabled()) {
            sleep.begin();
            kswapdRunning.set(nid, sleep);
        }
    }

    @Override
    public void mmVmscanKswapdSleep(int nid) {
        if (jfrDown()) {
            return;
        }
        KswapdSleep e = kswapdRunning.getAndSet(nid, null);
        if (e == null) {
            e = new KswapdSleep();
            if (!e.isEnabled()) {
                return;
            }
        }
        e.node = nid;
        e.commit();
    }

    @Override
    public void mmVmscanDirectReclaimBegin(int order, int gfp) {
        if (jfrDown()) {
            return;
        }
        DirectReclaim e = new DirectReclaim();
        if (e.isEnabled()) {
            e.begin();
            e.order = order;
            e.gfpFlags = Gfp.format(gfp);
            e.gfp = gfp;
            DIRECT_RECLAIM.set(e);
        }
    }

    @Override
    public void mmVmscanDirectReclaimEnd(long startNanos, long nrReclaimed) {
        if (jfrDown()) {
            return;
        }
        DirectReclaim e = DIRECT_RECLAIM.get();
        if (e != null) {
            DIRECT_RECLAIM.remove();
            e.reclaimed = nrReclaimed;
            e.commit();
        }
    }

    @Override
    public void mmCompactionBegin(int nid, String zone, long zoneStart, long migratePfn, long freePfn, long zoneEnd,
                                  boolean sync) {
        if (jfrDown()) {
            return;
        }
        Compaction e = new Compaction();
        if (e.isEnabled()) {
            e.begin();
            COMPACTION.set(e);
        }
    }

    @Override
    public void mmCompactionEnd(int nid, String zone, long zoneStart, long migratePfn, long freePfn, long zoneEnd,
                                boolean sync, String status, long startNanos, long migrateScanned, long freeScanned,
                                long nrMigrated, long nrFailed) {
        Compaction e = COMPACTION.get();
        if (e != null) {
            COMPACTION.remove();
            e.node = nid;
            e.zone = zone;
            e.zoneStart = zoneStart;
            e.zoneEnd = zoneEnd;
            e.migratePfn = migratePfn;
            e.freePfn = freePfn;
            e.migrateScanned = migrateScanned;
            e.freeScanned = freeScanned;
            e.migrated = nrMigrated;
            e.failed = nrFailed;
            e.status = status;
            e.commit();
        }
    }

    @Override
    public void mmVmscanLruShrinkInactive(int nid, long nrScanned, long nrReclaimed, long nrDirty,
                                          long nrWriteback, long nrCongested, long nrImmediate,
                                          long nrActivate, long nrRefKeep, int priority, boolean file) {
        if (jfrDown()) {
            return;
        }
        ShrinkInactive e = new ShrinkInactive();
        if (e.isEnabled()) {
            e.node = nid;
            e.lru = TraceDecode.lru(file);
            e.scanned = nrScanned;
            e.reclaimed = nrReclaimed;
            e.dirty = nrDirty;
            e.writeback = nrWriteback;
            e.congested = nrCongested;
            e.immediate = nrImmediate;
            e.activate = nrActivate;
            e.refKeep = nrRefKeep;
            e.priority = priority;
            e.commit();
        }
    }

    @Override
    public void mmVmscanLruShrinkActive(int nid, long nrTaken, long nrActive, long nrDeactivated,
                                        long nrReferenced, int priority, boolean file) {
        if (jfrDown()) {
            return;
        }
        ShrinkActive e = new ShrinkActive();
        if (e.isEnabled()) {
            e.node = nid;
            e.lru = TraceDecode.lru(file);
            e.taken = nrTaken;
            e.active = nrActive;
            e.deactivated = nrDeactivated;
            e.referenced = nrReferenced;
            e.priority = priority;
            e.commit();
        }
    }

    @Override
    public void mmVmscanWriteFolio(int pfn) {
        if (jfrDown()) {
            return;
        }
        if (new ReclaimWriteFolio().isEnabled()) {
            reclaimWriteFolio(pfn);
        }
    }

    private void reclaimWriteFolio(int pfn) {
        ReclaimWriteFolio e = new ReclaimWriteFolio();
        e.pfn = pfn;
        e.physAddr = Mm.pfnToPhys(pfn);
        e.node = nodeOf(pfn);
        e.zone = zoneOf(pfn);
        e.commit();
    }

    @Override
    public void markVictim(int pid, String comm, long totalVmKb, long anonRssKb, long fileRssKb, long shmemRssKb,
                           int gfp, int order, String report) {
        if (jfrDown()) {
            return;
        }
        Oom e = new Oom();
        if (e.isEnabled()) {
            e.pid = pid;
            e.comm = comm;
            e.totalVm = totalVmKb << 10;
            e.anonRss = anonRssKb << 10;
            e.fileRss = fileRssKb << 10;
            e.shmemRss = shmemRssKb << 10;
            e.gfpFlags = Gfp.format(gfp);
            e.gfp = gfp;
            e.order = order;
            e.report = report;
            e.commit();
        }
    }

    /** No victim: an Oom event without a process (pid 0), carrying the kernel's report. */
    @Override
    public void oomNoVictim(int gfp, int order, String report) {
        if (jfrDown()) {
            return;
        }
        markVictim(0, "", 0, 0, 0, 0, gfp, order, report);
    }

    // ---- dma.h, swiotlb.h, kernel/dma/debug.c ----

    @Override
    public void dmaAlloc(String dev, long cpuAddr, long dmaAddr, long size, int gfp) {
        if (jfrDown()) {
            return;
        }
        DmaAlloc e = new DmaAlloc();
        if (e.isEnabled()) {
            e.device = dev;
            e.cpuAddr = cpuAddr;
            e.dmaAddr = dmaAddr;
            e.size = size;
            e.gfpFlags = Gfp.format(gfp);
            e.gfp = gfp;
            e.commit();
        }
    }

    @Override
    public void dmaFree(String dev, long cpuAddr, long dmaAddr, long size) {
        if (jfrDown()) {
            return;
        }
        DmaFree e = new DmaFree();
        if (e.isEnabled()) {
            e.device = dev;
            e.cpuAddr = cpuAddr;
            e.dmaAddr = dmaAddr;
            e.size = size;
            e.commit();
        }
    }

    @Override
    public void dmaMapPhys(String dev, long physAddr, long dmaAddr, long size, int dir) {
        if (jfrDown()) {
            return;
        }
        DmaMap e = new DmaMap();
        if (e.isEnabled()) {
            e.device = dev;
            e.physAddr = physAddr;
            e.dmaAddr = dmaAddr;
            e.size = size;
            e.direction = TraceDecode.dmaDirection(dir);
            e.commit();
        }
    }

    @Override
    public void dmaUnmapPhys(String dev, long dmaAddr, long size, int dir) {
        if (jfrDown()) {
            return;
        }
        DmaUnmap e = new DmaUnmap();
        if (e.isEnabled()) {
            e.device = dev;
            e.dmaAddr = dmaAddr;
            e.size = size;
            e.direction = TraceDecode.dmaDirection(dir);
            e.commit();
        }
    }

    @Override
    public void dmaMapSg(String dev, int nents, int mappedEnts, long totalSize, int dir) {
        if (jfrDown()) {
            return;
        }
        DmaMapSg e = new DmaMapSg();
        if (e.isEnabled()) {
            e.device = dev;
            e.nents = nents;
            e.mappedEnts = mappedEnts;
            e.size = totalSize;
            e.direction = TraceDecode.dmaDirection(dir);
            e.commit();
        }
    }

    @Override
    public void dmaUnmapSg(String dev, int nents, int dir) {
        if (jfrDown()) {
            return;
        }
        DmaUnmapSg e = new DmaUnmapSg();
        if (e.isEnabled()) {
            e.device = dev;
            e.nents = nents;
            e.direction = TraceDecode.dmaDirection(dir);
            e.commit();
        }
    }

    @Override
    public void dmaSyncSingleForCpu(String dev, long dmaAddr, long size, int dir, long cacheLines) {
        if (jfrDown()) {
            return;
        }
        dmaSync(dev, dmaAddr, size, dir, cacheLines, "cpu");
    }

    @Override
    public void dmaSyncSingleForDevice(String dev, long dmaAddr, long size, int dir, long cacheLines) {
        if (jfrDown()) {
            return;
        }
        dmaSync(dev, dmaAddr, size, dir, cacheLines, "device");
    }

    private static void dmaSync(String dev, long dmaAddr, long size, int dir, long cacheLines, String syncFor) {
        DmaSync e = new DmaSync();
        if (e.isEnabled()) {
            e.device = dev;
            e.dmaAddr = dmaAddr;
            e.size = size;
            e.direction = TraceDecode.dmaDirection(dir);
            e.syncFor = syncFor;
            e.cacheLines = cacheLines;
            e.commit();
        }
    }

    @Override
    public void swiotlbBounced(String dev, long dmaAddr, long size) {
        if (jfrDown()) {
            return;
        }
        SwiotlbBounce e = new SwiotlbBounce();
        if (e.isEnabled()) {
            e.device = dev;
            e.dmaAddr = dmaAddr;
            e.size = size;
            e.commit();
        }
    }

    @Override
    public void dmaDebugError(String dev, String message) {
        if (jfrDown()) {
            return;
        }
        DmaDebugError e = new DmaDebugError();
        if (e.isEnabled()) {
            e.device = dev;
            e.message = message;
            e.commit();
        }
    }

    // ---- configuration ----

    @Override
    public void sysctlChange(String name, String oldValue, String newValue, String source) {
        if (jfrDown()) {
            return;
        }
        SysctlChange e = new SysctlChange();
        if (e.isEnabled()) {
            e.name = name;
            e.oldValue = oldValue;
            e.newValue = newValue;
            e.source = source;
            e.commit();
        }
    }
}
