package dev.physmem.model.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.mmzone.ZoneType;
import dev.physmem.model.syscalls.Syscalls;
import dev.physmem.model.testing.MemoryInvariants;
import dev.physmem.model.testing.PageCacheInvariants;
import dev.physmem.model.testing.TestMachines;
import dev.physmem.model.testing.TraceRecorder;
import dev.physmem.model.time.VirtualScheduler;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.VmEventItem;
import dev.physmem.model.vmstat.ZoneStatItem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mechanism 3 of the seed article, memory pressure: reclaim finds dirty file pages it may not write
 * itself (6.18 reclaim never writes file folios), tags them PG_reclaim, and wakes the flushers with
 * WB_REASON_VMSCAN; as each write completes the folio rotates to the inactive tail and kswapd frees it.
 */
class MemoryPressureWritebackTest {
    private static final long MS = 1_000_000L;
    private final TraceRecorder trace = new TraceRecorder();
    private final TestMachines.Booted booted = TestMachines.boot(MachineConfig.defaults().withRam(1L << 30), trace);
    private final Machine m = booted.machine();
    private final VirtualScheduler clock = booted.clock();
    private final Syscalls sys = m.syscalls();
    private volatile boolean woken;

    @BeforeEach
    void onlyMemoryPressure() {
        // A device that has written before owns the whole background threshold (see BackgroundWritebackTest).
        int warmUp = sys.createInode("warm-up");
        sys.write(warmUp, 0, 4096);
        clock.advance(sys.fsync(warmUp));
        sys.unlink(warmUp);
        trace.writepages.clear();
        // No periodic writeback, and limits above the machine's memory: neither the background
        // threshold nor throttling can start writeback, only reclaim can.
        m.sysctl.set("dirty_writeback_centisecs", 0, "test");
        m.sysctl.set("dirty_bytes", 4L << 30, "test");
        m.sysctl.set("dirty_background_bytes", 3L << 30, "test");
        trace.onWakeupKswapd = () -> woken = true;
    }

    private long node(int item) {
        m.vmStat.refresh();
        return m.vmStat.globalNodePageState(item);
    }

    @Test
    void reclaimWakesTheFlushersForDirtyPagesAndFreesThemOnceWritten() {
        int ino = sys.createInode("dirty");
        long pages = 0;
        while (!woken) {
            assertThat(sys.write(ino, pages * 4096, 4096)).as("never throttled").isZero();
            pages++;
        }
        assertThat(trace.writepages).as("nothing written yet").isEmpty();
        assertThat(node(NodeStatItem.NR_FILE_DIRTY)).isEqualTo(pages);
        long dirtyAtWakeup = pages;
        // kswapd's first run: every folio it isolates is dirty and not queued, so it tags them and wakes
        // the flushers; it frees nothing yet.
        clock.advance(0);
        assertThat(trace.queued).contains(WbReason.WB_REASON_VMSCAN);
        assertThat(node(NodeStatItem.NR_VMSCAN_IMMEDIATE)).isPositive();
        assertThat(m.vmStat.vmEvent(VmEventItem.PGACTIVATE)).isPositive();
        assertThat(node(NodeStatItem.NR_WRITEBACK)).as("the flusher filled the device queue").isEqualTo(32 * 256);
        assertThat(trace.writepages).allMatch(w -> w.reason() == WbReason.WB_REASON_VMSCAN);
        assertThat(m.vmStat.vmEvent(VmEventItem.PGSTEAL_KSWAPD)).isZero();
        // As writes complete, tagged folios rotate to the inactive tail (pgrotated) and kswapd, back
        // after its HZ/10 writeback throttle, frees them.
        clock.advance(2_000 * MS);
        long steal = m.vmStat.vmEvent(VmEventItem.PGSTEAL_KSWAPD);
        assertThat(m.vmStat.vmEvent(VmEventItem.PGROTATED)).isPositive();
        assertThat(steal).isPositive();
        assertThat(steal).as("only written pages were freed").isLessThanOrEqualTo(node(NodeStatItem.NR_WRITTEN) - 1);
        assertThat(node(NodeStatItem.NR_FILE_PAGES)).isEqualTo(dirtyAtWakeup - steal);
        assertThat(m.vmStat.vmEvent(VmEventItem.PGSTEAL_DIRECT)).isZero();
        Zone dma32 = m.zone(0, ZoneType.ZONE_DMA32);
        assertThat(m.vmStat.zonePageStateSnapshot(dma32, ZoneStatItem.NR_FREE_PAGES)).isGreaterThan(dma32.highWmarkPages());
        assertThat(m.vmscan.kswapd(0).isRunning()).isFalse();
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
    }
}
