package dev.physmem.model.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.model.KernelBugException;
import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.testing.MemoryInvariants;
import dev.physmem.model.testing.TestMachines;
import dev.physmem.model.time.VirtualScheduler;
import dev.physmem.model.trace.Tracepoints;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Misuse is caught where and as the kernel catches it: free_pages_prepare() and check_new_page() report
 * "BUG: Bad page state" with page_bad_reason()'s text, and a put on a zero refcount is a VM_BUG_ON.
 */
class BadPageTest {
    private final Machine m = TestMachines.boot("64m").machine();
    private final MemMap mm = m.memMap;

    @Test
    void freeingAFolioThatIsStillMappedIsANonzeroMapcount() {
        int pfn = m.pageAlloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);
        mm.addMapcount(pfn, 1); // a page table maps it, but the mapping never took its reference
        assertThatThrownBy(() -> m.folios.folioPut(pfn))
                .isInstanceOf(KernelBugException.class)
                .hasMessageStartingWith(String.format("BUG: Bad page state in process %s  pfn:%05x\n",
                        threadComm(), pfn))
                .hasMessageContaining("page: refcount:0 mapcount:1 mapping:0000000000000000 index:0x0 pfn:0x"
                        + Integer.toHexString(pfn))
                .hasMessageEndingWith("page dumped because: nonzero mapcount\n");
    }

    @Test
    void freeingAPageStillInThePageCacheIsANonNullMapping() {
        int pfn = m.pageAlloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);
        mm.setMapping(pfn, 7);
        assertThatThrownBy(() -> m.folios.folioPut(pfn)).hasMessageEndingWith("page dumped because: non-NULL mapping\n");
    }

    @Test
    void anAnonymousMappingIsClearedAtFreeNotReported() {
        int pfn = m.pageAlloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);
        mm.setMapping(pfn, -3);
        m.folios.folioPut(pfn);
        assertThat(m.badPage.reports()).isZero();
        MemoryInvariants.check(m);
    }

    @Test
    void aReferenceLeftOnATailPageIsANonzeroRefcount() {
        int head = m.pageAlloc.folioAlloc(Gfp.GFP_KERNEL, 2);
        mm.addRefcount(head + 2, 1); // get_page() on a tail page instead of its folio
        assertThatThrownBy(() -> m.folios.folioPut(head)).hasMessageEndingWith("page dumped because: nonzero _refcount\n");
    }

    @Test
    void aLargeFolioStillMappedIsReportedOnItsFirstTail() {
        int head = m.pageAlloc.folioAlloc(Gfp.GFP_HIGHUSER_MOVABLE, 2);
        mm.addMapcount(head, 1);
        assertThatThrownBy(() -> m.folios.folioPut(head))
                .hasMessageContaining(String.format("pfn:%05x", head + 1))
                .hasMessageEndingWith("page dumped because: nonzero large_mapcount\n");
    }

    @Test
    void freeingAPageUnderWritebackOrOnTheLruIsAFlagsCheckAtFree() {
        int pfn = m.pageAlloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);
        mm.set(pfn, PageFlags.PG_writeback);
        assertThatThrownBy(() -> m.folios.folioPut(pfn))
                .hasMessageContaining("flags: 0x2(writeback)")
                .hasMessageEndingWith("page dumped because: PAGE_FLAGS_CHECK_AT_FREE flag(s) set\n");
    }

    @Test
    void aFolioBothActiveAndUnevictableKeepsTheFlagsWhenItLeavesTheLruAndIsReported() {
        int pfn = m.pageAlloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);
        m.lru.folioAddLru(pfn);
        mm.set(pfn, PageFlags.PG_active);
        mm.set(pfn, PageFlags.PG_unevictable); // "this shouldn't happen": __folio_clear_lru_flags leaves both
        assertThatThrownBy(() -> m.folios.folioPut(pfn))
                .hasMessageContaining("active")
                .hasMessageContaining("unevictable")
                .hasMessageNotContaining("lru")
                .hasMessageEndingWith("page dumped because: PAGE_FLAGS_CHECK_AT_FREE flag(s) set\n");
    }

    @Test
    void aFreePageThatGotAFlagIsCaughtWhenItIsHandedOutAgain() {
        int pfn = m.pageAlloc.allocPages(Gfp.GFP_KERNEL, 0);
        m.pageAlloc.freePages(pfn, 0);
        mm.set(pfn, PageFlags.PG_referenced); // corruption of a page sitting on this CPU's free list
        assertThatThrownBy(() -> m.pageAlloc.allocPages(Gfp.GFP_KERNEL, 0))
                .hasMessageContaining(String.format("pfn:%05x", pfn))
                .hasMessageEndingWith("page dumped because: PAGE_FLAGS_CHECK_AT_PREP flag(s) set\n");
    }

    @Test
    void aPutOnAZeroRefcountIsAVmBug() {
        int pfn = m.pageAlloc.allocPages(Gfp.GFP_KERNEL, 0);
        m.folios.folioPut(pfn);
        assertThatThrownBy(() -> m.folios.folioPut(pfn))
                .hasMessageContaining("page dumped because: VM_BUG_ON_FOLIO(folio_ref_count(folio) == 0)\n")
                .hasMessageEndingWith("kernel BUG at mm/page_alloc.c!\n");
        assertThat(mm.refcount(pfn)).as("the bad put did not happen").isZero();
    }

    @Test
    void aGetOnAFreedFolioIsAVmBug() {
        int pfn = m.pageAlloc.allocPages(Gfp.GFP_KERNEL, 0);
        m.folios.folioPut(pfn);
        assertThatThrownBy(() -> m.folios.folioGet(pfn))
                .hasMessageContaining("VM_BUG_ON_FOLIO(folio_ref_zero_or_close_to_overflow(folio))");
    }

    @Test
    void withoutStrictModeBadPagesAreCountedLeakedAndNeverReused() {
        List<String> reports = new ArrayList<>();
        Machine lenient = Machine.boot(MachineConfig.defaults().withRam(64L << 20), new VirtualScheduler(),
                new Tracepoints() {
                    @Override
                    public void badPage(int pfn, String reason, String report) {
                        reports.add(reason);
                    }
                });
        lenient.cpus.bind(0);
        int pfn = lenient.pageAlloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);
        lenient.memMap.addMapcount(pfn, 1);
        lenient.folios.folioPut(pfn);
        assertThat(reports).containsExactly("nonzero mapcount");
        assertThat(lenient.badPage.reports()).isEqualTo(1);
        assertThat(lenient.badPage.tainted()).isTrue();
        assertThat(lenient.badPage.isLeaked(pfn)).isTrue();
        for (int i = 0; i < 2000; i++) {
            int p = lenient.pageAlloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0);
            assertThat(p).as("a bad page never comes back").isNotEqualTo(pfn);
        }
        MemoryInvariants.check(lenient);
    }

    @Test
    void reportsAreRateLimitedToABurstOfSixtyAMinute() {
        List<String> reports = new ArrayList<>();
        VirtualScheduler clock = new VirtualScheduler();
        Machine lenient = Machine.boot(MachineConfig.defaults().withRam(64L << 20), clock, new Tracepoints() {
            @Override
            public void badPage(int pfn, String reason, String report) {
                reports.add(report);
            }
        });
        for (int i = 0; i < 65; i++) {
            lenient.badPage.badPage(100 + i, "test");
        }
        assertThat(reports).hasSize(60);
        clock.advance(61_000_000_000L);
        lenient.badPage.badPage(200, "test");
        assertThat(reports).hasSize(61);
        assertThat(reports.get(60)).startsWith("BUG: Bad page state: 5 messages suppressed\n"
                + "BUG: Bad page state in process ");
        assertThat(lenient.badPage.reports()).isEqualTo(66);
    }

    private static String threadComm() {
        String name = Thread.currentThread().getName();
        return name.length() > 15 ? name.substring(0, 15) : name;
    }
}
