package dev.physmem.model.vmscan;

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
 * kswapd on a 1 GiB x86_64 machine (zones DMA and DMA32; for GFP_HIGHUSER_MOVABLE the zonelist is
 * DMA32 then DMA, DMA protected by a lowmem reserve of 975 pages): woken when an allocation finds no
 * zone above its low watermark, reclaiming until one is above its high watermark, then napping and
 * sleeping.
 */
class KswapdTest {
    private static final long MS = 1_000_000L;
    private final TraceRecorder trace = new TraceRecorder();
    private final TestMachines.Booted booted = TestMachines.boot(MachineConfig.defaults().withRam(1L << 30), trace);
    private final Machine m = booted.machine();
    private final VirtualScheduler clock = booted.clock();
    private final Syscalls sys = m.syscalls();
    private final Zone dma = m.zone(0, ZoneType.ZONE_DMA);
    private final Zone dma32 = m.zone(0, ZoneType.ZONE_DMA32);
    private long[] freeAtWakeup;
    private int file;
    private long pos;

    @BeforeEach
    void bigFileOnDisk() {
        m.sysctl.set("dirty_writeback_centisecs", 0, "test");
        // A 2 GiB file that exists only on disk: reading it fills memory with clean page cache.
        file = sys.createInode("big");
        sys.truncate(file, 2L << 30);
        trace.onWakeupKswapd = () -> {
            if (freeAtWakeup == null) {
                freeAtWakeup = new long[] {free(dma), free(dma32)};
            }
        };
    }

    private long free(Zone z) {
        return m.vmStat.zonePageStateSnapshot(z, ZoneStatItem.NR_FREE_PAGES);
    }

    private long node(int item) {
        m.vmStat.refresh();
        return m.vmStat.globalNodePageState(item);
    }

    /** Reads 1 MiB at a time (waiting for each) until kswapd is woken; leaves the clock at the wakeup. */
    private void readUntilKswapdIsWoken() {
        while (freeAtWakeup == null) {
            long wait = sys.read(file, pos, 1 << 20);
            pos += 1 << 20;
            if (freeAtWakeup == null) {
                clock.advance(wait);
            }
        }
    }

    @Test
    void wokenBelowTheLowWatermarkAndStoppedAboveTheHighOne() {
        assertThat(dma32.lowWmarkPages()).isEqualTo(13_866);
        assertThat(dma32.highWmarkPages()).isEqualTo(16_639);
        assertThat(dma.lowWmarkPages() + dma.lowmemReserve(ZoneType.ZONE_MOVABLE)).isEqualTo(212 + 975);
        readUntilKswapdIsWoken();
        // The fast path failed every zone at the low watermark (plus DMA's reserve): only then was kswapd woken.
        assertThat(freeAtWakeup[1]).isLessThanOrEqualTo(13_866);
        assertThat(freeAtWakeup[0]).isLessThanOrEqualTo(212 + 975);
        assertThat(m.vmStat.vmEvent(VmEventItem.PAGEOUTRUN)).isZero();
        assertThat(m.vmscan.kswapd(0).isRunning()).isTrue();
        long cachedAtWakeup = node(NodeStatItem.NR_FILE_PAGES);
        clock.advance(5 * MS);
        // One balance_pgdat() run, scanning the inactive file list from its tail, freeing clean pages,
        // and stopping once DMA32 was above its high watermark.
        assertThat(m.vmStat.vmEvent(VmEventItem.PAGEOUTRUN)).isEqualTo(1);
        long steal = m.vmStat.vmEvent(VmEventItem.PGSTEAL_KSWAPD);
        assertThat(steal).isPositive();
        assertThat(m.vmStat.vmEvent(VmEventItem.PGSCAN_KSWAPD)).isGreaterThanOrEqualTo(steal);
        assertThat(m.vmStat.vmEvent(VmEventItem.PGSTEAL_FILE)).isEqualTo(steal);
        assertThat(m.vmStat.vmEvent(VmEventItem.PGSTEAL_DIRECT)).isZero();
        assertThat(node(NodeStatItem.NR_FILE_PAGES)).isEqualTo(cachedAtWakeup - steal);
        assertThat(free(dma32)).isGreaterThan(dma32.highWmarkPages());
        assertThat(m.vmscan.kswapd(0).pgdatBalanced(0, ZoneType.ZONE_MOVABLE)).isTrue();
        // It stops there: far from emptying the cache, it freed less than one pass's target beyond high.
        assertThat(free(dma32) - dma32.highWmarkPages()).isLessThan(dma.highWmarkPages() + dma32.highWmarkPages());
        // Napping HZ/10, then asleep.
        assertThat(trace.kswapd).containsExactly("wakeup 0", "wake 0");
        clock.advance(100 * MS);
        assertThat(trace.kswapd).containsExactly("wakeup 0", "wake 0", "sleep 0");
        assertThat(m.vmscan.kswapd(0).isSleeping()).isTrue();
        assertThat(m.vmStat.vmEvent(VmEventItem.KSWAPD_LOW_WMARK_HIT_QUICKLY)).isZero();
        assertThat(m.vmStat.vmEvent(VmEventItem.KSWAPD_HIGH_WMARK_HIT_QUICKLY)).isZero();
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
    }

