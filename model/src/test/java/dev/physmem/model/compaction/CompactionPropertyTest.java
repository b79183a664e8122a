package dev.physmem.model.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.model.dma.DmaDirection;
import dev.physmem.model.filemap.AddressSpace;
import dev.physmem.model.filemap.XArray;
import dev.physmem.model.machine.ByteSize;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.page.PageFlags;
import dev.physmem.model.rmap.Vma;
import dev.physmem.model.syscalls.Syscalls;
import dev.physmem.model.testing.MemoryInvariants;
import dev.physmem.model.testing.PageCacheInvariants;
import dev.physmem.model.testing.RandomCalls;
import dev.physmem.model.testing.TestMachines;
import dev.physmem.model.time.VirtualScheduler;
import dev.physmem.model.vmstat.VmEventItem;
import dev.physmem.model.vmstat.ZoneStatItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Random workloads that fragment a small machine (files written, truncated and deleted, file and
 * anonymous mappings, writes still in flight, pages mapped for a device's DMA), then
 * {@code compact_memory}: what every page-cache index and every PTE resolves to keeps its identity
 * (file and index, or anonymous VMA and index), dirtiness, writeback and mapcount; no page is lost
 * or duplicated; free memory is conserved; folios under writeback or DMA stay where they are;
 * pgmigrate_success counts exactly the folios that moved; and every law of the allocator, the LRU and
 * the page cache holds afterwards.
 */
class CompactionPropertyTest {
    enum Kind { CREATE, WRITE, FSYNC, TRUNCATE, UNLINK, MMAP, MMAP_ANON, MUNMAP, ADVANCE, DMA_PIN }

    record Op(Kind kind, int a, int b, int c) {}

    /** What a folio is, independent of where it lives: its mapping and index, and the state that must survive. */
    record Identity(int mapping, int index, boolean dirty, boolean writeback, int mapcount) {}

    @Provide
    Arbitrary<List<Op>> workloads() {
        Arbitrary<Kind> kind = Arbitraries.frequency(
                Tuple.of(10, Kind.CREATE), Tuple.of(30, Kind.WRITE), Tuple.of(6, Kind.FSYNC),
                Tuple.of(10, Kind.TRUNCATE), Tuple.of(8, Kind.UNLINK), Tuple.of(6, Kind.MMAP),
                Tuple.of(5, Kind.MMAP_ANON), Tuple.of(5, Kind.MUNMAP), Tuple.of(6, Kind.ADVANCE),
                Tuple.of(5, Kind.DMA_PIN));
        Arbitrary<Integer> any = Arbitraries.integers().between(0, 1 << 20).withDistribution(RandomDistribution.uniform());
        return Combinators.combine(kind, any, any, any).as(Op::new).list().ofMinSize(5).ofMaxSize(50);
    }

    @Property(tries = 40)
    void compactionMovesPagesWithoutChangingWhatTheyAre(@ForAll("workloads") List<Op> ops, @ForAll boolean withSwap) {
        TestMachines.Booted b = TestMachines.boot(MachineConfig.defaults().withRam(ByteSize.parse("64m"))
                .withSwap(withSwap ? 16L << 20 : 0));
        Machine m = b.machine();
        VirtualScheduler clock = b.clock();
        Syscalls sys = m.syscalls();
        RandomCalls calls = new RandomCalls(sys, 4096, 256, 1024);
        List<long[]> pins = new ArrayList<>();
        for (Op op : ops) {
            int file = calls.file(op.a());
            switch (op.kind()) {
                case CREATE -> calls.create();
                case WRITE -> {
                    if (file >= 0) {
                        sys.write(file, calls.pageOffset(op.b()), 1 + op.c() % (1 << 20));
                    }
                }
                case FSYNC -> {
                    if (file >= 0) {
                        // Half the time the writes are still in flight when compaction runs.
                        long wait = sys.fsync(file);
                        if ((op.b() & 1) == 0) {
                            clock.advance(wait);
                        }
                    }
                }
                case TRUNCATE -> calls.truncate(op.a(), calls.pageOffset(op.b()));
                case UNLINK -> calls.unlink(op.a());
                case MMAP -> calls.mmap(op.a(), op.b(), op.c());
                case MMAP_ANON -> calls.mmapAnonymous(op.b());
                case MUNMAP -> calls.munmap(op.b());
                case ADVANCE -> clock.advance(1_000_000L * (op.b() % 200));
                case DMA_PIN -> {
                    if (file >= 0) {
                        int folio = cachedFolioFrom(m, m.inodes.lookup(file), op.b() % 4096);
                        if (folio != MemMap.NONE) {
                            long h = m.dma.dmaMapPage(m.dma.netDevice, folio, 0, 4096, DmaDirection.DMA_TO_DEVICE);
                            if (!m.dma.dmaMappingError(m.dma.netDevice, h)) {
                                pins.add(new long[] {folio, h});
                            }
                        }
                    }
                }
            }
        }
        m.pageAlloc.drainAllPages(null);
        Map<Integer, Identity> before = folios(m);
        Map<Long, Identity> ptesBefore = ptes(m, before);
        long[] freeBefore = freePages(m);
        long success = m.vmStat.vmEvent(VmEventItem.PGMIGRATE_SUCCESS);

        m.sysctl.set("compact_memory", 1, "test");
        m.pageAlloc.drainAllPages(null);

        Map<Integer, Identity> after = folios(m);
        assertThat(new HashSet<>(after.values())).as("the same folios, with the same state")
                .isEqualTo(new HashSet<>(before.values()));
        assertThat(after).as("no folio lost or duplicated").hasSameSizeAs(before);
        assertThat(ptes(m, after)).as("every PTE still maps the same page").isEqualTo(ptesBefore);
        assertThat(freePages(m)).as("free pages per zone").isEqualTo(freeBefore);
        long moved = 0;
        long anonMoved = 0;
        for (Map.Entry<Integer, Identity> e : before.entrySet()) {
            Identity id = e.getValue();
            boolean stayed = id.equals(after.get(e.getKey()));
            if (!stayed) {
                moved++;
                anonMoved += id.mapping() < 0 ? 1 : 0;
            }
            if (id.writeback()) {
                assertThat(stayed).as("folio %d under writeback moved", e.getKey()).isTrue();
            }
        }
        for (long[] pin : pins) {
            Identity id = before.get((int) pin[0]);
            assertThat(after.get((int) pin[0])).as("DMA-mapped folio %d moved", pin[0]).isEqualTo(id);
        }
        assertThat(m.vmStat.vmEvent(VmEventItem.PGMIGRATE_SUCCESS) - success).isEqualTo(moved);
        MemoryInvariants.check(m);
        for (long[] pin : pins) {
            m.dma.dmaUnmapPage(m.dma.netDevice, pin[1], 4096, DmaDirection.DMA_TO_DEVICE);
        }
        PageCacheInvariants.check(m);
        clock.advance(60_000_000_000L);
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
        Statistics.label("migrated").collect(moved > 0);
        Statistics.label("pinned").collect(!pins.isEmpty());
        Statistics.label("anonymous migrated").collect(anonMoved > 0);
    }

    /** The folio cached at the first index at or after {@code index} (wrapping to 0), or NONE. */
    private static int cachedFolioFrom(Machine m, AddressSpace a, long index) {
        synchronized (a) {
            long i = a.iPages().findPresent(index);
            if (i < 0) {
                i = a.iPages().findPresent(0);
            }
            return i < 0 ? MemMap.NONE : a.iPages().load(i);
        }
    }

    /** Every page-cache, swap-cache and anonymous folio by PFN, with what it is. */
    private static Map<Integer, Identity> folios(Machine m) {
        MemMap mm = m.memMap;
        Map<Integer, Identity> out = new HashMap<>();
        for (Zone z : m.zones) {
            for (int pfn = z.zoneStartPfn; pfn < z.zoneEndPfn(); pfn++) {
                if (mm.refcount(pfn) > 0 && !mm.test(pfn, PageFlags.PG_reserved) && !mm.test(pfn, PageFlags.PG_tail)
                        && mm.mapping(pfn) != 0) {
                    out.put(pfn, new Identity(mm.mapping(pfn), mm.index(pfn), mm.test(pfn, PageFlags.PG_dirty),
                            mm.test(pfn, PageFlags.PG_writeback), m.folios.folioMapcount(pfn)));
                }
            }
        }
        for (AddressSpace a : m.inodes.all()) {
            synchronized (a) {
                XArray xa = a.iPages();
                for (long i = xa.findPresent(0); i >= 0; i = xa.findPresent(i + 1)) {
                    assertThat(out).as("%s index %d", a, i).containsKey(xa.load(i));
                }
            }
        }
        return out;
    }

    /** Every present PTE of every VMA (handle, page) → the identity of the folio it maps. */
    private static Map<Long, Identity> ptes(Machine m, Map<Integer, Identity> folios) {
        Map<Long, Identity> out = new HashMap<>();
        for (Vma vma : m.mmap.vmas()) {
            for (int i = 0; i < vma.nrPages; i++) {
                int pte = vma.pte(i);
                if (pte >= 0) {
                    out.put(vma.handle << 32 | i, folios.get(pte));
                }
            }
        }
        return out;
    }

    private static long[] freePages(Machine m) {
        m.vmStat.refresh();
        long[] free = new long[m.zones.size()];
        for (Zone z : m.zones) {
            free[z.id] = z.pageState(ZoneStatItem.NR_FREE_PAGES);
        }
        return free;
    }
}
