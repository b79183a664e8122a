package dev.physmem.model.proc;

import static dev.physmem.model.proc.MemInfoField.*;

import dev.physmem.model.Mm;
import dev.physmem.model.hugetlb.Hstate;
import dev.physmem.model.machine.Arch;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.VmStat;
import dev.physmem.model.vmstat.ZoneStatItem;

/** /proc/meminfo (fs/proc/meminfo.c: meminfo_proc_show). */
public final class MemInfo {
    /** VMALLOC_TOTAL with 4-level paging on x86_64 (32 TiB) and 48-bit VAs on arm64, in kB. */
    static final long VMALLOC_TOTAL_X86_64_KB = 34359738367L;
    static final long VMALLOC_TOTAL_ARM64_KB = 133141626880L;
    /** vm.overcommit_ratio default. */
    static final long OVERCOMMIT_RATIO = 50;

    private MemInfo() {}

    public static MemInfoSnapshot capture(Machine m) {
        VmStat vs = m.vmStat;
        long[] v = new long[MemInfoField.values().length];
        long totalram = m.totalramPages();
        long activeAnon = vs.globalNodePageState(NodeStatItem.NR_ACTIVE_ANON);
        long inactiveAnon = vs.globalNodePageState(NodeStatItem.NR_INACTIVE_ANON);
        long activeFile = vs.globalNodePageState(NodeStatItem.NR_ACTIVE_FILE);
        long inactiveFile = vs.globalNodePageState(NodeStatItem.NR_INACTIVE_FILE);
        long swapcache = vs.globalNodePageState(NodeStatItem.NR_SWAPCACHE);
        long buffers = m.blockdevPages();
        long cached = Math.max(0, vs.globalNodePageState(NodeStatItem.NR_FILE_PAGES) - swapcache - buffers);
        long sreclaimable = vs.globalNodePageState(NodeStatItem.NR_SLAB_RECLAIMABLE_B) / Mm.PAGE_SIZE;
        long sunreclaim = vs.globalNodePageState(NodeStatItem.NR_SLAB_UNRECLAIMABLE_B) / Mm.PAGE_SIZE;
        long miscReclaimable = vs.globalNodePageState(NodeStatItem.NR_KERNEL_MISC_RECLAIMABLE);
        Hstate h = m.hugetlb.defaultHstate();
        long hugetlbPages = Mm.HPAGE_PMD_NR * h.nrHugePages()
                + m.hugetlb.giganticHstate().pagesPerHugePage() * m.hugetlb.giganticHstate().nrHugePages();

        setPages(v, MEM_TOTAL, totalram);
        setPages(v, MEM_FREE, vs.globalZonePageState(ZoneStatItem.NR_FREE_PAGES));
        setPages(v, MEM_AVAILABLE, siMemAvailable(m));
        setPages(v, BUFFERS, buffers);
        setPages(v, CACHED, cached);
        setPages(v, SWAP_CACHED, swapcache);
        setPages(v, ACTIVE, activeAnon + activeFile);
        setPages(v, INACTIVE, inactiveAnon + inactiveFile);
        setPages(v, ACTIVE_ANON, activeAnon);
        setPages(v, INACTIVE_ANON, inactiveAnon);
        setPages(v, ACTIVE_FILE, activeFile);
        setPages(v, INACTIVE_FILE, inactiveFile);
        setPages(v, UNEVICTABLE, vs.globalNodePageState(NodeStatItem.NR_UNEVICTABLE));
        setPages(v, MLOCKED, vs.globalZonePageState(ZoneStatItem.NR_MLOCK));
        setPages(v, SWAP_TOTAL, m.swapTotalPages());
        setPages(v, SWAP_FREE, m.swapFreePages());
        setPages(v, DIRTY, vs.globalNodePageState(NodeStatItem.NR_FILE_DIRTY));
        setPages(v, WRITEBACK, vs.globalNodePageState(NodeStatItem.NR_WRITEBACK));
        setPages(v, ANON_PAGES, vs.globalNodePageState(NodeStatItem.NR_ANON_MAPPED));
        setPages(v, MAPPED, vs.globalNodePageState(NodeStatItem.NR_FILE_MAPPED));
        setPages(v, SHMEM, vs.globalNodePageState(NodeStatItem.NR_SHMEM));
        setPages(v, KRECLAIMABLE, sreclaimable + miscReclaimable);
        setPages(v, SLAB, sreclaimable + sunreclaim);
        setPages(v, SRECLAIMABLE, sreclaimable);
        setPages(v, SUNRECLAIM, sunreclaim);
        v[KERNEL_STACK.ordinal()] = vs.globalNodePageState(NodeStatItem.NR_KERNEL_STACK_KB);
        setPages(v, PAGE_TABLES, vs.globalNodePageState(NodeStatItem.NR_PAGETABLE));
        setPages(v, SEC_PAGE_TABLES, vs.globalNodePageState(NodeStatItem.NR_SECONDARY_PAGETABLE));
        // vm_commit_limit(): (totalram - hugetlb) * overcommit_ratio / 100 + swap.
        setPages(v, COMMIT_LIMIT, (totalram - hugetlbPages) * OVERCOMMIT_RATIO / 100 + m.swapTotalPages());
        setPages(v, COMMITTED_AS, m.committedPages());
        v[VMALLOC_TOTAL.ordinal()] = m.config.arch() == Arch.X86_64 ? VMALLOC_TOTAL_X86_64_KB : VMALLOC_TOTAL_ARM64_KB;
        setPages(v, PERCPU, m.percpuPages());
        setPages(v, ANON_HUGE_PAGES, vs.globalNodePageState(NodeStatItem.NR_ANON_THPS));
        setPages(v, SHMEM_HUGE_PAGES, vs.globalNodePageState(NodeStatItem.NR_SHMEM_THPS));
        setPages(v, SHMEM_PMD_MAPPED, vs.globalNodePageState(NodeStatItem.NR_SHMEM_PMDMAPPED));
        setPages(v, FILE_HUGE_PAGES, vs.globalNodePageState(NodeStatItem.NR_FILE_THPS));
        setPages(v, FILE_PMD_MAPPED, vs.globalNodePageState(NodeStatItem.NR_FILE_PMDMAPPED));
        setPages(v, BALLOON, vs.globalNodePageState(NodeStatItem.NR_BALLOON_PAGES));
        v[HUGEPAGES_TOTAL.ordinal()] = h.nrHugePages();
        v[HUGEPAGES_FREE.ordinal()] = h.freeHugePages();
        v[HUGEPAGES_RSVD.ordinal()] = h.resvHugePages();
        v[HUGEPAGES_SURP.ordinal()] = h.surplusHugePages();
        v[HUGEPAGESIZE.ordinal()] = h.sizeKb();
        v[HUGETLB.ordinal()] = m.hugetlb.totalKb();
        boolean x86 = m.config.arch() == Arch.X86_64;
        if (x86) {
            long[] direct = directMap(m);
            v[DIRECT_MAP_4K.ordinal()] = direct[0];
            v[DIRECT_MAP_2M.ordinal()] = direct[1];
            v[DIRECT_MAP_1G.ordinal()] = direct[2];
        }
        return new MemInfoSnapshot(v, x86);
    }

