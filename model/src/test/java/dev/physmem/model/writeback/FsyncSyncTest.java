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

/** fsync(2) and sync(2): data-integrity writeback, and how long the caller waits for it. */
class FsyncSyncTest {
    private final TraceRecorder trace = new TraceRecorder();
    private final TestMachines.Booted booted = TestMachines.boot(MachineConfig.defaults().withRam(1L << 30), trace);
    private final Machine m = booted.machine();
    private final VirtualScheduler clock = booted.clock();
    private final Syscalls sys = m.syscalls();

    @BeforeEach
    void noPeriodicWriteback() {
        m.sysctl.set("dirty_writeback_centisecs", 0, "test");
    }

    private long node(int item) {
        m.vmStat.refresh();
        return m.vmStat.globalNodePageState(item);
    }

    @Test
    void fsyncWritesTheFileAndWaitsForItsLastRequest() {
        int ino = sys.createInode("db");
        int other = sys.createInode("log");
        sys.write(ino, 0, 300 * 4096L);
        sys.write(other, 0, 5 * 4096L);
        // Two requests: 256 pages (1 MiB: 5 ms at 200 MiB/s) then 44 pages (180224 B: 859375 ns) behind
        // it; the last completes 500 us after its transfer: 5000000 + 859375 + 500000.
        long wait = sys.fsync(ino);
        assertThat(wait).isEqualTo(6_359_375);
        assertThat(node(NodeStatItem.NR_WRITEBACK)).isEqualTo(300);
        assertThat(node(NodeStatItem.NR_FILE_DIRTY)).as("the other file is not fsync's business").isEqualTo(5);
        assertThat(trace.writepages).hasSize(300).allMatch(w -> w.reason() == WbReason.WB_REASON_SYNC);
        clock.advance(wait - 1);
        assertThat(node(NodeStatItem.NR_WRITEBACK)).isEqualTo(44);
        clock.advance(1);
        assertThat(node(NodeStatItem.NR_WRITEBACK)).isZero();
        assertThat(node(NodeStatItem.NR_WRITTEN)).isEqualTo(300);
        assertThat(sys.fsync(ino)).as("nothing left to write or wait for").isZero();
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
    }

    @Test
    void fsyncWaitsForAPageRedirtiedWhileItsWriteIsInFlightToBeWrittenAgain() {
        int ino = sys.createInode("db");
        sys.write(ino, 0, 10 * 4096L);
        long first = sys.fsync(ino);
        // 10 pages: ceil(40960e9 / 209715200) = 195313 ns + 500 us.
        assertThat(first).isEqualTo(695_313);
        sys.write(ino, 0, 100);
        // Page 0 is under writeback and dirty again: WB_SYNC_ALL waits for that I/O, then writes it:
        // one more page, ceil(4096e9 / 209715200) = 19532 ns + 500 us after the first completes.
        long second = sys.fsync(ino);
        assertThat(second).isEqualTo(695_313 + 19_532 + 500_000);
        clock.advance(second);
        assertThat(node(NodeStatItem.NR_FILE_DIRTY)).isZero();
        assertThat(node(NodeStatItem.NR_WRITEBACK)).isZero();
        assertThat(node(NodeStatItem.NR_WRITTEN)).isEqualTo(11);
        PageCacheInvariants.check(m);
    }

    @Test
    void syncWritesEveryDirtyFileAndWaitsForTheDiskToDrain() {
        int a = sys.createInode("a");
        int b = sys.createInode("b");
        sys.write(a, 0, 256 * 4096L);
        sys.write(b, 0, 256 * 4096L);
        // Two 1 MiB requests back to back: 5 ms + 5 ms + 500 us.
        long wait = sys.sync();
        assertThat(wait).isEqualTo(10_500_000);
        assertThat(trace.queued).contains(WbReason.WB_REASON_SYNC);
        clock.advance(wait);
        assertThat(node(NodeStatItem.NR_FILE_DIRTY)).isZero();
        assertThat(node(NodeStatItem.NR_WRITEBACK)).isZero();
        assertThat(node(NodeStatItem.NR_WRITTEN)).isEqualTo(512);
        assertThat(m.diskWb.hasDirtyIo()).as("clean inodes leave the writeback lists").isFalse();
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
    }
}
