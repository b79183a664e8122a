package dev.physmem.model.writeback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.model.machine.Machine;
import dev.physmem.model.proc.VmStatFile;
import dev.physmem.model.proc.VmStatSnapshot;
import dev.physmem.model.sysctl.SysctlException;
import dev.physmem.model.testing.TestMachines;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.ZoneStatItem;
import org.junit.jupiter.api.Test;

/** domain_dirty_limits() and the sysctl handlers against numbers worked out by hand. */
class DirtyThresholdsTest {
    private final Machine m = TestMachines.boot("1g").machine();
    private final DirtyLimits limits = m.dirtyLimits;

    @Test
    void ratiosApplyPerPageSizeWithIntegerDivision() {
        // The reference machine's dirtyable memory, 6,115,000 pages. dirty_ratio 20 is 20 * 4096 / 100
        // = 819 parts per 4096, dirty_background_ratio 10 is 409:
        //   thresh    = 819 * 6115000 / 4096 = 5008185000 / 4096 = 1222701 (1222701.4)
        //   bg_thresh = 409 * 6115000 / 4096 = 2501035000 / 4096 =  610604 (610604.7)
        //   freerun   = (1222701 + 610604) / 2 = 916652
        DirtyLimits.Limits l = limits.domainDirtyLimits(6_115_000);
        assertThat(l.thresh()).isEqualTo(1_222_701);
        assertThat(l.bgThresh()).isEqualTo(610_604);
        assertThat(l.freerunCeiling()).isEqualTo(916_652);
    }

    @Test
    void bytesWinOverRatiosAndABackgroundAtOrAboveTheLimitBecomesHalfOfIt() {
        // echo 104857600 > dirty_bytes: thresh = 104857600 / 4096 = 25600; the 10% background
        // threshold (610604) is not below it, so it becomes 25600 / 2 = 12800 — as on the live machine.
        m.sysctl.set("dirty_bytes", 104_857_600L, "test");
        assertThat(m.sysctl.getLong("dirty_ratio")).isZero();
        DirtyLimits.Limits l = limits.domainDirtyLimits(6_115_000);
        assertThat(l.thresh()).isEqualTo(25_600);
        assertThat(l.bgThresh()).isEqualTo(12_800);
        // echo 20 > dirty_ratio: dirty_bytes reads 0 again.
        m.sysctl.set("dirty_ratio", 20, "test");
        assertThat(m.sysctl.getLong("dirty_bytes")).isZero();
        // echo 3000000000 > dirty_background_bytes: DIV_ROUND_UP(3e9, 4096) = 732422 (732421.875).
        m.sysctl.set("dirty_background_bytes", 3_000_000_000L, "test");
        assertThat(m.sysctl.getLong("dirty_background_ratio")).isZero();
        assertThat(limits.domainDirtyLimits(6_115_000).bgThresh()).isEqualTo(732_422);
        // Any write of dirty_background_ratio, even of its current value, zeroes the bytes twin.
        m.sysctl.set("dirty_background_ratio", 0, "test");
        assertThat(m.sysctl.getLong("dirty_background_bytes")).isZero();
    }

    @Test
    void outOfRangeWritesAreRefusedWithTheRangeAndChangeNothing() {
        assertThatThrownBy(() -> m.sysctl.set("dirty_ratio", 101, "test")).isInstanceOf(SysctlException.class)
                .hasMessage("vm.dirty_ratio = 101: Invalid argument (accepted: 0 .. 100 %)");
        assertThatThrownBy(() -> m.sysctl.set("dirty_bytes", 4096, "test")).isInstanceOf(SysctlException.class)
                .hasMessageContaining("accepted: at least 8192 bytes");
        assertThatThrownBy(() -> m.sysctl.set("dirty_expire_centisecs", -1, "test")).isInstanceOf(SysctlException.class);
        assertThat(m.sysctl.getLong("dirty_ratio")).isEqualTo(20);
        assertThat(m.sysctl.getLong("dirty_bytes")).isZero();
        assertThat(m.sysctl.getLong("dirty_writeback_centisecs")).isEqualTo(500);
        assertThat(m.sysctl.getLong("dirty_expire_centisecs")).isEqualTo(3000);
    }

    @Test
    void procVmstatShowsTheThresholdsOfTheMachinesOwnDirtyableMemory() {
        m.vmStat.refresh();
        // global_dirtyable_memory() = free - min(free, totalreserve) + active_file + inactive_file + 1.
        long free = m.vmStat.globalZonePageState(ZoneStatItem.NR_FREE_PAGES);
        long avail = free - Math.min(free, m.watermarks.totalreservePages())
                + m.vmStat.globalNodePageState(NodeStatItem.NR_ACTIVE_FILE)
                + m.vmStat.globalNodePageState(NodeStatItem.NR_INACTIVE_FILE) + 1;
        VmStatSnapshot s = VmStatFile.capture(m);
        assertThat(s.values()[VmStatFile.indexOf("nr_dirty_threshold")]).isEqualTo(819 * avail / 4096);
        assertThat(s.values()[VmStatFile.indexOf("nr_dirty_background_threshold")]).isEqualTo(409 * avail / 4096);
        // A new dirty_ratio moves them at once.
        m.sysctl.set("dirty_ratio", 40, "test");
        s = VmStatFile.capture(m);
        assertThat(s.values()[VmStatFile.indexOf("nr_dirty_threshold")]).isEqualTo(1638 * avail / 4096);
    }

    @Test
    void ratelimitPagesFollowTheThreshold() {
        // writeback_set_ratelimit(): thresh / (2 CPUs * 32), at least 16.
        long thresh = limits.globalDirtyLimits().thresh();
        assertThat(m.balanceDirtyPages.ratelimitPages()).isEqualTo(Math.max(16, thresh / 64));
        m.sysctl.set("dirty_bytes", 8192, "test");
        assertThat(m.balanceDirtyPages.ratelimitPages()).isEqualTo(16);
        assertThat(m.wbDomain.dirtyLimit()).isEqualTo(2);
    }
}