    private static void setPages(long[] v, MemInfoField f, long pages) {
        v[f.ordinal()] = Mm.pagesToKb(pages);
    }

    /**
     * si_mem_available(): free pages above the reserves, plus the part of the page cache and reclaimable
     * slab that reclaim could give back without going below the low watermarks.
     */
    public static long siMemAvailable(Machine m) {
        VmStat vs = m.vmStat;
        long wmarkLow = 0;
        for (Zone z : m.zones) {
            wmarkLow += z.lowWmarkPages();
        }
        long available = vs.globalZonePageState(ZoneStatItem.NR_FREE_PAGES) - m.watermarks.totalreservePages();
        long pagecache = vs.globalNodePageState(NodeStatItem.NR_ACTIVE_FILE)
                + vs.globalNodePageState(NodeStatItem.NR_INACTIVE_FILE);
        pagecache -= Math.min(pagecache / 2, wmarkLow);
        available += pagecache;
        long reclaimable = vs.globalNodePageState(NodeStatItem.NR_SLAB_RECLAIMABLE_B) / Mm.PAGE_SIZE
                + vs.globalNodePageState(NodeStatItem.NR_KERNEL_MISC_RECLAIMABLE);
        reclaimable -= Math.min(reclaimable / 2, wmarkLow);
        available += reclaimable;
        return Math.max(0, available);
    }

    /**
     * The x86 direct map: RAM is mapped with 1 GiB pages where a whole aligned GiB is RAM, 2 MiB pages where
     * a whole aligned 2 MiB is, and 4 KiB pages elsewhere (the first 2 MiB always). In kB.
     */
    static long[] directMap(Machine m) {
        long k4 = 0;
        long m2 = 0;
        long g1 = 0;
        long gig = 1L << (30 - Mm.PAGE_SHIFT);
        long two = 1L << (21 - Mm.PAGE_SHIFT);
        for (long[] r : m.memblock.memory()) {
            long start = r[0] == 1 ? 0 : r[0];
            long pfn = start;
            while (pfn < r[1]) {
                if (pfn % gig == 0 && pfn + gig <= r[1] && pfn != 0) {
                    g1 += gig;
                    pfn += gig;
                } else if (pfn % two == 0 && pfn + two <= r[1] && pfn >= two) {
                    m2 += two;
                    pfn += two;
                } else {
                    k4++;
                    pfn++;
                }
            }
        }
        return new long[] {Mm.pagesToKb(k4), Mm.pagesToKb(m2), Mm.pagesToKb(g1)};
    }

    /** Reads /proc/meminfo text back into a snapshot (fields it lacks stay 0). */
    public static MemInfoSnapshot parse(String text) {
        long[] v = new long[MemInfoField.values().length];
        boolean directMap = false;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String label = line.substring(0, colon);
            for (MemInfoField f : MemInfoField.values()) {
                if (f.label.equals(label)) {
                    v[f.ordinal()] = Long.parseLong(line.substring(colon + 1).replace("kB", "").trim());
                    directMap |= f.isDirectMap();
                }
            }
        }
        return new MemInfoSnapshot(v, directMap);
    }

    public static String render(MemInfoSnapshot s) {
        StringBuilder sb = new StringBuilder();
        for (MemInfoField f : MemInfoField.values()) {
            if (f.isDirectMap() && !s.directMap()) {
                continue;
            }
            if (f.kb) {
                sb.append(String.format("%-16s%8d kB\n", f.label + ":", s.get(f)));
            } else {
                sb.append(String.format("%-19s%5d\n", f.label + ":", s.get(f)));
            }
        }
        return sb.toString();
    }
}
