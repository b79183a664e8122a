package dev.physmem.model.machine;

import dev.physmem.model.Mm;
import dev.physmem.model.alloc.BuddyAllocator;
import dev.physmem.model.alloc.MigrateType;
import dev.physmem.model.alloc.PageAlloc;
import dev.physmem.model.alloc.Watermarks;
import dev.physmem.model.compaction.Compaction;
import dev.physmem.model.cpu.Cpu;
import dev.physmem.model.cpu.Cpus;
import dev.physmem.model.dma.DmaMapping;
import dev.physmem.model.dma.Swiotlb;
import dev.physmem.model.hugetlb.Hugetlb;
import dev.physmem.model.migrate.Migrate;
import dev.physmem.model.mmzone.Node;
import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.mmzone.ZoneType;
import dev.physmem.model.mmzone.Zonelist;
import dev.physmem.model.page.BadPage;
import dev.physmem.model.page.Folios;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.page.PageFlags;
import dev.physmem.model.sysctl.PageAllocSysctls;
import dev.physmem.model.sysctl.SysctlTable;
import dev.physmem.model.time.DelayedWork;
import dev.physmem.model.time.Scheduler;
import dev.physmem.model.trace.Tracepoints;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.VmEventItem;
import dev.physmem.model.vmstat.VmStat;
import dev.physmem.model.vmstat.ZoneStatItem;
import dev.physmem.model.filemap.DropCaches;
import dev.physmem.model.filemap.Filemap;
import dev.physmem.model.filemap.Inodes;
import dev.physmem.model.filemap.Truncate;
import dev.physmem.model.rmap.Mmap;
import dev.physmem.model.rmap.MmStruct;
import dev.physmem.model.rmap.Rmap;
import dev.physmem.model.swap.SwapCache;
import dev.physmem.model.swap.SwapInfo;
import dev.physmem.model.syscalls.KernelSyscalls;
import dev.physmem.model.syscalls.Syscalls;
import dev.physmem.model.vmscan.Lru;
import dev.physmem.model.vmscan.OomKill;
import dev.physmem.model.vmscan.Vmscan;
import dev.physmem.model.writeback.BalanceDirtyPages;
import dev.physmem.model.writeback.BdiWriteback;
import dev.physmem.model.writeback.BlockDevice;
import dev.physmem.model.writeback.DirtyLimits;
import dev.physmem.model.writeback.Flusher;
import dev.physmem.model.writeback.PageWriteback;
import dev.physmem.model.writeback.WbBandwidth;
import dev.physmem.model.writeback.WbDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A booted simulated machine: its memory map, nodes, zones, CPUs, allocator, statistics and tunables.
 * {@link #boot} follows the kernel's order: firmware memory map, memblock reservations, mem_map
 * initialisation, freeing the rest into the buddy allocator, then watermarks and per-CPU lists.
 */
public final class Machine {
    /** The simulated kernel image, as placed by the boot loader. */
    static final long KERNEL_IMAGE_BYTES = 16L << 20;
    /** The first chunk of per-CPU memory each CPU gets at boot. */
    static final long PERCPU_BYTES_PER_CPU = 512L << 10;
    /** IO_TLB_DEFAULT_SIZE: the swiotlb bounce pool reserved when some RAM is out of 32-bit DMA reach. */
    public static final long SWIOTLB_BYTES = Swiotlb.IO_TLB_DEFAULT_SIZE;
    /** SECTION_SIZE_BITS of x86_64 and arm64 with 4 KiB pages. */
    static final int SECTION_SIZE_BITS = 27;

    public final MachineConfig config;
    public final Scheduler clock;
    public final Tracepoints trace;
    public final Memblock memblock;
    public final MemMap memMap;
    public final List<Node> nodes;
    public final List<Zone> zones;
    public final Cpus cpus;
    public final VmStat vmStat;
    public final BadPage badPage;
    public final BuddyAllocator buddy;
    public final Watermarks watermarks;
    public final PageAlloc pageAlloc;
    public final Folios folios;
    public final Hugetlb hugetlb;
    public final SysctlTable sysctl;
    public final DirtyLimits dirtyLimits;
    /** The DMA API: coherent allocations, streaming mappings, swiotlb, dma-debug, the simulated devices. */
    public final DmaMapping dma;
    /** The LRU lists of every node (mm/swap.c). */
    public final Lru lru;
    public final Inodes inodes;
    public final WbDomain wbDomain;
    public final PageWriteback pageWriteback;
    public final BalanceDirtyPages balanceDirtyPages;
    public final Flusher flusher;
    /** The machine's disk, sda (8:0), and its writeback state. */
    public final BlockDevice disk;
    public final BdiWriteback diskWb;
    public final Filemap filemap;
    /** The swap area on the disk and its swap cache; null when the machine has no swap. */
    public final SwapCache swapCache;
    public final Rmap rmap;
    public final Truncate truncate;
    public final Mmap mmap;
    public final DropCaches dropCaches;
    /** Page reclaim, kswapd per node and the OOM killer; installed as the allocator's Reclaim. */
    public final Vmscan vmscan;
    /** Page migration (mm/migrate.c). */
    public final Migrate migrate;
    /** Memory compaction, run by vm.compact_memory (mm/compaction.c). */
    public final Compaction compaction;
    private final KernelSyscalls syscalls;
    private final List<String> bootLog = new ArrayList<>();
    private long memmapBootPages;
    private DelayedWork vmstatWork;

    private Machine(MachineConfig config, Scheduler clock, Tracepoints trace, Memblock memblock, MemMap memMap,
                    List<Node> nodes, List<Zone> zones, Cpus cpus, int[] cpusPerNode) {
        this.config = config;
        this.clock = clock;
        this.trace = trace;
        this.memblock = memblock;
        this.memMap = memMap;
        this.nodes = Collections.unmodifiableList(nodes);
        this.zones = Collections.unmodifiableList(zones);
        this.cpus = cpus;
        this.vmStat = new VmStat(cpus, zones, nodes);
        this.badPage = new BadPage(memMap, clock, trace, config.strict());
        long pages = config.ramBytes() >>> Mm.PAGE_SHIFT;
        this.buddy = new BuddyAllocator(memMap, vmStat, trace,
                pages < (long) Mm.PAGEBLOCK_NR_PAGES * MigrateType.MIGRATE_TYPES);
        this.watermarks = new Watermarks(zones, nodes, cpusPerNode, vmStat, trace, config.thp());
        this.pageAlloc = new PageAlloc(memMap, cpus, vmStat, buddy, trace, badPage, zones, nodes, watermarks, clock);
        this.folios = new Folios(memMap, pageAlloc, badPage);
        this.hugetlb = new Hugetlb(memMap, pageAlloc, folios, vmStat, nodes);
        this.sysctl = new SysctlTable(trace);
        PageAllocSysctls.register(sysctl, watermarks, buddy, hugetlb);
        this.dirtyLimits = new DirtyLimits(vmStat, watermarks);
        dirtyLimits.registerSysctls(sysctl);
        this.dma = new DmaMapping(config.arch(), config.strict(), memblock, memMap, cpus, pageAlloc, folios, clock, trace);
        this.lru = new Lru(nodes, memMap, pageAlloc, vmStat, cpus, folios);
        this.inodes = new Inodes();
        this.wbDomain = new WbDomain();
        this.pageWriteback = new PageWriteback(memMap, folios, pageAlloc, vmStat, cpus, lru, inodes, wbDomain, trace,
                clock, badPage);
        WbBandwidth wbBandwidth = new WbBandwidth(clock, wbDomain);
        this.balanceDirtyPages = new BalanceDirtyPages(dirtyLimits, wbDomain, wbBandwidth, pageWriteback, vmStat, cpus,
                clock, trace);
        this.flusher = new Flusher(clock, cpus, pageWriteback, balanceDirtyPages, wbBandwidth, wbDomain, vmStat, trace);
        flusher.registerSysctls(sysctl);
        this.disk = new BlockDevice("sda", 8, 0, config.diskBandwidth(), config.diskLatencyNanos(),
                BlockDevice.DEFAULT_QUEUE_DEPTH, clock, vmStat, dma,
                dma.blockDevice);
        this.diskWb = flusher.registerDevice(disk);
        this.filemap = new Filemap(memMap, folios, pageAlloc, vmStat, lru, inodes, pageWriteback, flusher,
                balanceDirtyPages, trace, clock, cpus);
        this.swapCache = config.swapBytes() > 0 ? new SwapCache(new SwapInfo(config.swapBytes() >>> Mm.PAGE_SHIFT),
                memMap, folios, pageAlloc, vmStat, disk, pageWriteback) : null;
        this.rmap = new Rmap(memMap, folios, pageAlloc, vmStat, inodes, swapCache);
        this.truncate = new Truncate(filemap, pageWriteback, flusher, rmap, inodes, memMap, folios, cpus);
        this.mmap = new Mmap(rmap, filemap, truncate, pageAlloc, lru, folios);
        this.dropCaches = new DropCaches(inodes, truncate, vmStat);
        dropCaches.registerSysctl(sysctl);
        vmStat.registerSysctl(sysctl);
        this.vmscan = new Vmscan(nodes, memMap, folios, pageAlloc, vmStat, cpus, lru, filemap, inodes, rmap, swapCache,
                flusher, new OomKill(mmap, vmStat, trace), trace, clock);
        vmscan.registerSysctls(sysctl);
        pageAlloc.setReclaim(vmscan);
        this.migrate = new Migrate(memMap, folios, pageAlloc, lru, rmap, inodes, swapCache, vmStat, trace);
        this.compaction = new Compaction(memMap, folios, pageAlloc, lru, migrate, this.nodes, cpus, vmStat, trace, clock);
        compaction.registerSysctl(sysctl);
        this.syscalls = new KernelSyscalls(filemap, truncate, flusher, balanceDirtyPages, mmap, sysctl, diskWb,
                new MmStruct(1, "java"));
    }

    /** The system calls of the machine's one simulated process, "java". */
    public Syscalls syscalls() {
        return syscalls;
    }

    /** Boots a machine; the configuration is validated first. */
    public static Machine boot(MachineConfig config, Scheduler clock, Tracepoints trace) {
        config.validate();
        Arch arch = config.arch();
        Memblock memblock = new Memblock(arch.ramRanges(config.ramBytes()));
        long startPfn = memblock.startPfn();
        long maxPfn = memblock.endPfn();
        long heapNeeded = maxPfn * MemMap.bytesPerPage();
        if (heapNeeded > Runtime.getRuntime().maxMemory() * 3 / 4) {
            throw new IllegalArgumentException("ram=" + ByteSize.format(config.ramBytes()) + " needs about "
                    + ByteSize.format(roundUpMiB(heapNeeded)) + " of Java heap for mem_map; this JVM has "
                    + ByteSize.format(roundUpMiB(Runtime.getRuntime().maxMemory())) + " (raise -Xmx)");
        }
        long[] nodeStart = splitNodes(memblock.memory(), config.nodes());
        long[] zoneEnd = arch.zoneEndPfns(maxPfn);

        MemMap memMap = new MemMap((int) startPfn, (int) maxPfn);
        int[] cpusPerNode = new int[config.nodes()];
        Cpu[] cpuArray = new Cpu[config.cpus()];
        int nrZoneIds = config.nodes() * ZoneType.MAX_NR_ZONES;
        for (int c = 0; c < config.cpus(); c++) {
            int nid = (int) ((long) c * config.nodes() / config.cpus());
            cpusPerNode[nid]++;
            cpuArray[c] = new Cpu(c, nid, nrZoneIds * ZoneStatItem.NR_VM_ZONE_STAT_ITEMS,
                    config.nodes() * NodeStatItem.NR_VM_NODE_STAT_ITEMS, VmEventItem.NR_VM_EVENT_ITEMS,
                    nrZoneIds * ZoneStatItem.Numa.NR_VM_NUMA_EVENT_ITEMS);
        }
        Cpus cpus = new Cpus(cpuArray);

        List<Node> nodes = new ArrayList<>();
        List<Zone> zones = new ArrayList<>();
        for (int nid = 0; nid < config.nodes(); nid++) {
            long ns = nodeStart[nid];
            long ne = nodeStart[nid + 1];
            Node node = new Node(nid, (int) ns, ne - ns);
            nodes.add(node);
            long zoneLo = startPfn;
            for (int z = 0; z < ZoneType.MAX_NR_ZONES; z++) {
                long zs = Math.max(zoneLo, ns);
                long ze = Math.min(zoneEnd[z], ne);
                Zone zone;
                if (ze > zs) {
                    zone = new Zone(node, z, (int) zs, ze - zs, ramPagesIn(memblock.memory(), zs, ze), memMap,
                            config.cpus());
                } else {
                    zone = new Zone(node, z, 0, 0, 0, memMap, config.cpus());
                }
                node.setZone(zone);
                zones.add(zone);
                zoneLo = Math.max(zoneLo, zoneEnd[z]);
            }
        }
        for (Node node : nodes) {
            node.setZonelist(buildZonelist(node, nodes));
        }

        reserveBootMemory(config, memblock, nodeStart);
        initMemMap(memMap, nodes, startPfn, maxPfn);

        Machine m = new Machine(config, clock, trace, memblock, memMap, nodes, zones, cpus, cpusPerNode);
        m.memblockFreeAll();
        m.watermarks.initPerZoneWmarkMin();
        if (config.hugepages() > 0) {
            m.hugetlb.setNrHugepages(config.hugepages());
        }
        m.vmStat.refresh();
        m.balanceDirtyPages.writebackSetRatelimit();
        m.vmstatWork = clock.delayedWork(clock.worker("vmstat"), m::vmstatUpdate);
        m.vmstatWork.queue(Scheduler.msecsToNanos(1000));
        m.writeBootLog();
        return m;
    }

    /** Splits RAM evenly between nodes at MAX_ORDER_NR_PAGES boundaries; returns node start PFNs plus the end. */
    static long[] splitNodes(List<long[]> memory, int nrNodes) {
        long total = 0;
        for (long[] r : memory) {
            total += r[1] - r[0];
        }
        long[] starts = new long[nrNodes + 1];
        starts[0] = memory.get(0)[0];
        starts[nrNodes] = memory.get(memory.size() - 1)[1];
        long perNode = total / nrNodes;
        int n = 1;
        long seen = 0;
        for (long[] r : memory) {
            for (long pfn = r[0]; pfn < r[1] && n < nrNodes; ) {
                long need = perNode * n - seen;
                long take = Math.min(need, r[1] - pfn);
                pfn += take;
                seen += take;
                if (seen == perNode * n) {
                    starts[n++] = pfn & ~((long) Mm.MAX_ORDER_NR_PAGES - 1);
                }
            }
        }
        return starts;
    }

    static long ramPagesIn(List<long[]> memory, long start, long end) {
        long pages = 0;
        for (long[] r : memory) {
            long lo = Math.max(r[0], start);
            long hi = Math.min(r[1], end);
            if (hi > lo) {
                pages += hi - lo;
            }
        }
        return pages;
    }

    /** build_zonelists(): own node's populated zones from the highest down, then the other nodes'. */
    static Zonelist buildZonelist(Node local, List<Node> nodes) {
        List<Zone> list = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get((local.nid + i) % nodes.size());
            for (int z = ZoneType.MAX_NR_ZONES - 1; z >= 0; z--) {
                if (node.zone(z).isPopulated()) {
                    list.add(node.zone(z));
                }
            }
        }
        return new Zonelist(list);
    }

    /** Early boot's memblock reservations, in the order the kernel makes them. */
    static void reserveBootMemory(MachineConfig config, Memblock memblock, long[] nodeStart) {
        Arch arch = config.arch();
        long startPfn = memblock.startPfn();
        long maxPfn = memblock.endPfn();
        if (arch == Arch.X86_64) {
            // x86/setup: always reserve the first 1 MiB (real-mode trampoline, BIOS data).
            memblock.reserve("low memory (real mode, BIOS)", startPfn, Arch.LEGACY_HOLE_START_PFN - startPfn);
            memblock.reserve("Kernel code/data", (16L << 20) >>> Mm.PAGE_SHIFT, KERNEL_IMAGE_BYTES >>> Mm.PAGE_SHIFT);
        } else {
            memblock.reserve("Kernel code/data", startPfn + ((2L << 20) >>> Mm.PAGE_SHIFT),
                    KERNEL_IMAGE_BYTES >>> Mm.PAGE_SHIFT);
        }
        long gigPages = 1L << Mm.HPAGE_PUD_ORDER;
        for (int i = 0; i < config.hugepages1g(); i++) {
            boolean placed = false;
            for (int nid = config.nodes() - 1; nid >= 0 && !placed; nid--) {
                placed = memblock.allocTopDown("hugetlb 1G", gigPages, gigPages, nodeStart[nid], nodeStart[nid + 1]) >= 0;
            }
            if (!placed) {
                throw new IllegalArgumentException("hugepages_1g=" + config.hugepages1g()
                        + " does not fit: ram=" + ByteSize.format(config.ramBytes()) + " has no room for page " + (i + 1));
            }
        }
        int swiotlbSlabs = Swiotlb.bootNslabs(arch, config.ramBytes(), maxPfn, config.cpus());
        if (swiotlbSlabs > 0) {
            long pages = ((long) swiotlbSlabs << Swiotlb.IO_TLB_SHIFT) >>> Mm.PAGE_SHIFT;
            memblock.allocTopDown("swiotlb", pages, Mm.PAGEBLOCK_NR_PAGES, startPfn, Arch.MAX_DMA32_PFN);
        }
        long percpuPages = config.cpus() * PERCPU_BYTES_PER_CPU >>> Mm.PAGE_SHIFT;
        memblock.allocTopDown("percpu", percpuPages, 1, nodeStart[0], nodeStart[1]);
        for (int nid = 0; nid < config.nodes(); nid++) {
            long present = ramPagesIn(memblock.memory(), nodeStart[nid], nodeStart[nid + 1]);
            long memmapPages = (present * Mm.STRUCT_PAGE_SIZE + Mm.PAGE_SIZE - 1) >>> Mm.PAGE_SHIFT;
            memblock.allocTopDown("mem_map", memmapPages, 1, nodeStart[nid], nodeStart[nid + 1]);
        }
    }

    /**
     * memmap_init(): every frame a zone spans gets its node and zone; all start reserved with one
     * reference (holes stay that way), and every pageblock starts MIGRATE_MOVABLE.
     */
    static void initMemMap(MemMap memMap, List<Node> nodes, long startPfn, long maxPfn) {
        for (Node node : nodes) {
            for (int z = 0; z < ZoneType.MAX_NR_ZONES; z++) {
                Zone zone = node.zone(z);
                if (zone.spannedPages > 0) {
                    memMap.initRange(zone.zoneStartPfn, zone.zoneEndPfn(), node.nid, z);
                    memMap.initPageblocks(zone.zoneStartPfn, zone.zoneEndPfn(), MigrateType.MIGRATE_MOVABLE);
                }
            }
        }
    }

    /**
     * memblock_free_all(): RAM nobody reserved goes to the buddy allocator in the largest aligned
     * blocks; reserved RAM stays PG_reserved; gigantic hugetlb ranges go to their pool.
     */
    private void memblockFreeAll() {
        Cpu cpu = cpus.get(0);
        cpu.lock();
        try {
            List<Memblock.Region> reserved = memblock.reservedByAddress();
            for (long[] range : memblock.memory()) {
                long pfn = range[0];
                while (pfn < range[1]) {
                    Memblock.Region r = firstReservedFrom(reserved, pfn, range[1]);
                    long freeEnd = r == null ? range[1] : Math.max(pfn, r.basePfn());
                    freeRange(cpu, pfn, freeEnd);
                    if (r == null) {
                        break;
                    }
                    if (r.name().equals("mem_map")) {
                        memmapBootPages += r.pages();
                    }
                    pfn = Math.max(pfn, r.endPfn());
                }
            }
        } finally {
            cpu.unlock();
        }
        for (Memblock.Region r : memblock.reserved()) {
            if (r.name().equals("hugetlb 1G")) {
                hugetlb.addBootmemGigantic(pageAlloc.pageZone((int) r.basePfn()), (int) r.basePfn());
            }
        }
    }

    private static Memblock.Region firstReservedFrom(List<Memblock.Region> sorted, long pfn, long end) {
        for (Memblock.Region r : sorted) {
            if (r.endPfn() > pfn && r.basePfn() < end) {
                return r;
            }
        }
        return null;
    }

    /** __free_pages_memory(): the largest naturally aligned blocks that fit, zone by zone. */
    private void freeRange(Cpu cpu, long start, long end) {
        long pfn = start;
        while (pfn < end) {
            Zone zone = pageAlloc.pageZone((int) pfn);
            long limit = Math.min(end, zone.zoneEndPfn());
            int order = Math.min(Mm.MAX_PAGE_ORDER, Long.numberOfTrailingZeros(pfn));
            while (pfn + (1L << order) > limit) {
                order--;
            }
            pageAlloc.freePagesCore(cpu, zone, (int) pfn, order);
            pfn += 1L << order;
        }
    }

    private static long roundUpMiB(long bytes) {
        return (bytes + (1 << 20) - 1) & ~((1L << 20) - 1);
    }

    /** vmstat_update() with the per-CPU high decay, every stat_interval (1 s). */
    private void vmstatUpdate() {
        vmStat.refresh();
        pageAlloc.decayPcpHigh();
        vmstatWork.queue(Scheduler.msecsToNanos(1000));
    }

    private void writeBootLog() {
        bootLog.add(String.format("Linux version 6.18.2-physmem (%s) simulated", config.arch().kernelName()));
        bootLog.add("Zone ranges:");
        for (int z = 0; z < ZoneType.MAX_NR_ZONES; z++) {
            long lo = Long.MAX_VALUE;
            long hi = 0;
            for (Node n : nodes) {
                Zone zone = n.zone(z);
                if (zone.spannedPages > 0) {
                    lo = Math.min(lo, zone.zoneStartPfn);
                    hi = Math.max(hi, zone.zoneEndPfn());
                }
            }
            bootLog.add(hi == 0 ? String.format("  %-8s empty", ZoneType.name(z))
                    : String.format("  %-8s [mem %#018x-%#018x]", ZoneType.name(z), Mm.pfnToPhys(lo),
                    Mm.pfnToPhys(hi) - 1));
        }
        for (Memblock.Region r : memblock.reserved()) {
            bootLog.add(String.format("memblock_reserve: [mem %#018x-%#018x] %s", Mm.pfnToPhys(r.basePfn()),
                    Mm.pfnToPhys(r.endPfn()) - 1, r.name()));
        }
        bootLog.addAll(dma.swiotlb.bootMessages());
        bootLog.add(String.format("Memory: %dK/%dK available (%dK kernel code/data, %dK reserved)",
                Mm.pagesToKb(totalramPages()), config.ramBytes() >>> 10, KERNEL_IMAGE_BYTES >>> 10,
                Mm.pagesToKb(totalPresentPages() - totalramPages())));
        bootLog.add("min_free_kbytes: " + watermarks.minFreeKbytes());
    }

    // ---- machine-wide figures ----

    /** totalram_pages(): managed pages of every zone (MemTotal). */
    public long totalramPages() {
        long sum = 0;
        for (Zone z : zones) {
            sum += z.managedPages();
        }
        return sum;
    }

    public long totalPresentPages() {
        long sum = 0;
        for (Zone z : zones) {
            sum += z.presentPages;
        }
        return sum;
    }

    /** nr_memmap_boot_pages: pages memblock set aside for struct page. */
    public long memmapBootPages() {
        return memmapBootPages;
    }

    /** nr_blockdev_pages(): page cache of block devices themselves (Buffers:). The model caches files only. */
    public long blockdevPages() {
        return 0;
    }

    /** total_swap_pages (SwapTotal:). */
    public long swapTotalPages() {
        return swapCache == null ? 0 : swapCache.swapInfo().totalPages();
    }

    /** get_nr_swap_pages() (SwapFree:). */
    public long swapFreePages() {
        return swapCache == null ? 0 : swapCache.swapInfo().freePages();
    }

    /** vm_memory_committed(): every anonymous page the simulated processes mapped (VM_ACCOUNT). */
    public long committedPages() {
        return mmap.committedPages();
    }

    /** pcpu_nr_pages(): the per-CPU areas set aside at boot (Percpu:). */
    public long percpuPages() {
        Memblock.Region r = memblock.region("percpu");
        return r == null ? 0 : r.pages();
    }

    /** The boot messages, dmesg style. */
    public List<String> bootLog() {
        return Collections.unmodifiableList(bootLog);
    }

    /**
     * pfn_to_online_page(): the frame's memory section (SECTION_SIZE_BITS = 27, 128 MiB) holds RAM.
     * Holes inside a section still have a struct page; a section with no RAM at all has none.
     */
    public boolean pfnToOnlinePage(long pfn) {
        long sectionStart = pfn & ~((1L << (SECTION_SIZE_BITS - Mm.PAGE_SHIFT)) - 1);
        long sectionEnd = sectionStart + (1L << (SECTION_SIZE_BITS - Mm.PAGE_SHIFT));
        return Machine.ramPagesIn(memblock.memory(), sectionStart, sectionEnd) > 0 && memMap.pfnValid(pfn);
    }

    public Zone zone(int nid, int zoneIdx) {
        return nodes.get(nid).zone(zoneIdx);
    }
}
