package dev.physmem.model.vmscan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.model.lib.IntSqrt;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.page.PageFlags;
import dev.physmem.model.syscalls.Syscalls;
import dev.physmem.model.testing.MemoryInvariants;
import dev.physmem.model.testing.PageCacheInvariants;
import dev.physmem.model.testing.TestMachines;
import dev.physmem.model.time.VirtualScheduler;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.VmEventItem;
import org.junit.jupiter.api.Test;

/** The active/inactive balance: inactive_is_low() and shrink_active_list(). */
class LruAgingTest {
    private static final long GIB_PAGES = 1L << 18;

    @Test
    void theInactiveListShouldHoldOneOverSqrtOfTenTimesTheGigabytes() {
        // Below 1 GiB the lists are kept 1:1.
        assertThat(Vmscan.inactiveIsLow(100, 101)).isTrue();
        assertThat(Vmscan.inactiveIsLow(100, 100)).isFalse();
        // 1 GiB: int_sqrt(10) = 3, so 1:3.
        assertThat(Vmscan.inactiveIsLow(GIB_PAGES / 4, GIB_PAGES * 3 / 4)).isFalse();
        assertThat(Vmscan.inactiveIsLow(GIB_PAGES / 4 - 1, GIB_PAGES * 3 / 4 + 1)).isTrue();
        // 10 GiB: int_sqrt(100) = 10; 100 GiB: int_sqrt(1000) = 31.
        assertThat(Vmscan.inactiveIsLow(240_000, 2_400_000)).isFalse();
        assertThat(Vmscan.inactiveIsLow(239_999, 2_400_000)).isTrue();
        assertThat(Vmscan.inactiveIsLow(GIB_PAGES * 100 / 32, GIB_PAGES * 100 * 31 / 32 + 100)).isTrue();
        assertThat(IntSqrt.intSqrt(1000)).isEqualTo(31);
    }

    @Test
    void aLowInactiveListIsRefilledFromTheActiveTail() {
        TestMachines.Booted b = TestMachines.boot(MachineConfig.defaults().withRam(1L << 30));
        Machine m = b.machine();
        VirtualScheduler clock = b.clock();
        Syscalls sys = m.syscalls();
        m.sysctl.set("dirty_writeback_centisecs", 0, "test");
        int hot = sys.createInode("hot");
        int cold = sys.createInode("cold");
        sys.truncate(hot, 1L << 30);
        sys.truncate(cold, 1L << 30);
        // 600 MiB read twice: 153600 pages on the active list.
        for (int pass = 0; pass < 2; pass++) {
            for (long pos = 0; pos < (600L << 20); pos += 1 << 20) {
                clock.advance(sys.read(hot, pos, 1 << 20));
            }
        }
        m.vmStat.refresh();
        assertThat(m.vmStat.globalNodePageState(NodeStatItem.NR_ACTIVE_FILE)).isEqualTo(153_600);
        assertThat(m.vmStat.vmEvent(VmEventItem.PGREFILL)).isZero();
        // Then read-once data until kswapd has worked a while: the inactive list stays smaller than
        // the active one (below 1 GiB of file LRU that is "low"), so reclaim ages the active list.
        for (long pos = 0; pos < (600L << 20); pos += 1 << 20) {
            clock.advance(sys.read(cold, pos, 1 << 20));
        }
        clock.advance(200_000_000L);
        long refill = m.vmStat.vmEvent(VmEventItem.PGREFILL);
        long deactivated = m.vmStat.vmEvent(VmEventItem.PGDEACTIVATE);
        assertThat(refill).isPositive();
        assertThat(deactivated).isPositive().isLessThanOrEqualTo(refill);
        // A deactivated folio keeps PG_workingset: it was active once.
        boolean someDeactivated = false;
        for (long i = 0; i < 153_600 && !someDeactivated; i++) {
            int f = m.filemap.lookup(m.inodes.lookup(hot), i);
            someDeactivated = f >= 0 && m.memMap.test(f, PageFlags.PG_workingset) && !m.memMap.test(f, PageFlags.PG_active);
        }
        assertThat(someDeactivated).isTrue();
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
    }
}
