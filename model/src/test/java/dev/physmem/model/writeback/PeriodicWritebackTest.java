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
import org.junit.jupiter.api.Test;

/**
 * Mechanism 1, periodic ("kupdate") writeback: nothing is written before the data is
 * dirty_expire_centisecs old; it is written by the first periodic run after that, at most
 * dirty_writeback_centisecs later.
 */
class PeriodicWritebackTest {
    private static final long MS = 1_000_000L;
    private final TraceRecorder trace = new TraceRecorder();
    private final TestMachines.Booted booted = TestMachines.boot(MachineConfig.defaults().withRam(1L << 30), trace);
    private final Machine m = booted.machine();
    private final VirtualScheduler clock = booted.clock();
    private final Syscalls sys = m.syscalls();

    private long node(int item) {
        m.vmStat.refresh();
        return m.vmStat.globalNodePageState(item);
    }

    @Test
    void aDirtyPageIsWrittenBetweenExpireAndExpirePlusInterval() {
        int ino = sys.createInode("log");
        clock.advance(1234 * MS);
        long dirtiedAt = clock.now();
        sys.write(ino, 0, 4096);
        // The first dirty inode arms the flusher 5 s out (wb_wakeup_delayed); it then runs every 5 s and
        // writes inodes whose dirtied_when (jiffy 308 = 1.234 s / 4 ms) is at or before jiffies - 7500.
        // The run at 1.234 + 30 s sees jiffy 7808 - 7500 = 308: expired. Earlier runs do not.
        clock.runUntil(dirtiedAt + 30_000 * MS - 1);
        assertThat(trace.writepages).isEmpty();
        assertThat(node(NodeStatItem.NR_FILE_DIRTY)).isEqualTo(1);
        assertThat(node(NodeStatItem.NR_WRITTEN)).isZero();
        clock.runUntil(dirtiedAt + 35_000 * MS);
        assertThat(trace.writepages).hasSize(1);
        TraceRecorder.Writepage w = trace.writepages.get(0);
        assertThat(w.reason()).isEqualTo(WbReason.WB_REASON_PERIODIC);
        assertThat(w.nanos()).isBetween(dirtiedAt + 30_000 * MS, dirtiedAt + 35_000 * MS);
        assertThat(w.nanos()).as("exactly the sixth periodic run").isEqualTo(dirtiedAt + 30_000 * MS);
        // One page at 200 MiB/s: ceil(4096e9 / 209715200) = 19532 ns of transfer, 500 us of latency.
        clock.runUntil(w.nanos() + 19_532 + 500_000);
        assertThat(node(NodeStatItem.NR_FILE_DIRTY)).isZero();
        assertThat(node(NodeStatItem.NR_WRITEBACK)).isZero();
        assertThat(node(NodeStatItem.NR_WRITTEN)).isEqualTo(1);
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
    }

    @Test
    void dataDirtiedLaterIsOnlyWrittenWhenItExpires() {
        int early = sys.createInode("early");
        int late = sys.createInode("late");
        sys.write(early, 0, 4096);
        clock.advance(20_000 * MS);
        sys.write(late, 0, 4096);
        clock.runUntil(31_000 * MS);
        assertThat(trace.writepages).extracting(TraceRecorder.Writepage::ino).containsExactly((long) early);
        clock.runUntil(56_000 * MS);
        assertThat(trace.writepages).extracting(TraceRecorder.Writepage::ino).containsExactly((long) early, (long) late);
        assertThat(trace.writepages.get(1).nanos()).isBetween(50_000 * MS, 55_000 * MS);
    }

    @Test
    void aNewWritebackIntervalWakesTheFlusherAtOnceAndReArmsIt() {
        int ino = sys.createInode("data");
        sys.write(ino, 0, 10 * 4096);
        clock.advance(MS);
        assertThat(trace.writepages).isEmpty();
        // dirty_writeback_centisecs_handler(): a new non-zero value is wakeup_flusher_threads(PERIODIC):
        // everything dirty is written now, not only expired data.
        m.sysctl.set("dirty_writeback_centisecs", 100, "test");
        clock.advance(0);
        assertThat(trace.writepages).hasSize(10).allMatch(w -> w.reason() == WbReason.WB_REASON_PERIODIC
                && w.nanos() == MS);
        assertThat(trace.queued).containsExactly(WbReason.WB_REASON_PERIODIC);
        // Dirtied again, it is written 30 s later by a flusher now waking every second.
        clock.advance(10 * MS);
        sys.write(ino, 0, 4096);
        long dirtiedAt = clock.now();
        clock.runUntil(dirtiedAt + 31_000 * MS);
        assertThat(trace.writepages).hasSize(11);
        assertThat(trace.writepages.get(10).nanos()).isBetween(dirtiedAt + 30_000 * MS, dirtiedAt + 31_000 * MS);
    }

    @Test
    void zeroDisablesPeriodicWriteback() {
        m.sysctl.set("dirty_writeback_centisecs", 0, "test");
        int ino = sys.createInode("data");
        sys.write(ino, 0, 4096);
        clock.advance(120_000 * MS);
        assertThat(trace.writepages).isEmpty();
        assertThat(node(NodeStatItem.NR_FILE_DIRTY)).isEqualTo(1);
    }
}
