package dev.physmem.model.vmscan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.rmap.Vma;
import dev.physmem.model.syscalls.Syscalls;
import dev.physmem.model.testing.MemoryInvariants;
import dev.physmem.model.testing.PageCacheInvariants;
import dev.physmem.model.testing.TestMachines;
import dev.physmem.model.testing.TraceRecorder;
import dev.physmem.model.time.VirtualScheduler;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.VmEventItem;
import org.junit.jupiter.api.Test;

/** Direct reclaim when kswapd cannot keep up, and the OOM killer when nothing can be reclaimed. */
class DirectReclaimAndOomTest {
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
    void anAllocationBelowMinReclaimsDirectlyAndCountsAnAllocstall() {
        m.sysctl.set("dirty_writeback_centisecs", 0, "test");
        int file = sys.createInode("big");
        sys.truncate(file, 2L << 30);
        // Clean page cache up to about 40 MiB of free memory, with kswapd kept out of the way.
        long pos = 0;
        while (m.vmStat.globalZonePageState(dev.physmem.model.vmstat.ZoneStatItem.NR_FREE_PAGES) > 20_000) {
            clock.advance(sys.read(file, pos, 1 << 20));
            pos += 1 << 20;
        }
        long cached = node(NodeStatItem.NR_FILE_PAGES);
        long stallsBefore = m.vmStat.vmEvent(VmEventItem.ALLOCSTALL_MOVABLE);
        // 80 MiB of anonymous memory in one call: kswapd is woken but cannot run before the call ends,
        // so once every zone is at its min watermark the faulting task reclaims for itself.
        long handle = sys.mmapAnonymous(80L << 20);
        Vma vma = m.mmap.vma(handle);
        assertThat(vma.rss()).as("fully populated").isEqualTo(20_480);
        assertThat(m.vmStat.vmEvent(VmEventItem.ALLOCSTALL_MOVABLE) - stallsBefore).isPositive();
        long stealDirect = m.vmStat.vmEvent(VmEventItem.PGSTEAL_DIRECT);
        assertThat(stealDirect).isPositive();
        assertThat(m.vmStat.vmEvent(VmEventItem.PGSCAN_DIRECT)).isGreaterThanOrEqualTo(stealDirect);
        assertThat(m.vmStat.vmEvent(VmEventItem.PGSTEAL_KSWAPD)).isZero();
        assertThat(node(NodeStatItem.NR_FILE_PAGES)).isEqualTo(cached - stealDirect);
        assertThat(node(NodeStatItem.NR_ANON_MAPPED)).isEqualTo(20_480);
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
    }

    @Test
    void withNothingReclaimableTheOomKillerReapsTheLargestProcess() {
        // No swap: anonymous memory cannot be reclaimed. Ask for more than the machine has.
        long handle = sys.mmapAnonymous(1L << 30);
        assertThat(m.vmStat.vmEvent(VmEventItem.OOM_KILL)).isEqualTo(1);
        assertThat(trace.ooms).hasSize(1);
        TraceRecorder.Oom oom = trace.ooms.get(0);
        assertThat(oom.comm()).isEqualTo("java");
        assertThat(oom.report()).contains(" invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0\n")
                .contains("Mem-Info:\n")
                .containsPattern("Out of memory: Killed process 1 \\(java\\) total-vm:1048576kB, anon-rss:\\d+kB, "
                        + "file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:0kB oom_score_adj:0\n")
                .contains("oom_reaper: reaped process 1 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB");
        assertThat(oom.anonRssKb()).isGreaterThan(800_000);
        // The victim's memory went back; its mapping is gone and unmapping it again is harmless.
        assertThat(m.mmap.vma(handle)).isNull();
        sys.munmap(handle);
        assertThat(node(NodeStatItem.NR_ANON_MAPPED)).isZero();
        assertThat(m.syscalls() instanceof dev.physmem.model.syscalls.KernelSyscalls k && k.mm().oomKilled()).isTrue();
        clock.advance(1_000_000_000L);
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
    }
}
