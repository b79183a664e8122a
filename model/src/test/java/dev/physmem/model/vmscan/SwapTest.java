package dev.physmem.model.vmscan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.proc.MemInfo;
import dev.physmem.model.proc.MemInfoField;
import dev.physmem.model.proc.MemInfoSnapshot;
import dev.physmem.model.syscalls.KernelSyscalls;
import dev.physmem.model.syscalls.Syscalls;
import dev.physmem.model.testing.MemoryInvariants;
import dev.physmem.model.testing.PageCacheInvariants;
import dev.physmem.model.testing.TestMachines;
import dev.physmem.model.time.VirtualScheduler;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.VmEventItem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A 1 GiB machine with 512 MiB of swap on its disk: anonymous memory becomes reclaimable. */
class SwapTest {
    private static final long MS = 1_000_000L;
    private final TestMachines.Booted booted = TestMachines.boot(
            MachineConfig.defaults().withRam(1L << 30).withSwap(512L << 20));
    private final Machine m = booted.machine();
    private final VirtualScheduler clock = booted.clock();
    private final Syscalls sys = m.syscalls();

    private long node(int item) {
        m.vmStat.refresh();
        return m.vmStat.globalNodePageState(item);
    }

    @Test
    void anonymousMemoryBeyondRamIsSwappedOutInsteadOfKillingTheProcess() {
        MemInfoSnapshot before = MemInfo.capture(m);
        assertThat(before.get(MemInfoField.SWAP_TOTAL)).isEqualTo(512 * 1024 - 4);
        assertThat(before.get(MemInfoField.SWAP_FREE)).isEqualTo(512 * 1024 - 4);
        List<Long> maps = new ArrayList<>();
        // 1.25 GiB of anonymous memory, 4 MiB every 50 ms (80 MB/s, less than the disk's 200 MiB/s):
        // kswapd swaps out behind the allocations. (Faster than the disk, an allocation would need to
        // wait for swap-out I/O inside one call, which the simulator cannot: it would end in the OOM
        // killer instead.)
        for (int i = 0; i < 320; i++) {
            maps.add(sys.mmapAnonymous(4L << 20));
            clock.advance(50 * MS);
        }
        clock.advance(2_000 * MS);
        assertThat(m.vmStat.vmEvent(VmEventItem.OOM_KILL)).isZero();
        long pswpout = m.vmStat.vmEvent(VmEventItem.PSWPOUT);
        assertThat(pswpout).isPositive();
        assertThat(m.vmStat.vmEvent(VmEventItem.PGSTEAL_ANON)).isPositive();
        var mm = ((KernelSyscalls) sys).mm();
        // Every page asked for is either resident or on swap.
        assertThat(mm.anonRss() + mm.swapents()).isEqualTo(320L * 1024);
        assertThat(node(NodeStatItem.NR_ANON_MAPPED)).isEqualTo(mm.anonRss());
        MemInfoSnapshot info = MemInfo.capture(m);
        assertThat(info.get(MemInfoField.SWAP_TOTAL) - info.get(MemInfoField.SWAP_FREE))
                .as("swap in use covers every swapped page (and those still in the swap cache)")
                .isGreaterThanOrEqualTo(mm.swapents() * 4);
        assertThat(info.get(MemInfoField.COMMITTED_AS)).isEqualTo(320L * 4 * 1024);
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
        // Unmapping frees both the resident pages and the swap slots.
        for (long h : maps) {
            sys.munmap(h);
        }
        clock.advance(1_000 * MS);
        assertThat(mm.swapents()).isZero();
        m.vmStat.refresh();
        // What swap is still in use is held only by folios left in the swap cache (those whose write
        // was in flight when they were unmapped); reclaim frees them when it needs the memory.
        MemInfoSnapshot after = MemInfo.capture(m);
        assertThat(after.get(MemInfoField.SWAP_TOTAL) - after.get(MemInfoField.SWAP_FREE))
                .isEqualTo(after.get(MemInfoField.SWAP_CACHED));
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
    }

    @Test
    void swappinessZeroReclaimsPageCacheBeforeAnonymousMemory() {
        m.sysctl.set("swappiness", 0, "test");
        int file = sys.createInode("cache");
        sys.truncate(file, 1L << 30);
        for (long pos = 0; pos < (500L << 20); pos += 1 << 20) {
            clock.advance(sys.read(file, pos, 1 << 20));
        }
        for (int i = 0; i < 30; i++) {
            sys.mmapAnonymous(16L << 20);
            clock.advance(50 * MS);
        }
        // Plenty of page cache to take from: with swappiness 0, anon lists are not scanned at all.
        assertThat(m.vmStat.vmEvent(VmEventItem.PGSTEAL_FILE)).isPositive();
        assertThat(m.vmStat.vmEvent(VmEventItem.PGSCAN_ANON)).isZero();
        assertThat(m.vmStat.vmEvent(VmEventItem.PSWPOUT)).isZero();
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
    }
}
