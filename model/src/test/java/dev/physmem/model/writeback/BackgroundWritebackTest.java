package dev.physmem.model.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.syscalls.Syscalls;
import dev.physmem.model.testing.MemoryInvariants;
import dev.physmem.model.testing.PageCacheInvariants;
import dev.physmem.model.testing.TestMachines;
import dev.physmem.model.testing.TraceRecorder;
import dev.physmem.model.time.VirtualScheduler;
import dev.physmem.model.vmstat.NodeStatItem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mechanism 2, background writeback: once dirty pages pass dirty_background_*, balance_dirty_pages()
 * wakes the flusher, which writes until they are back under the threshold and then stops.
 */
class BackgroundWritebackTest {
    private static final long MS = 1_000_000L;
    private final TraceRecorder trace = new TraceRecorder();
    private final TestMachines.Booted booted = TestMachines.boot(MachineConfig.defaults().withRam(1L << 30), trace);
    private final Machine m = booted.machine();
    private final VirtualScheduler clock = booted.clock();
    private final Syscalls sys = m.syscalls();

    private long written0;

    @BeforeEach
    void limits() {
        // The device has written before, so it owns the whole threshold (its share of recent writeout
        // completions is 1); a device that never wrote is the subject of the last test.
        int warmUp = sys.createInode("warm-up");
        sys.write(warmUp, 0, 4096);
        clock.advance(sys.fsync(warmUp));
        sys.unlink(warmUp);
        trace.writepages.clear();
        trace.written.clear();
        written0 = node(NodeStatItem.NR_WRITTEN);
        // Only the background mechanism: no periodic runs; bg_thresh 4096 pages, thresh 65536 pages,
        // so the freerun ceiling (34816) is far away and the writer is never throttled.
        m.sysctl.set("dirty_writeback_centisecs", 0, "test");
        m.sysctl.set("dirty_background_bytes", 16L << 20, "test");
        m.sysctl.set("dirty_bytes", 256L << 20, "test");
    }

    private long node(int item) {
        m.vmStat.refresh();
        return m.vmStat.globalNodePageState(item);
    }

    @Test
    void belowTheBackgroundThresholdNothingIsWritten() {
        int ino = sys.createInode("data");
        assertThat(sys.write(ino, 0, 4000 * 4096L)).isZero();
        clock.advance(60_000 * MS);
        assertThat(trace.writepages).isEmpty();
        assertThat(node(NodeStatItem.NR_FILE_DIRTY)).isEqualTo(4000);
    }

    @Test
    void theFlusherWritesUntilDirtyPagesAreBackUnderTheThreshold() {
        int ino = sys.createInode("data");
        assertThat(sys.write(ino, 0, 20_000 * 4096L)).as("never throttled below freerun").isZero();
        // balance_dirty_pages() looked every 128 pages (dirty_poll_interval: 1 << (ilog2(65536 - dirty) / 2))
        // and woke the flusher once nr_dirty passed 4096; it runs as soon as the clock moves.
        assertThat(m.diskWb.dwork.pending()).isTrue();
        assertThat(trace.writepages).isEmpty();
        clock.advance(0);
        // It filled the device queue: 32 requests of 256 pages, and waits for a free request.
        assertThat(node(NodeStatItem.NR_WRITEBACK)).isEqualTo(32 * 256);
        assertThat(node(NodeStatItem.NR_FILE_DIRTY)).isEqualTo(20_000 - 32 * 256);
        assertThat(trace.writepages).allMatch(w -> w.reason() == WbReason.WB_REASON_BACKGROUND);
        // A completion (1 MiB every 5 ms at 200 MiB/s) frees a request for another 256 pages, and every 4th
        // (the tag sbitmap's wake_batch for a depth of 32) wakes the flusher, which fills the 4 free
        // requests before it looks again: 1024 pages between looks, the kernel's MIN_WRITEBACK_PAGES chunk.
        // It stops at the first look that finds nr_dirty <= 4096: 11808 - 1024j <= 4096 first for j = 8.
        clock.advance(2_000 * MS);
        long dirty = node(NodeStatItem.NR_FILE_DIRTY);
        long drift = m.nodes.get(0).statThreshold();
        assertThat(dirty).isBetween(11_808L - 8 * 1024 - drift, 11_808L - 8 * 1024 + drift);
        assertThat(node(NodeStatItem.NR_WRITEBACK)).isZero();
        assertThat(node(NodeStatItem.NR_WRITTEN) - written0).isEqualTo(20_000 - dirty);
        assertThat(trace.written).extracting(TraceRecorder.Written::reason).containsExactly(WbReason.WB_REASON_BACKGROUND);
        // What is left stays dirty: background writeback does not go below the threshold.
        clock.advance(60_000 * MS);
        assertThat(node(NodeStatItem.NR_FILE_DIRTY)).isEqualTo(dirty);
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
    }

    @Test
    void loweringTheBackgroundThresholdStartsTheFlusherOnTheNextLook() {
        int ino = sys.createInode("data");
        sys.write(ino, 0, 3000 * 4096L);
        clock.advance(0);
        assertThat(trace.writepages).isEmpty();
        m.sysctl.set("dirty_background_bytes", 4L << 20, "test");
        // The writer looks at the limits again within dirty_poll_interval(3000, 65536) = 128 pages.
        assertThat(m.balanceDirtyPages.current().nrDirtiedPause()).isEqualTo(128);
        sys.write(ino, 3000 * 4096L, 128 * 4096L);
        clock.advance(1_000 * MS);
        assertThat(node(NodeStatItem.NR_FILE_DIRTY)).isLessThanOrEqualTo(1024 + m.nodes.get(0).statThreshold());
        assertThat(trace.writepages).isNotEmpty().allMatch(w -> w.reason() == WbReason.WB_REASON_BACKGROUND);
    }

    @Test
    void aDeviceThatNeverWroteStartsBackgroundWritebackAtANinthOfTheThreshold() {
        // Before its first completion a device's share of the threshold is 0 (fprop_fraction 0/1), and
        // __wb_calc_thresh() gives it only (bg_thresh - dirty) / 8: it is over its share once
        // dirty > (4096 - dirty) / 8, i.e. above 455 pages.
        TestMachines.Booted fresh = TestMachines.boot(MachineConfig.defaults().withRam(1L << 30));
        Machine f = fresh.machine();
        f.sysctl.set("dirty_writeback_centisecs", 0, "test");
        f.sysctl.set("dirty_background_bytes", 16L << 20, "test");
        f.sysctl.set("dirty_bytes", 256L << 20, "test");
        assertThat(f.balanceDirtyPages.wbOverBgThresh(f.diskWb)).isFalse();
        int ino = f.syscalls().createInode("data");
        // The device's counter is per-CPU and read folded (off by up to WB_STAT_BATCH = 16 per CPU), so
        // look clearly on each side of 455.
        f.syscalls().write(ino, 0, 420 * 4096L);
        f.vmStat.refresh();
        assertThat(f.balanceDirtyPages.wbOverBgThresh(f.diskWb)).isFalse();
        f.syscalls().write(ino, 420 * 4096L, 80 * 4096L);
        f.vmStat.refresh();
        assertThat(f.balanceDirtyPages.wbOverBgThresh(f.diskWb)).isTrue();
        // After one completion the device owns the whole threshold again.
        fresh.clock().advance(f.syscalls().fsync(ino));
        f.syscalls().write(ino, 0, 2000 * 4096L);
        f.vmStat.refresh();
        assertThat(f.balanceDirtyPages.wbOverBgThresh(f.diskWb)).isFalse();
    }
}
