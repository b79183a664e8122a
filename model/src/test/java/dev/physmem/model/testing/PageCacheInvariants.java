package dev.physmem.model.testing;

import dev.physmem.model.filemap.AddressSpace;
import dev.physmem.model.filemap.XArray;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.page.PageFlags;
import dev.physmem.model.proc.MemInfo;
import dev.physmem.model.proc.MemInfoField;
import dev.physmem.model.proc.MemInfoSnapshot;
import dev.physmem.model.rmap.Vma;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.ZoneStatItem;
import java.util.HashMap;
import java.util.Map;

/**
 * The page cache's laws on a quiescent machine (no call running, no reclaim in the middle of a
 * folio), recounted from mem_map, the page-cache indexes and the page tables:
 * <ul>
 * <li>every cached folio names its file and offset, and is tagged DIRTY / WRITEBACK exactly when its
 * flags say so; nrpages, NR_FILE_PAGES, NR_FILE_DIRTY, NR_WRITEBACK, NR_FILE_MAPPED, NR_ANON_MAPPED
 * and NR_ZONE_WRITE_PENDING equal the recount;</li>
 * <li>meminfo's Dirty + Writeback + clean cached pages = Cached (a page both dirty and under writeback
 * counted once);</li>
 * <li>every holder is a reference: refcount = the cache's pages (page cache or swap cache) + one per
 * PTE + one for I/O in flight; mapcount = the PTEs found in page tables; each swap slot's count = the
 * swap entries in page tables.</li>
 * </ul>
 */
public final class PageCacheInvariants {
    private PageCacheInvariants() {}

