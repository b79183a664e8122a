package dev.physmem.model.dma;

import dev.physmem.model.Mm;
import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.alloc.PageAlloc;
import dev.physmem.model.cpu.Cpus;
import dev.physmem.model.machine.Arch;
import dev.physmem.model.machine.Memblock;
import dev.physmem.model.page.Folios;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.time.Scheduler;
import dev.physmem.model.trace.Tracepoints;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The DMA API (kernel/dma/mapping.c, include/linux/dma-mapping.h) of a simulated machine, reached as
 * {@code machine.dma}: coherent allocations, streaming mappings of single buffers, pages and
 * scatterlists, the syncs that hand a buffer between CPU and device, and {@code dma_mapping_error()}.
 * Every call goes to {@link DmaDirect} (no IOMMU), is traced where the kernel traces it, and is
 * checked by {@link DmaDebug}.
 *
 * <p>A streaming mapping holds a reference on the folio it maps ({@code folio_try_get} at map,
 * {@code folio_put} at unmap): the seed's "a driver doing DMA with the page: +1", so a page cannot be
 * freed while a device may still write it. A coherent allocation's pages hold their allocation
 * reference until {@code dma_free_coherent()}. (The kernel leaves the streaming reference to the
 * caller, the bio or the skb; the simulator takes it here so every DMA user gets it right.)
 *
 * <p>The simulated hardware side: {@link #deviceReads}/{@link #deviceWrites} are what a device does
 * through a bus address, {@link #cpuReads}/{@link #cpuWrites} what the CPU does through its own
 * address; {@link CpuView} checks they see each other's data only when the API says they may.
 *
 * <p>Writeback and reads use it as a block driver would:
 * <pre>{@code
 * long h = dma.dmaMapPage(dma.blockDevice, folio, 0, folioSize, DMA_TO_DEVICE);  // +1 on the folio
 * if (dma.dmaMappingError(dma.blockDevice, h)) { ... fail the bio ... }
 * dma.deviceReads(dma.blockDevice, h, folioSize);                                   // the disk fetches it
 * dma.dmaUnmapPage(dma.blockDevice, h, folioSize, DMA_TO_DEVICE);                  // -1 at I/O completion
 * }</pre>
 * A read maps DMA_FROM_DEVICE and the disk {@link #deviceWrites} before the unmap. On x86 the pair
 * costs a pooled dma-debug entry and allocates nothing; on arm64 it also counts the cache lines the
 * block device (not dma-coherent there) needs cleaned and invalidated.
 *
 * <p>Misuse that would corrupt memory in the kernel (freeing a buffer that was never allocated,
 * freeing with the wrong size or function) is reported and then undone according to what really was
 * allocated or mapped, so one driver bug does not cascade into allocator corruption.
 */
public final class DmaMapping {
    /** DMA_MAPPING_ERROR: ~(dma_addr_t)0. */
    public static final long DMA_MAPPING_ERROR = -1L;
    /** -EIO from dma_set_mask() for a mask the platform cannot honour. */
    public static final int EIO = -5;

    public final ArchDma arch;
    public final Swiotlb swiotlb;
    public final DmaDebug debug;
    /**
     * The simulated disk's DMA side ("8:0", driver "sd", 64-bit masks, no segment limit): what writeback
     * and reads map through. Coherent as the architecture decides: always on x86, not on arm64.
     */
    public final Device blockDevice;
    /** The simulated network card ("eth0", driver "e1000e", 64-bit masks): what socket I/O maps through. */
    public final Device netDevice;

    private final Folios folios;
    private final MemMap memMap;
    private final Tracepoints trace;
    private final LinearMap linearMap;
    private final DmaDirect direct;
    private final CpuView cpuView;
    private final long maxPfn;
    private final List<Device> devices = new CopyOnWriteArrayList<>();
    private final DmaWarn warn;
    private final AtomicLong mappingErrors = new AtomicLong();

    public DmaMapping(Arch arch, boolean strict, Memblock memblock, MemMap memMap, Cpus cpus, PageAlloc pageAlloc,
                      Folios folios, Scheduler clock, Tracepoints trace) {
        this.folios = folios;
        this.memMap = memMap;
        this.trace = trace;
        this.maxPfn = memblock.endPfn();
        this.arch = new ArchDma(arch);
        this.linearMap = new LinearMap(arch, memMap);
        this.warn = new DmaWarn(clock, trace);
        this.debug = new DmaDebug(trace, strict, warn);
        this.cpuView = new CpuView(debug);
        this.swiotlb = new Swiotlb(cpus, pageAlloc, this.arch, warn, trace);
        Memblock.Region pool = memblock.region("swiotlb");
        if (pool != null) {
            swiotlb.swiotlbInit(Mm.pfnToPhys(pool.basePfn()), (int) (pool.pages() << (Mm.PAGE_SHIFT - Swiotlb.IO_TLB_SHIFT)));
        }
        this.direct = new DmaDirect(pageAlloc, this.arch, swiotlb, warn);
        boolean coherent = arch.dmaCoherentByDefault();
        this.blockDevice = deviceAdd(new Device("8:0", "sd", 64, coherent));
        blockDevice.setMaxSegmentSize(0xffffffffL); // dma_set_max_seg_size(UINT_MAX): a large folio is one segment
        this.netDevice = deviceAdd(new Device("eth0", "e1000e", 64, coherent));
    }

    /** DMA_BIT_MASK(n). */
    public static long dmaBitMask(int n) {
        return n >= 64 ? -1L : (1L << n) - 1;
    }

    // =====================================================================================
    // Devices and masks
    // =====================================================================================

    /** device_add() and driver bind: the device can now allocate and map. */
    public Device deviceAdd(Device dev) {
        devices.add(dev);
        return dev;
    }

    /**
     * device_del(): the driver lets go (BUS_NOTIFY_UNBOUND_DRIVER) and dma-debug reports whatever it
     * still has allocated or mapped. Returns the number of leaked entries; they stay leaked.
     */
    public int deviceDel(Device dev) {
        try {
            devices.remove(dev);
            return debug.deviceUnbound(dev);
        } finally {
            debug.raise();
        }
    }

    public List<Device> devices() {
        return List.copyOf(devices);
    }

    /** dma_set_mask(): 0, or -EIO when dma_direct_supported() says the platform cannot honour it. */
    public int dmaSetMask(Device dev, long mask) {
        if (!direct.dmaDirectSupported(mask, maxPfn)) {
            return EIO;
        }
        dev.setDmaMask(mask);
        return 0;
    }

    /** dma_set_coherent_mask(). */
    public int dmaSetCoherentMask(Device dev, long mask) {
        if (!direct.dmaDirectSupported(mask, maxPfn)) {
            return EIO;
        }
        dev.setCoherentDmaMask(mask);
        return 0;
    }

    /** dma_set_mask_and_coherent(). */
    public int dmaSetMaskAndCoherent(Device dev, long mask) {
        int rc = dmaSetMask(dev, mask);
        if (rc == 0) {
            dmaSetCoherentMask(dev, mask);
        }
        return rc;
    }

    // =====================================================================================
    // Coherent allocations
    // =====================================================================================

    /**
     * dma_alloc_coherent(): {@code size} rounded up to pages, then to a power-of-two block from the zone
     * the coherent mask reaches, zeroed. The caller's zone modifiers are ignored (dma_alloc_attrs strips
     * them) and __GFP_COMP is refused. Returns null when no suitable memory is left.
     */
    public CoherentBuffer dmaAllocCoherent(Device dev, long size, int gfp) {
        try {
            if ((gfp & Gfp.__GFP_COMP) != 0) {
                direct.warnGfpComp();
                return null;
            }
            gfp &= ~(Gfp.__GFP_DMA | Gfp.__GFP_DMA32 | Gfp.__GFP_HIGHMEM);
            int pfn = size <= 0 ? MemMap.NONE : direct.dmaDirectAlloc(dev, size, gfp);
            long phys = pfn == MemMap.NONE ? 0 : Mm.pfnToPhys(pfn);
            long cpuAddr = pfn == MemMap.NONE ? 0 : linearMap.physToVirt(phys);
            trace.dmaAlloc(dev.name, cpuAddr, phys, size, gfp);
            if (pfn == MemMap.NONE) {
                return null;
            }
            int order = Mm.getOrder(DmaDirect.pageAlign(size));
            DmaDebugEntry e = debug.dmaEntryAlloc();
            e.dev = dev;
            e.type = DmaDebugEntry.TYPE_COHERENT;
            e.paddr = phys;
            e.size = size;
            e.devAddr = phys;
            e.direction = DmaDirection.DMA_BIDIRECTIONAL;
            e.order = order;
            debug.addDmaEntry(e, overlapAllowed());
            dev.addCoherentBytes(memMap.zoneIdx(pfn), (long) Mm.PAGE_SIZE << order);
            return new CoherentBuffer(cpuAddr, phys, size);
        } finally {
            debug.raise();
        }
    }

    /** dma_free_coherent(): the same size, CPU address and handle the allocation returned. */
    public void dmaFreeCoherent(Device dev, long size, long cpuAddr, long dmaHandle) {
        try {
            trace.dmaFree(dev.name, cpuAddr, dmaHandle, size);
            if (cpuAddr == 0) {
                return;
            }
            DmaDebugEntry e = debug.checkUnmap(dev, DmaDebugEntry.TYPE_COHERENT, dmaHandle, size,
                    DmaDirection.DMA_BIDIRECTIONAL, linearMap.virtToPhys(cpuAddr), 0);
            if (e != null) {
                release(e, dmaHandle, size, DmaDirection.DMA_BIDIRECTIONAL);
            }
        } finally {
            debug.raise();
        }
    }

    // =====================================================================================
    // Streaming mappings
    // =====================================================================================

    /**
     * dma_map_single(): a buffer the CPU addresses through the linear map. Returns the bus address, or
     * DMA_MAPPING_ERROR (check it with {@link #dmaMappingError}).
     */
    public long dmaMapSingle(Device dev, long cpuAddr, long size, int dir) {
        try {
            if (!linearMap.virtAddrValid(cpuAddr)) {
                // debug_dma_map_single(); the kernel would go on to map whatever page that is.
                debug.errPrintk(dev, DmaError.MAP_INVALID_AREA, String.format(
                        "device driver maps memory from invalid area [addr=%016x] [len=%d]", cpuAddr, size));
                mappingErrors.incrementAndGet();
                return DMA_MAPPING_ERROR;
            }
            return dmaMapPhys(dev, linearMap.virtToPhys(cpuAddr), size, dir);
        } finally {
            debug.raise();
        }
    }

    /** dma_unmap_single(). */
    public void dmaUnmapSingle(Device dev, long addr, long size, int dir) {
        dmaUnmapPage(dev, addr, size, dir);
    }

    /** dma_map_page(): {@code size} bytes from {@code offset} into page {@code pfn} (a folio's head for a folio). */
    public long dmaMapPage(Device dev, int pfn, long offset, long size, int dir) {
        try {
            return dmaMapPhys(dev, Mm.pfnToPhys(pfn) + offset, size, dir);
        } finally {
            debug.raise();
        }
    }

    /** dma_unmap_page(). */
    public void dmaUnmapPage(Device dev, long addr, long size, int dir) {
        try {
            if (!DmaDirection.valid(dir)) {
                bug(dev, 220);
                return;
            }
            DmaDebugEntry e = debug.checkUnmap(dev, DmaDebugEntry.TYPE_PHY, addr, size, dir, 0, 0);
            trace.dmaUnmapPhys(dev.name, addr, size, dir);
            if (e != null) {
                release(e, addr, size, dir);
            }
        } finally {
            debug.raise();
        }
    }

    /** dma_map_phys(): dma-direct, the trace, then a dma-debug entry holding the folio reference. */
    private long dmaMapPhys(Device dev, long phys, long size, int dir) {
        if (!DmaDirection.valid(dir)) {
            bug(dev, 162);
            return DMA_MAPPING_ERROR;
        }
        long addr = direct.dmaDirectMapPhys(dev, phys, size, dir);
        trace.dmaMapPhys(dev.name, phys, addr, size, dir);
        if (addr == DMA_MAPPING_ERROR) {
            mappingErrors.incrementAndGet();
            return addr;
        }
        DmaDebugEntry e = newMapping(dev, DmaDebugEntry.TYPE_PHY, phys, addr, size, dir);
        e.mapErrType = DmaDebugEntry.MAP_ERR_NOT_CHECKED;
        debug.addDmaEntry(e, overlapAllowed());
        return addr;
    }

    /**
     * dma_map_sg(): every entry mapped in turn; if one fails, the ones before it are unmapped without
     * syncing and 0 is returned. Otherwise the number of mapped entries (nents: dma-direct never merges).
     */
    public int dmaMapSg(Device dev, Scatterlist sg, int nents, int dir) {
        try {
            if (!DmaDirection.valid(dir)) {
                bug(dev, 252);
                return 0;
            }
            long total = 0;
            for (int i = 0; i < nents; i++) {
                long addr = direct.dmaDirectMapPhys(dev, sg.phys(i), sg.length(i), dir);
                if (addr == DMA_MAPPING_ERROR) {
                    for (int j = 0; j < i; j++) {
                        direct.dmaDirectUnmapPhys(dev, sg.dmaAddress(j), sg.dmaLen(j), dir, true);
                    }
                    mappingErrors.incrementAndGet();
                    return 0;
                }
                sg.setDma(i, addr, sg.length(i));
                total += sg.length(i);
            }
            trace.dmaMapSg(dev.name, nents, nents, total, dir);
            for (int i = 0; i < nents; i++) {
                DmaDebugEntry e = newMapping(dev, DmaDebugEntry.TYPE_SG, sg.phys(i), sg.dmaAddress(i), sg.dmaLen(i), dir);
                e.sgCallEnts = nents;
                e.sgMappedEnts = nents;
                if (Long.compareUnsigned(sg.length(i), dev.maxSegmentSize()) > 0) {
                    debug.errPrintk(dev, DmaError.SG_SEGMENT_TOO_LONG, String.format("mapping sg segment longer than"
                            + " device claims to support [len=%d] [max=%d]", sg.length(i), dev.maxSegmentSize()));
                }
                debug.addDmaEntry(e, overlapAllowed());
            }
            return nents;
        } finally {
            debug.raise();
        }
    }

    /** dma_unmap_sg(): with the nents given to dma_map_sg(), not the count it returned. */
    public void dmaUnmapSg(Device dev, Scatterlist sg, int nents, int dir) {
        try {
            if (!DmaDirection.valid(dir)) {
                bug(dev, 353);
                return;
            }
            trace.dmaUnmapSg(dev.name, nents, dir);
            int mappedEnts = 0;
            for (int i = 0; i < nents; i++) {
                if (mappedEnts != 0 && i >= mappedEnts) {
                    break;
                }
                if (i == 0) {
                    mappedEnts = debug.getNrMappedEntries(dev, sg.dmaAddress(0), sg.dmaLen(0), dir, nents);
                }
                DmaDebugEntry e = debug.checkUnmap(dev, DmaDebugEntry.TYPE_SG, sg.dmaAddress(i), sg.dmaLen(i), dir,
                        sg.phys(i), nents);
                if (e != null) {
                    release(e, sg.dmaAddress(i), sg.dmaLen(i), dir);
                }
            }
        } finally {
            debug.raise();
        }
    }

    /** A dma-debug entry for a streaming mapping, with its folio reference and CPU-view tracking decided. */
    private DmaDebugEntry newMapping(Device dev, int type, long phys, long addr, long size, int dir) {
        DmaDebugEntry e = debug.dmaEntryAlloc();
        e.dev = dev;
        e.type = type;
        e.paddr = phys;
        e.devAddr = addr;
        e.size = size;
        e.direction = dir;
        e.bounced = addr != phys;
        e.tracked = e.bounced || !arch.devIsDmaCoherent(dev);
        int folio = folios.pageFolio((int) (phys >>> Mm.PAGE_SHIFT));
        // A page inside a non-compound block has no reference of its own: its block's head holds it.
        e.folio = folios.folioTryGet(folio) ? folio : MemMap.NONE;
        dev.mapped(e.bounced, size);
        return e;
    }

    /**
     * Undoes what an entry really is, after check_unmap() took it out of the hash: a coherent block goes
     * back to the allocator; a streaming mapping is synced for the CPU, leaves its bounce slots and drops
     * its folio reference.
     */
    private void release(DmaDebugEntry e, long addr, long size, int dir) {
        Device dev = e.dev;
        if (e.type == DmaDebugEntry.TYPE_COHERENT) {
            int pfn = (int) (e.paddr >>> Mm.PAGE_SHIFT);
            dev.addCoherentBytes(memMap.zoneIdx(pfn), -((long) Mm.PAGE_SIZE << e.order));
            direct.dmaDirectFree(pfn, e.order);
        } else {
            direct.dmaDirectUnmapPhys(dev, addr, size, dir, false);
            dev.unmapped();
            if (e.folio != MemMap.NONE) {
                folios.folioPut(e.folio);
            }
        }
        debug.dmaEntryFree(e);
    }

    // =====================================================================================
    // Syncs and dma_mapping_error
    // =====================================================================================

    /** dma_sync_single_for_cpu(): the CPU may now read what the device wrote in [addr, addr + size). */
    public void dmaSyncSingleForCpu(Device dev, long addr, long size, int dir) {
        try {
            if (!DmaDirection.valid(dir)) {
                bug(dev, 390);
                return;
            }
            dev.synced();
            long lines = direct.dmaDirectSyncSingleForCpu(dev, addr, size, dir);
            trace.dmaSyncSingleForCpu(dev.name, addr, size, dir, lines);
            syncDebug(dev, DmaDebugEntry.TYPE_SINGLE, addr, size, dir, 0, true);
        } finally {
            debug.raise();
        }
    }

    /** dma_sync_single_for_device(): the device may now read what the CPU wrote in [addr, addr + size). */
    public void dmaSyncSingleForDevice(Device dev, long addr, long size, int dir) {
        try {
            if (!DmaDirection.valid(dir)) {
                bug(dev, 407);
                return;
            }
            dev.synced();
            long lines = direct.dmaDirectSyncSingleForDevice(dev, addr, size, dir);
            trace.dmaSyncSingleForDevice(dev.name, addr, size, dir, lines);
            syncDebug(dev, DmaDebugEntry.TYPE_SINGLE, addr, size, dir, 0, false);
        } finally {
            debug.raise();
        }
    }

    /** dma_sync_sg_for_cpu(): every mapped entry, with the nents given to dma_map_sg(). */
    public void dmaSyncSgForCpu(Device dev, Scatterlist sg, int nents, int dir) {
        syncSg(dev, sg, nents, dir, true);
    }

    /** dma_sync_sg_for_device(). */
    public void dmaSyncSgForDevice(Device dev, Scatterlist sg, int nents, int dir) {
        syncSg(dev, sg, nents, dir, false);
    }

    private void syncSg(Device dev, Scatterlist sg, int nents, int dir, boolean toCpu) {
        try {
            if (!DmaDirection.valid(dir)) {
                bug(dev, toCpu ? 424 : 441);
                return;
            }
            dev.synced();
            long lines = 0;
            for (int i = 0; i < nents; i++) {
                lines += toCpu ? direct.dmaDirectSyncSingleForCpu(dev, sg.dmaAddress(i), sg.length(i), dir)
                        : direct.dmaDirectSyncSingleForDevice(dev, sg.dmaAddress(i), sg.length(i), dir);
            }
            if (toCpu) {
                trace.dmaSyncSgForCpu(dev.name, nents, dir, lines);
            } else {
                trace.dmaSyncSgForDevice(dev.name, nents, dir, lines);
            }
            int mappedEnts = 0;
            for (int i = 0; i < nents; i++) {
                if (i == 0) {
                    mappedEnts = debug.getNrMappedEntries(dev, sg.dmaAddress(0), sg.dmaLen(0), dir, nents);
                }
                if (i >= mappedEnts) {
                    break;
                }
                syncDebug(dev, DmaDebugEntry.TYPE_SG, sg.dmaAddress(i), sg.dmaLen(i), dir, nents, toCpu);
            }
        } finally {
            debug.raise();
        }
    }

    /** check_sync(), then the CPU view follows what the sync did. */
    private void syncDebug(Device dev, int type, long addr, long size, int dir, int sgCallEnts, boolean toCpu) {
        synchronized (debug) {
            DmaDebugEntry e = debug.checkSync(dev, type, addr, size, dir, sgCallEnts, toCpu);
            if (e != null) {
                if (toCpu) {
                    cpuView.syncForCpu(e, addr, size, dir);
                } else {
                    cpuView.syncForDevice(e, addr, size, dir);
                }
            }
        }
    }

    /** dma_mapping_error(): true (the kernel's -ENOMEM) if the mapping failed; marks the handle checked. */
    public boolean dmaMappingError(Device dev, long addr) {
        debug.debugDmaMappingError(dev, addr);
        return addr == DMA_MAPPING_ERROR;
    }

    /** BUG_ON(!valid_dma_direction(dir)): the kernel stops here; the simulator reports and refuses the call. */
    private void bug(Device dev, int line) {
        debug.report(dev, DmaError.INVALID_DIRECTION, "kernel BUG at kernel/dma/mapping.c:" + line + "!");
    }

    /** DMA_BOUNCE_UNALIGNED_KMALLOC with an active swiotlb: dma-debug lets overlapping mappings be. */
    private boolean overlapAllowed() {
        return arch.arch() == Arch.ARM64 && swiotlb.isSwiotlbActive();
    }

    // =====================================================================================
    // The CPU's and the device's accesses
    // =====================================================================================

    /** page_address(): the CPU's address of a page, for dma_map_single(). */
    public long pageAddress(int pfn) {
        return linearMap.pageAddress(pfn);
    }

    /** The CPU loads {@code size} bytes at {@code cpuAddr}; a stale view is reported. */
    public void cpuReads(long cpuAddr, long size) {
        try {
            cpuView.cpuReads(linearMap.virtToPhys(cpuAddr), size);
        } finally {
            debug.raise();
        }
    }

    /** The CPU stores {@code size} bytes at {@code cpuAddr}. */
    public void cpuWrites(long cpuAddr, long size) {
        cpuView.cpuWrites(linearMap.virtToPhys(cpuAddr), size);
    }

    /** The device fetches {@code size} bytes at bus address {@code dmaAddr}; a stale view is reported. */
    public void deviceReads(Device dev, long dmaAddr, long size) {
        try {
            cpuView.deviceReads(dev, dmaAddr, size);
        } finally {
            debug.raise();
        }
    }

    /** The device stores {@code size} bytes at bus address {@code dmaAddr}. */
    public void deviceWrites(Device dev, long dmaAddr, long size) {
        cpuView.deviceWrites(dev, dmaAddr, size);
    }

    // =====================================================================================
    // Figures
    // =====================================================================================

    /** Streaming mappings alive on every device. */
    public long liveMappings() {
        long n = 0;
        for (Device d : devices) {
            n += d.liveMappings();
        }
        return n;
    }

    /** Every figure at once, for a report. */
    public DmaStats stats() {
        return DmaStats.of(this);
    }

    /** Streaming mappings (single, page, or a whole scatterlist) that failed with DMA_MAPPING_ERROR. */
    public long mappingErrors() {
        return mappingErrors.get();
    }

    /** How often each DMA warning fired, printed or not, by call site. */
    Map<String, Long> warnings() {
        return warn.counts();
    }

    /** Bytes dma_alloc_coherent() zeroed. */
    public long zeroedBytes() {
        return direct.zeroedBytes();
    }
}
