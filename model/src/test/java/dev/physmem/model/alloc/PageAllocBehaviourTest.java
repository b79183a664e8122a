package dev.physmem.model.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.model.Mm;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.mmzone.PerCpuPages;
import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.mmzone.ZoneType;
import dev.physmem.model.mmzone.Zonelist;
import dev.physmem.model.testing.MemoryInvariants;
import dev.physmem.model.testing.TestMachines;
import dev.physmem.model.trace.Tracepoints;
import dev.physmem.model.vmstat.VmEventItem;
import dev.physmem.model.vmstat.ZoneStatItem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Scenarios of alloc_pages() with exact expectations: zone fallback, reserves, per-CPU batching, fallback stealing, the slow path. */
class PageAllocBehaviourTest {

    @Test
    void normalAllocationsFallBackFromNormalToDma32ButLeaveDmaItsReserve() {
        Machine m = TestMachines.boot(MachineConfig.defaults().withRam(4L << 30)).machine();
        Set<String> zonesInOrder = new LinkedHashSet<>();
        List<Integer> held = new ArrayList<>();
        int pfn;
        while ((pfn = m.pageAlloc.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, Mm.MAX_PAGE_ORDER)) >= 0) {
            zonesInOrder.add(m.pageAlloc.pageZone(pfn).name);
            held.add(pfn);
        }
        assertThat(zonesInOrder).containsExactly("Normal", "DMA32");
        Zone dma = m.zone(0, ZoneType.ZONE_DMA);
        // lowmem_reserve[NORMAL] of DMA keeps Normal-capable allocations out of it entirely on this machine.
        assertThat(dma.lowmemReserve(ZoneType.ZONE_NORMAL)).isGreaterThan(dma.managedPages());
        int dmaPage = m.pageAlloc.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_DMA, 0);
        assertThat(m.pageAlloc.pageZone(dmaPage).zoneIdx).as("GFP_DMA still served").isEqualTo(ZoneType.ZONE_DMA);
        held.forEach(p -> m.pageAlloc.freePages(p, Mm.MAX_PAGE_ORDER));
        m.pageAlloc.freePages(dmaPage, 0);
        MemoryInvariants.check(m);
    }

    @Test
    void dmaIsUsedByNormalAllocationsOnlyDownToItsProtection() {
        Machine m = TestMachines.boot("1g").machine();
        while (m.pageAlloc.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, 0) >= 0) {
            // exhaust everything GFP_KERNEL may take
        }
        Zone dma = m.zone(0, ZoneType.ZONE_DMA);
        m.vmStat.refresh();
        long free = dma.pageState(ZoneStatItem.NR_FREE_PAGES);
        // The order-0 check fails once free <= min + lowmem_reserve[NORMAL] = 170 + 975. A per-CPU refill
        // passes one check and then takes up to batch << PCP_BATCH_SCALE_MAX = 32 pages, and the folded
        // counter the check reads may lag by stat_threshold (4) x 2 CPUs: so it ends at most 40 below.
        assertThat(free).isLessThanOrEqualTo(170 + 975).isGreaterThanOrEqualTo(170 + 975 - 40);
        assertThat(m.pageAlloc.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_DMA, 0)).as("GFP_DMA may go lower").isPositive();
    }

    @Test
    void exhaustionEndsInTheKernelsAllocationFailureReport() {
        List<String> reports = new ArrayList<>();
        Machine m = TestMachines.boot(MachineConfig.defaults().withRam(64L << 20), new Tracepoints() {
            @Override
            public void warnAlloc(int gfp, int order, int preferredNid, String report) {
                reports.add(report);
            }
        }).machine();
        while (m.pageAlloc.allocPages(Gfp.GFP_KERNEL, 10) >= 0) {
            // no reclaim is installed: nothing gives memory back
        }
        assertThat(m.pageAlloc.allocFailures()).isEqualTo(1);
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0)).startsWith(Thread.currentThread().getName()
                + ": page allocation failure: order:10, mode:0xcc0(GFP_KERNEL), nodemask=(null)\n")
                .contains("Node 0 DMA32 free:");
        assertThat(m.pageAlloc.allocPages(Gfp.GFP_KERNEL, 10)).isNegative();
        assertThat(m.pageAlloc.allocFailures()).isEqualTo(2);
        assertThat(reports).as("warn_alloc is rate limited, the count is not").hasSize(1);
    }

    @Test
    void theSlowPathWakesKswapdReclaimsDirectlyAndCountsTheStall() {
        Machine m = TestMachines.boot("64m").machine();
        List<Integer> held = new ArrayList<>();
        int[] wakes = {0};
        int[] direct = {0};
        m.pageAlloc.setReclaim(new Reclaim() {
            @Override
            public void wakeupKswapd(Zone zone, int gfp, int order, int highestZoneIdx) {
                wakes[0]++;
            }

            @Override
            public long tryToFreePages(Zonelist zonelist, int order, int gfp, int highestZoneIdx) {
                direct[0]++;
                for (int i = 0; i < 64 && !held.isEmpty(); i++) {
                    m.pageAlloc.freePages(held.remove(held.size() - 1), 0);
                }
                m.pageAlloc.drainAllPages(null);
                return 64;
            }
        });
        int pfn;
        while ((pfn = m.pageAlloc.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_NORETRY | Gfp.__GFP_NOWARN, 0)) >= 0
                && direct[0] == 0) {
            held.add(pfn);
        }
        assertThat(wakes[0]).as("kswapd woken below the low watermark").isPositive();
        assertThat(direct[0]).isEqualTo(1);
        assertThat(pfn).as("the page freed by direct reclaim served the allocation").isPositive();
        assertThat(m.vmStat.vmEvent(VmEventItem.ALLOCSTALL_NORMAL)).isEqualTo(1);
    }

    @Test
    void theOomKillerIsAskedOnlyWhenKillingCouldHelp() {
        Machine m = TestMachines.boot("64m").machine();
        int[] ooms = {0};
        m.pageAlloc.setReclaim(new Reclaim() {
            @Override
            public boolean outOfMemory(Zonelist zonelist, int order, int gfp, int highestZoneIdx) {
                ooms[0]++;
                return false;
            }
        });
        while (m.pageAlloc.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_DMA32 | Gfp.__GFP_NOWARN, 0) >= 0) {
            // lowmem only: killing a task does not give ZONE_DMA32 back
        }
        assertThat(ooms[0]).isZero();
        m.pageAlloc.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, 4);
        assertThat(ooms[0]).as("a costly order is never worth a kill").isZero();
        m.pageAlloc.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, 0);
        assertThat(ooms[0]).isEqualTo(1);
    }

    @Test
    void nofailKeepsRetryingUntilReclaimMakesRoom() {
        Machine m = TestMachines.boot("64m").machine();
        List<Integer> held = new ArrayList<>();
        int pfn;
        for (int gfp : new int[] {Gfp.GFP_KERNEL, Gfp.GFP_ATOMIC}) {
            while ((pfn = m.pageAlloc.allocPages(gfp | Gfp.__GFP_NOWARN, 0)) >= 0) {
                held.add(pfn); // GFP_ATOMIC also drains the reserves __GFP_NOFAIL's last resort could use
            }
        }
        int[] calls = {0};
        m.pageAlloc.setReclaim(new Reclaim() {
            @Override
            public long tryToFreePages(Zonelist zonelist, int order, int gfp, int highestZoneIdx) {
                if (++calls[0] < 5) {
                    return 0; // no progress for a while
                }
                m.pageAlloc.freePages(held.remove(0), 0);
                m.pageAlloc.drainAllPages(null);
                return 1;
            }
        });
        assertThat(m.pageAlloc.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_NOFAIL, 0)).isPositive();
        assertThat(calls[0]).isGreaterThanOrEqualTo(5);
    }

    @Test
    void aFreshCpuListIsRefilledWithOneBatchAndServedInRefillOrder() {
        Machine m = TestMachines.boot("1g").machine();
        Zone dma32 = m.zone(0, ZoneType.ZONE_DMA32);
        PerCpuPages pcp = dma32.pageset[0];
        m.vmStat.refresh();
        long free0 = dma32.pageState(ZoneStatItem.NR_FREE_PAGES);
        m.pageAlloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);
        m.vmStat.refresh();
        // nr_pcp_alloc(): batch 63 << alloc_factor 0, well below high; 63 pages leave the buddy, one is taken.
        assertThat(free0 - dma32.pageState(ZoneStatItem.NR_FREE_PAGES)).isEqualTo(63);
        assertThat(pcp.count).isEqualTo(62);
        assertThat(pcp.allocFactor).isEqualTo(1);
        int pindex = PerCpuPages.orderToPindex(MigrateType.MIGRATE_MOVABLE, 0);
        List<Integer> cached = new ArrayList<>();
        for (int p = pcp.lists.first(pindex); p >= 0; p = m.memMap.next(p)) {
            cached.add(p);
        }
        for (int expected : cached) {
            assertThat(m.pageAlloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0)).isEqualTo(expected);
        }
        assertThat(pcp.count).isZero();
        m.pageAlloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);
        assertThat(pcp.count).as("the next refill doubles (alloc_factor 1)").isEqualTo(125);
    }

    @Test
    void freesGoBackToTheBuddyInBatchesOnceTheListPassesHigh() {
        Machine m = TestMachines.boot("1g").machine();
        Zone dma32 = m.zone(0, ZoneType.ZONE_DMA32);
        PerCpuPages pcp = dma32.pageset[0];
        List<Integer> held = new ArrayList<>();
        for (int i = 0; i < 20000; i++) {
            held.add(m.pageAlloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0));
        }
        int maxCount = 0;
        for (int p : held) {
            m.pageAlloc.freePages(p, 0);
            maxCount = Math.max(maxCount, pcp.count);
        }
        assertThat(maxCount).as("the list never grows past high_max").isLessThanOrEqualTo(pcp.highMax);
        assertThat(pcp.count).isLessThan(held.size());
        MemoryInvariants.check(m);
    }

    @Test
    void theFirstUnmovableAllocationClaimsAMovablePageblock() {
        List<int[]> extfrag = new ArrayList<>();
        Machine m = TestMachines.boot(MachineConfig.defaults().withRam(64L << 20), new Tracepoints() {
            @Override
            public void mmPageAllocExtfrag(int pfn, int allocOrder, int fallbackOrder, int allocMt, int fallbackMt,
                                           boolean changeOwnership) {
                extfrag.add(new int[] {pfn, allocOrder, fallbackOrder, allocMt, fallbackMt, changeOwnership ? 1 : 0});
            }
        }).machine();
        int pfn = m.pageAlloc.allocPages(Gfp.GFP_KERNEL, 0);
        assertThat(extfrag).isNotEmpty();
        int[] e = extfrag.get(0);
        assertThat(e[3]).isEqualTo(MigrateType.MIGRATE_UNMOVABLE);
        assertThat(e[4]).isEqualTo(MigrateType.MIGRATE_MOVABLE);
        assertThat(e[2]).as("__rmqueue_claim starts from the largest free block").isEqualTo(Mm.MAX_PAGE_ORDER);
        assertThat(e[5]).isEqualTo(1);
        assertThat(m.memMap.pageblockMigratetype(pfn)).isEqualTo(MigrateType.MIGRATE_UNMOVABLE);
        MemoryInvariants.check(m);
    }

    @Test
    void transparentHugePagesAreCompoundAndCachedOnTheThpList() {
        Machine m = TestMachines.boot("1g").machine();
        int thp = m.pageAlloc.folioAlloc(Gfp.GFP_TRANSHUGE, Mm.HPAGE_PMD_ORDER);
        assertThat(m.folios.folioNrPages(thp)).isEqualTo(512);
        assertThat(m.memMap.compoundHead(thp + 511)).isEqualTo(thp);
        m.folios.folioPut(thp);
        PerCpuPages pcp = m.pageAlloc.pageZone(thp).pageset[0];
        int thpList = PerCpuPages.orderToPindex(MigrateType.MIGRATE_MOVABLE, Mm.HPAGE_PMD_ORDER);
        assertThat(pcp.lists.first(thpList)).isEqualTo(thp);
        MemoryInvariants.check(m);
    }

    @Test
    void theWatermarkCheckIsStrictlyAboveMinPlusReserve() {
        Machine m = TestMachines.boot("1g").machine();
        Zone dma = m.zone(0, ZoneType.ZONE_DMA);
        long min = dma.minWmarkPages();
        long reserve = dma.lowmemReserve(ZoneType.ZONE_NORMAL);
        assertThat(m.pageAlloc.zoneWatermarkOk(dma, 0, min, ZoneType.ZONE_NORMAL, 0, min + reserve)).isFalse();
        assertThat(m.pageAlloc.zoneWatermarkOk(dma, 0, min, ZoneType.ZONE_NORMAL, 0, min + reserve + 1)).isTrue();
        assertThat(m.pageAlloc.zoneWatermarkOk(dma, 0, min, ZoneType.ZONE_DMA, 0, min + 1)).isTrue();
        // __GFP_HIGH (ALLOC_MIN_RESERVE) may dip to min/2; GFP_ATOMIC (also NON_BLOCK) a further quarter.
        assertThat(m.pageAlloc.zoneWatermarkOk(dma, 0, min, ZoneType.ZONE_DMA, AllocFlags.ALLOC_MIN_RESERVE,
                min - min / 2 + 1)).isTrue();
        long atomicMin = (min - min / 2) - (min - min / 2) / 4;
        assertThat(m.pageAlloc.zoneWatermarkOk(dma, 0, min, ZoneType.ZONE_DMA,
                AllocFlags.ALLOC_MIN_RESERVE | AllocFlags.ALLOC_NON_BLOCK, atomicMin + 1)).isTrue();
        assertThat(m.pageAlloc.zoneWatermarkOk(dma, 0, min, ZoneType.ZONE_DMA,
                AllocFlags.ALLOC_MIN_RESERVE | AllocFlags.ALLOC_NON_BLOCK, atomicMin)).isFalse();
    }

    @Test
    void theHugetlbPoolGrowsAndShrinksThroughTheSysctl() {
        Machine m = TestMachines.boot("1g").machine();
        m.sysctl.set("vm.nr_hugepages", 10, "test");
        assertThat(m.hugetlb.defaultHstate().nrHugePages()).isEqualTo(10);
        assertThat(m.hugetlb.defaultHstate().freeHugePages()).isEqualTo(10);
        int page = m.hugetlb.allocHugetlbFolio(m.hugetlb.defaultHstate());
        assertThat(m.hugetlb.defaultHstate().freeHugePages()).isEqualTo(9);
        m.folios.folioPut(page);
        assertThat(m.hugetlb.defaultHstate().freeHugePages()).as("back to the pool, not the buddy").isEqualTo(10);
        m.sysctl.set("vm.nr_hugepages", 3, "test");
        assertThat(m.sysctl.get("vm.nr_hugepages")).isEqualTo("3");
        MemoryInvariants.check(m);
    }

    @Test
    void eachNodeServesItsOwnCpusFirst() {
        Machine m = TestMachines.boot(MachineConfig.defaults().withRam(2L << 30).withNodes(2).withCpus(2)).machine();
        m.cpus.bind(1);
        int pfn = m.pageAlloc.allocPages(Gfp.GFP_KERNEL, 0);
        assertThat(m.memMap.nid(pfn)).isEqualTo(1);
        m.cpus.bind(0);
        int local = m.pageAlloc.allocPages(Gfp.GFP_KERNEL, 0);
        assertThat(m.memMap.nid(local)).isEqualTo(0);
        assertThat(m.vmStat.globalNumaEvent(ZoneStatItem.Numa.NUMA_HIT)).isEqualTo(2);
        assertThat(m.vmStat.globalNumaEvent(ZoneStatItem.Numa.NUMA_LOCAL)).isEqualTo(2);
        MemoryInvariants.check(m);
    }
}