    public static void check(Machine m) {
        MemMap mm = m.memMap;
        m.vmStat.refresh();
        Map<Integer, Integer> ptes = new HashMap<>();
        Map<Integer, Integer> swapPtes = new HashMap<>();
        for (Vma vma : m.mmap.vmas()) {
            for (int i = 0; i < vma.nrPages; i++) {
                int f = vma.pte(i);
                if (Vma.isSwapPte(f)) {
                    swapPtes.merge(-2 - f, 1, Integer::sum);
                } else if (f != MemMap.NONE) {
                    ptes.merge(f, 1, Integer::sum);
                }
            }
        }
        long cached = 0;
        long dirty = 0;
        long writeback = 0;
        long both = 0;
        long clean = 0;
        long fileMapped = 0;
        long[] writePending = new long[m.zones.size()];
        for (AddressSpace a : m.inodes.all()) {
            synchronized (a) {
                XArray xa = a.iPages();
                long pages = 0;
                for (long i = xa.findPresent(0); i >= 0; ) {
                    int f = xa.load(i);
                    int nr = m.folios.folioNrPages(f);
                    require(mm.mapping(f) == a.ino && mm.index(f) == i, "folio " + f + " at " + a + " index " + i
                            + " says mapping " + mm.mapping(f) + " index " + mm.index(f));
                    boolean d = mm.test(f, PageFlags.PG_dirty);
                    boolean w = mm.test(f, PageFlags.PG_writeback);
                    require(xa.getMark(i, XArray.PAGECACHE_TAG_DIRTY) == d, "folio " + f + " dirty " + d + " but tag disagrees");
                    require(xa.getMark(i, XArray.PAGECACHE_TAG_WRITEBACK) == w, "folio " + f + " writeback " + w + " but tag disagrees");
                    pages += nr;
                    dirty += d ? nr : 0;
                    writeback += w ? nr : 0;
                    both += d && w ? nr : 0;
                    clean += !d && !w ? nr : 0;
                    // NR_ZONE_WRITE_PENDING is dirty pages plus writeback pages: a folio in both counts twice.
                    writePending[m.pageAlloc.pageZone(f).id] += (d ? nr : 0) + (w ? nr : 0);
                    int mapcount = m.folios.folioMapcount(f);
                    require(mapcount == ptes.getOrDefault(f, 0), "folio " + f + " mapcount " + mapcount
                            + " but " + ptes.getOrDefault(f, 0) + " PTEs map it");
                    fileMapped += mapcount > 0 ? nr : 0;
                    int io = w || mm.test(f, PageFlags.PG_locked) ? 1 : 0;
                    int dma = dmaMapped(m, f);
                    require(m.folios.folioRefCount(f) == nr + mapcount + io + dma, "folio " + f + " of " + a
                            + " has refcount " + m.folios.folioRefCount(f) + ", expected " + nr + " (cache) + " + mapcount
                            + " (PTEs) + " + io + " (I/O pin) + " + dma + " (DMA mapping)");
                    i = xa.findPresent(i + nr);
                }
                require(pages == a.nrpages(), a + ": nrpages " + a.nrpages() + " but the index holds " + pages);
                cached += pages;
            }
        }
        long orphanWriteback = 0;
        long anonMapped = 0;
        long swapCached = 0;
        long swapWriteback = 0;
        for (Zone z : m.zones) {
            for (int pfn = z.zoneStartPfn; pfn < z.zoneEndPfn(); pfn++) {
                if (mm.test(pfn, PageFlags.PG_tail) || mm.refcount(pfn) == 0 || mm.test(pfn, PageFlags.PG_reserved)) {
                    continue;
                }
                if (mm.mapping(pfn) == 0 && mm.test(pfn, PageFlags.PG_writeback)) {
                    // Truncated while its write was in flight: only the I/O (and page tables) hold it.
                    int nr = m.folios.folioNrPages(pfn);
                    orphanWriteback += nr;
                    writePending[z.id] += nr;
                    require(m.folios.folioRefCount(pfn) == 1 + dmaMapped(m, pfn) + ptes.getOrDefault(pfn, 0), "orphaned folio " + pfn
                            + " under writeback has refcount " + m.folios.folioRefCount(pfn));
                }
                if (mm.mapping(pfn) < 0) {
                    int nr = m.folios.folioNrPages(pfn);
                    int mapcount = m.folios.folioMapcount(pfn);
                    boolean inSwapCache = mm.test(pfn, PageFlags.PG_swapcache);
                    boolean w = mm.test(pfn, PageFlags.PG_writeback);
                    require(inSwapCache == (m.swapCache != null && m.swapCache.slotOf(pfn) >= 0),
                            "anon folio " + pfn + " PG_swapcache disagrees with the swap cache");
                    require(mapcount == ptes.getOrDefault(pfn, 0), "anon folio " + pfn + " mapcount " + mapcount);
                    int dma = dmaMapped(m, pfn);
                    int expected = mapcount + (inSwapCache ? nr : 0) + (w ? 1 : 0) + dma;
                    require(m.folios.folioRefCount(pfn) == expected, "anon folio " + pfn + " refcount "
                            + m.folios.folioRefCount(pfn) + ", expected " + mapcount + " (PTEs) + "
                            + (inSwapCache ? nr : 0) + " (swap cache) + " + (w ? 1 : 0) + " (I/O pin) + " + dma
                            + " (DMA mapping)");
                    anonMapped += mapcount > 0 ? nr : 0;
                    swapCached += inSwapCache ? nr : 0;
                    if (w) {
                        swapWriteback += nr;
                        writePending[z.id] += nr;
                    }
                }
            }
        }
        var vs = m.vmStat;
        requireEq(vs.globalNodePageState(NodeStatItem.NR_FILE_PAGES), cached + swapCached, "nr_file_pages");
        requireEq(vs.globalNodePageState(NodeStatItem.NR_SWAPCACHE), swapCached, "nr_swapcached");
        if (m.swapCache != null) {
            for (Map.Entry<Integer, Integer> e : swapPtes.entrySet()) {
                require(m.swapCache.swapInfo().swapCount(e.getKey()) == e.getValue(), "swap slot " + e.getKey()
                        + " has count " + m.swapCache.swapInfo().swapCount(e.getKey()) + " but " + e.getValue() + " PTEs");
            }
        } else {
            require(swapPtes.isEmpty(), "swap entries on a machine without swap");
        }
        requireEq(vs.globalNodePageState(NodeStatItem.NR_FILE_DIRTY), dirty, "nr_dirty");
        requireEq(vs.globalNodePageState(NodeStatItem.NR_WRITEBACK), writeback + orphanWriteback + swapWriteback,
                "nr_writeback");
        requireEq(vs.globalNodePageState(NodeStatItem.NR_FILE_MAPPED), fileMapped, "nr_mapped");
        requireEq(vs.globalNodePageState(NodeStatItem.NR_ANON_MAPPED), anonMapped, "nr_anon_pages");
        for (Zone z : m.zones) {
            requireEq(z.pageState(ZoneStatItem.NR_ZONE_WRITE_PENDING), writePending[z.id], z + " nr_zone_write_pending");
        }
        MemInfoSnapshot info = MemInfo.capture(m);
        long cachedKb = info.get(MemInfoField.CACHED);
        long identityKb = (dirty + writeback - both + clean) * 4;
        require(identityKb == cachedKb, "Dirty " + dirty * 4 + " kB + Writeback " + writeback * 4 + " kB - both "
                + both * 4 + " kB + clean " + clean * 4 + " kB != Cached " + cachedKb + " kB");
        require(info.get(MemInfoField.DIRTY) == dirty * 4, "meminfo Dirty");
        require(info.get(MemInfoField.WRITEBACK) == (writeback + orphanWriteback + swapWriteback) * 4, "meminfo Writeback");
        require(info.get(MemInfoField.SWAP_CACHED) == swapCached * 4, "meminfo SwapCached");
    }

    private static void requireEq(long counter, long recount, String name) {
        require(counter == recount, name + " = " + counter + " but the recount is " + recount);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }

    /** 1 while the disk has the folio's request: the device's streaming DMA mapping holds a reference. */
    private static int dmaMapped(Machine m, int folio) {
        return m.disk.completionOf(folio) >= 0 ? 1 : 0;
    }
}
