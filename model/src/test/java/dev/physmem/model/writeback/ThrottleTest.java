package dev.physmem.model.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.syscalls.Syscalls;
import dev.physmem.model.testing.MemoryInvariants;
import dev.physmem.model.testing.PageCacheInvariants;
import dev.physmem.model.testing.TestMachines;
import dev.physmem.model.testing.TraceRecorder;
import dev.physmem.model.time.Scheduler;
import dev.physmem.model.time.VirtualScheduler;
import dev.physmem.model.vmstat.NodeStatItem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mechanism 3 of the seed article as dirty_ratio: a writer faster than the disk is paused by
 * balance_dirty_pages() once dirty + writeback pages pass the freerun ceiling, with pauses of at most
 * 200 ms, until it dirties no faster than the disk writes.
 */
class ThrottleTest {
    private static final long MS = 1_000_000L;
    /** The disk writes 200 MiB/s: 51200 pages per second. */
    private static final long DISK_PAGES_PER_SEC = (200L << 20) / 4096;
    private final TraceRecorder trace = new TraceRecorder();
    private final TestMachines.Booted booted = TestMachines.boot(MachineConfig.defaults().withRam(4L << 30), trace);
    private final Machine m = booted.machine();
    private final VirtualScheduler clock = booted.clock();
    private final Syscalls sys = m.syscalls();

    @BeforeEach
    void limits() {
        int warmUp = sys.createInode("warm-up");
        sys.write(warmUp, 0, 4096);
        clock.advance(sys.fsync(warmUp));
        sys.unlink(warmUp);
        // thresh 16384 pages, bg_thresh 2048: the freerun ceiling is (16384 + 2048) / 2 = 9216.
        m.sysctl.set("dirty_bytes", 64L << 20, "test");
        m.sysctl.set("dirty_background_bytes", 8L << 20, "test");
    }

    private long dirtyPlusWriteback() {
        return m.vmStat.globalNodePageState(NodeStatItem.NR_FILE_DIRTY)
                + m.vmStat.globalNodePageState(NodeStatItem.NR_WRITEBACK);
    }

    @Test
    void aFastWriterIsPausedAboveTheFreerunCeilingAndPacedToTheDisk() {
        int ino = sys.createInode("stream");
        long start = clock.now();
        long pages = 0;
        long firstPauseAt = -1;
        long maxSeen = 0;
        while (clock.now() < start + 10_000 * MS) {
            long pause = sys.write(ino, pages * 4096, 4096);
            pages++;
            if (pause > 0 && firstPauseAt < 0) {
                firstPauseAt = pages;
            }
            // The writer sleeps what it is told to: the caller of a real write(2) would.
            assertThat(pause).isBetween(0L, BalanceDirtyPages.MAX_PAUSE * Scheduler.NANOS_PER_JIFFY);
            assertThat(pause % Scheduler.NANOS_PER_JIFFY).isZero();
            clock.advance(pause);
            maxSeen = Math.max(maxSeen, dirtyPlusWriteback());
        }
        // Free running up to the ceiling: nobody is paused before dirty + writeback passes 9216.
        assertThat(firstPauseAt).isGreaterThan(9216 - 2 * m.nodes.get(0).statThreshold());
        assertThat(trace.throttles).isNotEmpty();
        for (TraceRecorder.Throttle t : trace.throttles) {
            assertThat(t.dirty()).isGreaterThan((t.thresh() + t.bgThresh()) / 2);
            assertThat(t.pauseNanos()).isLessThanOrEqualTo(200 * MS);
        }
        assertThat(trace.throttles).anyMatch(t -> t.pauseNanos() > 0);
        // The control line keeps dirty + writeback under the limit (16384 pages) ...
        assertThat(maxSeen).isLessThan(16384);
        // ... and paces the writer to the disk: 10 s at 51200 pages/s, plus what is still in memory.
        long inMemory = dirtyPlusWriteback();
        long diskPages = DISK_PAGES_PER_SEC * 10;
        assertThat((double) pages).isBetween(0.9 * (diskPages + inMemory), 1.1 * (diskPages + inMemory));
        assertThat(m.balanceDirtyPages.pauses()).isGreaterThan(100);
        assertThat(m.diskWb.avgWriteBandwidth()).as("the estimate found the disk")
                .isBetween((long) (0.9 * DISK_PAGES_PER_SEC), (long) (1.1 * DISK_PAGES_PER_SEC));
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
    }

    @Test
    void aWriterThatDoesNotSleepIsChargedEachPauseOnceAndAtTheLimitTheMaximum() {
        // A writer that ignores its pauses (throttle=record in the agent) drives dirty past the limit.
        // The kernel would not run it during a pause, so it is not charged again until the pause is over.
        int ino = sys.createInode("stream");
        List<Long> pauses = new ArrayList<>();
        for (long p = 0; p < 20_000; p++) {
            long pause = sys.write(ino, p * 4096, 4096);
            if (pause > 0) {
                pauses.add(pause);
            }
        }
        assertThat(pauses).hasSize(1);
        assertThat(trace.throttles).filteredOn(t -> t.pauseNanos() > 0).hasSize(1);
        // Once it is over, dirty is at the limit: pos_ratio is 0 and the look asks for wb_max_pause(),
        // the time the device needs to write what it holds,
        // wb_dirty / (1 + write_bw / roundup_pow_of_two(1 + HZ/8)) + 1 jiffies, at most MAX_PAUSE.
        clock.advance(pauses.get(0));
        long last = sys.write(ino, 20_000L * 4096, 4096);
        TraceRecorder.Throttle t = trace.throttles.get(trace.throttles.size() - 1);
        assertThat(t.dirty()).isGreaterThanOrEqualTo(t.limit());
        assertThat(t.taskRatelimit()).isZero();
        long wbDirty = m.diskWb.stat(BdiWriteback.WB_RECLAIMABLE) + m.diskWb.stat(BdiWriteback.WB_WRITEBACK);
        long maxPause = Math.min(wbDirty / (1 + m.diskWb.avgWriteBandwidth() / 32) + 1, BalanceDirtyPages.MAX_PAUSE);
        // About 20000 pages at the initial 25600 pages/s estimate: 20000 / 801 + 1 = 25 jiffies, 100 ms.
        assertThat(maxPause).isBetween(24L, 25L);
        assertThat(last).isEqualTo(maxPause * Scheduler.NANOS_PER_JIFFY);
        // A device holding more than 200 ms worth is capped at MAX_PAUSE.
        for (long p = 20_001; p < 60_000; p++) {
            assertThat(sys.write(ino, p * 4096, 4096)).isZero();
        }
        clock.advance(last);
        assertThat(sys.write(ino, 60_000L * 4096, 4096)).isEqualTo(200 * MS);
    }
}