    @Test
    void wokenAgainDuringItsNapCountsALowWatermarkHitQuickly() {
        readUntilKswapdIsWoken();
        clock.advance(5 * MS);
        assertThat(trace.kswapd).containsExactly("wakeup 0", "wake 0");
        // Within the 100 ms nap (no time passes here), allocations go below low again.
        freeAtWakeup = null;
        while (freeAtWakeup == null) {
            sys.read(file, pos, 1 << 20);
            pos += 1 << 20;
        }
        assertThat(trace.kswapd).containsExactly("wakeup 0", "wake 0", "wakeup 0");
        assertThat(m.vmStat.vmEvent(VmEventItem.KSWAPD_LOW_WMARK_HIT_QUICKLY)).isEqualTo(1);
        clock.advance(5 * MS);

        assertThat(m.vmStat.vmEvent(VmEventItem.PAGEOUTRUN)).isEqualTo(2);
        assertThat(m.vmscan.kswapd(0).pgdatBalanced(0, ZoneType.ZONE_MOVABLE)).isTrue();
    }

    @Test
    void aNodeItCannotBalanceCountsHighWatermarkHitsUntilItIsHopeless() {
        // Anonymous memory without swap cannot be reclaimed.
        sys.truncate(file, 0);
        long handle = 0;
        while (freeAtWakeup == null) {
            handle = sys.mmapAnonymous(1 << 20);
        }
        clock.advance(MS);
        // Sixteen runs that reclaim nothing (MAX_RECLAIM_RETRIES): the first fifteen find the node still
        // unbalanced and go again at once (kswapd_high_wmark_hit_quickly), the sixteenth makes it hopeless.
        assertThat(m.vmStat.vmEvent(VmEventItem.PAGEOUTRUN)).isEqualTo(16);
        assertThat(m.vmStat.vmEvent(VmEventItem.KSWAPD_HIGH_WMARK_HIT_QUICKLY)).isEqualTo(15);
        assertThat(m.nodes.get(0).kswapdFailures.get()).isEqualTo(16);
        assertThat(m.vmStat.vmEvent(VmEventItem.PGSTEAL_KSWAPD)).isZero();
        clock.advance(100 * MS);
        assertThat(m.vmscan.kswapd(0).isSleeping()).isTrue();
        // A hopeless node is not woken again.
        sys.mmapAnonymous(1 << 20);
        clock.advance(MS);
        assertThat(m.vmStat.vmEvent(VmEventItem.PAGEOUTRUN)).isEqualTo(16);
        sys.munmap(handle);
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
    }
}
