package dev.physmem.model.vmstat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.model.machine.Machine;
import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.mmzone.ZoneType;
import dev.physmem.model.testing.TestMachines;
import org.junit.jupiter.api.Test;

/** Per-CPU deltas, stat_threshold and folding, as mm/vmstat.c keeps them. */
class VmStatTest {

    @Test
    void thresholdsFollowCalculateNormalThreshold() {
        // 2 * fls(cpus) * (1 + fls(managed >> 15)), at most 125; the reference machine's 24 for DMA32 and 4 for DMA.
        assertThat(VmStat.normalThreshold(772915, 2)).isEqualTo(24);
        assertThat(VmStat.normalThreshold(3840, 2)).isEqualTo(4);
        assertThat(VmStat.normalThreshold(294912, 2)).isEqualTo(20);
        assertThat(VmStat.normalThreshold(1L << 30, 64)).isEqualTo(125);
    }

    @Test
    void aDeltaStaysOnItsCpuUntilItPassesTheThreshold() {
        Machine m = TestMachines.boot("1g").machine();
        Zone dma32 = m.zone(0, ZoneType.ZONE_DMA32);
        VmStat vs = m.vmStat;
        vs.refresh();
        long folded = dma32.pageState(ZoneStatItem.NR_MLOCK);
        int threshold = dma32.statThreshold();
        assertThat(threshold).isEqualTo(VmStat.normalThreshold(dma32.managedPages(), 2));
        for (int i = 0; i < threshold; i++) {
            vs.modZonePageState(dma32, ZoneStatItem.NR_MLOCK, 1);
        }
        assertThat(dma32.pageState(ZoneStatItem.NR_MLOCK)).as("still per-CPU").isEqualTo(folded);
        assertThat(vs.zonePageStateSnapshot(dma32, ZoneStatItem.NR_MLOCK)).isEqualTo(folded + threshold);
        vs.modZonePageState(dma32, ZoneStatItem.NR_MLOCK, 1);
        assertThat(dma32.pageState(ZoneStatItem.NR_MLOCK)).as("folded past the threshold").isEqualTo(folded + threshold + 1);
        vs.modZonePageState(dma32, ZoneStatItem.NR_MLOCK, -3);
        vs.refresh();
        assertThat(vs.globalZonePageState(ZoneStatItem.NR_MLOCK)).isEqualTo(folded + threshold - 2);
    }

    @Test
    void eventCountersAreSummedOverCpus() {
        Machine m = TestMachines.boot("1g").machine();
        m.cpus.bind(0);
        m.vmStat.countVmEvents(VmEventItem.PGACTIVATE, 5);
        m.cpus.bind(1);
        m.vmStat.countVmEvents(VmEventItem.PGACTIVATE, 7);
        assertThat(m.vmStat.vmEvent(VmEventItem.PGACTIVATE)).isEqualTo(12);
    }

    @Test
    void itemNamesAreTheKernels() {
        assertThat(ZoneStatItem.name(ZoneStatItem.NR_FREE_CMA_PAGES)).isEqualTo("nr_free_cma");
        assertThat(NodeStatItem.name(NodeStatItem.NR_FILE_DIRTY)).isEqualTo("nr_dirty");
        assertThat(NodeStatItem.name(NodeStatItem.NR_ANON_MAPPED)).isEqualTo("nr_anon_pages");
        assertThat(VmEventItem.name(VmEventItem.ALLOCSTALL_NORMAL)).isEqualTo("allocstall_normal");
        assertThat(VmEventItem.PGALLOC_DMA32 - VmEventItem.PGALLOC_DMA).isEqualTo(ZoneType.ZONE_DMA32);
    }
}
