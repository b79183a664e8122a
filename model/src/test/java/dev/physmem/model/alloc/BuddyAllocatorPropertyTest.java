package dev.physmem.model.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.model.Mm;
import dev.physmem.model.machine.ByteSize;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.proc.BuddyInfo;
import dev.physmem.model.proc.FreeAreas;
import dev.physmem.model.testing.MemoryInvariants;
import dev.physmem.model.testing.TestMachines;
import dev.physmem.model.vmstat.VmEventItem;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Random sequences of allocations and frees of mixed orders, GFP flags and migrate types: after every
 * step every page is accounted for exactly once and the counters equal a recount; once everything is
 * freed the free lists merge back to the shape they had after boot.
 */
class BuddyAllocatorPropertyTest {

    /** One step: allocate (order, gfp) or free the n-th live allocation. */
    record Step(boolean alloc, int order, int gfp, int victim) {}

    private static final int[] GFPS = {
        Gfp.GFP_KERNEL, Gfp.GFP_HIGHUSER_MOVABLE, Gfp.GFP_ATOMIC, Gfp.GFP_NOWAIT, Gfp.GFP_KERNEL | Gfp.__GFP_DMA32,
        Gfp.GFP_KERNEL | Gfp.__GFP_DMA, Gfp.GFP_KERNEL | Gfp.__GFP_RECLAIMABLE, Gfp.GFP_KERNEL | Gfp.__GFP_COMP,
        Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_COMP, Gfp.GFP_TRANSHUGE,
    };

    @Provide
    Arbitrary<Step> steps() {
        Arbitrary<Integer> order = Arbitraries.frequency(
                Tuple(40, 0), Tuple(15, 1), Tuple(10, 2), Tuple(10, 3), Tuple(5, 4), Tuple(5, 6), Tuple(8, 9), Tuple(7, 10));
        return Combinators.combine(Arbitraries.integers().between(0, 99), order,
                Arbitraries.of(GFPS.length).map(i -> i), Arbitraries.integers().between(0, 1_000_000))
                .as((coin, o, g, victim) -> new Step(coin < 60, o, GFPS[Math.floorMod(g, GFPS.length)], victim));
    }

    private static <T> net.jqwik.api.Tuple.Tuple2<Integer, T> Tuple(int weight, T value) {
        return net.jqwik.api.Tuple.of(weight, value);
    }

    @Property(tries = 25)
    void everyPageStaysAccountedFor(@ForAll("machines") MachineConfig config,
                                    @ForAll("stepLists") List<Step> steps) {
        Machine m = TestMachines.boot(config).machine();
        String initialShape = BuddyInfo.render(FreeAreas.capture(m));
        long allocEvents0 = pgallocTotal(m);
        long freeEvents0 = m.vmStat.vmEvent(VmEventItem.PGFREE);
        List<int[]> live = new ArrayList<>();
        long allocated = 0;
        long freed = 0;
        for (Step s : steps) {
            if (s.alloc() || live.isEmpty()) {
                int pfn = m.pageAlloc.allocPages(s.gfp() | Gfp.__GFP_NOWARN, s.order());
                if (pfn >= 0) {
                    assertThat(pfn & ((1 << s.order()) - 1)).as("naturally aligned").isZero();
                    assertThat(m.memMap.refcount(pfn)).isEqualTo(1);
                    assertZoneAllowed(m, pfn, s.order(), s.gfp());
                    live.add(new int[] {pfn, s.order()});
                    allocated += 1L << s.order();
                }
            } else {
                int[] victim = live.remove(s.victim() % live.size());
                m.pageAlloc.freePages(victim[0], victim[1]);
                freed += 1L << victim[1];
            }
            MemoryInvariants.check(m);
            assertThat(pgallocTotal(m) - allocEvents0).as("pgalloc_* equals pages handed out").isEqualTo(allocated);
            assertThat(m.vmStat.vmEvent(VmEventItem.PGFREE) - freeEvents0).as("pgfree").isEqualTo(freed);
        }
        for (int[] a : live) {
            m.pageAlloc.freePages(a[0], a[1]);
        }
        m.pageAlloc.drainAllPages(null);
        MemoryInvariants.check(m);
        boolean reservedHighatomic = m.zones.stream().anyMatch(z -> z.nrReservedHighatomic() > 0);
        if (!reservedHighatomic) {
            assertThat(BuddyInfo.render(FreeAreas.capture(m))).as("free lists merge back").isEqualTo(initialShape);
        }
    }

    @Provide
    Arbitrary<List<Step>> stepLists() {
        return steps().list().ofMinSize(20).ofMaxSize(250);
    }

    @Provide
    Arbitrary<MachineConfig> machines() {
        return Arbitraries.of(
                MachineConfig.defaults().withRam(ByteSize.parse("64m")).withCpus(1),
                MachineConfig.defaults().withRam(ByteSize.parse("96m")).withCpus(3),
                MachineConfig.defaults().withRam(ByteSize.parse("128m")).withNodes(2).withCpus(2));
    }

    @Property(tries = 200)
    void buddyOfABlockIsFoundByXorAndMergesIntoTheLowerAddress(@ForAll @IntRange(min = 0, max = 1 << 20) int pfn,
                                                               @ForAll @IntRange(min = 0, max = 9) int order) {
        int aligned = pfn & ~((1 << order) - 1);
        int buddy = aligned ^ (1 << order);
        assertThat(Math.abs(buddy - aligned)).isEqualTo(1 << order);
        assertThat(buddy & aligned).as("combined block").isEqualTo(Math.min(buddy, aligned));
        assertThat((buddy & aligned) & ((1 << (order + 1)) - 1)).isZero();
    }

    private static long pgallocTotal(Machine m) {
        long sum = 0;
        for (int z = 0; z < 5; z++) {
            sum += m.vmStat.vmEvent(VmEventItem.PGALLOC_DMA + z);
        }
        return sum;
    }

    private static void assertZoneAllowed(Machine m, int pfn, int order, int gfp) {
        int highest = Gfp.gfpZone(gfp);
        assertThat(m.pageAlloc.pageZone(pfn).zoneIdx).isLessThanOrEqualTo(highest);
        assertThat(m.pageAlloc.pageZone(pfn + (1 << order) - 1)).isSameAs(m.pageAlloc.pageZone(pfn));
        assertThat(order).isLessThanOrEqualTo(Mm.MAX_PAGE_ORDER);
    }
}
