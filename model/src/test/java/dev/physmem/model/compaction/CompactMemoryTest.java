package dev.physmem.model.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.dma.DmaDirection;
import dev.physmem.model.filemap.AddressSpace;
import dev.physmem.model.filemap.PageCacheFixture;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.machine.ByteSize;
import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.mmzone.ZoneType;
import dev.physmem.model.page.PageFlags;
import dev.physmem.model.rmap.Vma;
import dev.physmem.model.syscalls.Syscalls;
import dev.physmem.model.sysctl.SysctlException;
import dev.physmem.model.testing.MemoryInvariants;
import dev.physmem.model.testing.PageCacheInvariants;
import dev.physmem.model.testing.TestMachines;
import dev.physmem.model.testing.TraceRecorder;
import dev.physmem.model.time.VirtualScheduler;
import dev.physmem.model.vmstat.VmEventItem;
import dev.physmem.model.vmstat.ZoneStatItem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * echo 1 > /proc/sys/vm/compact_memory on a fragmented ZONE_DMA whose layout the test builds page by
 * page, so that every number follows from mm/compaction.c by hand.
 *
 * <p>x86_64 ZONE_DMA spans PFNs 1..4095; PFNs 1..255 are reserved (the first MiB), so at boot its free
 * lists hold 256..511 (order 8), 512..1023 (order 9) and three order-10 blocks 1024, 2048, 3072, in
 * that order. Two order-10 allocations take X = 1024 (pageblocks X0 = 1024, X1 = 1536) and
 * Y = 2048 (Y0 = 2048, Y1 = 2560); each is split into pages, the odd PFNs become page-cache pages of
 * one file (X0: index 0..255, X1: 256..511, Y0: 512..767, Y1: 768..1023) and the even PFNs are freed:
 * four half-used MOVABLE pageblocks whose holes cannot merge. Z = 3072 stays one free order-10 block.
 */
class CompactMemoryTest {
    static final int X = 1024;
    static final int Y = 2048;
    /** The pinned page: X1's third page (index 258), mapped for a device's DMA. */
    static final int PINNED = X + 512 + 5;

    private Machine m;
    private VirtualScheduler clock;
    private TraceRecorder trace;
    private Syscalls sys;
    private AddressSpace file;
    private int ino;
    private Zone dma;

    @BeforeEach
    void fragmentZoneDma() {
        trace = new TraceRecorder();
        TestMachines.Booted b = TestMachines.boot(MachineConfig.defaults().withRam(ByteSize.parse("256m")), trace);
        m = b.machine();
        clock = b.clock();
        sys = m.syscalls();
        m.sysctl.set("dirty_writeback_centisecs", 0, "test");
        dma = m.zone(0, ZoneType.ZONE_DMA);
        ino = sys.createInode("data");
        file = m.inodes.lookup(ino);
        int gfp = Gfp.__GFP_DMA | Gfp.__GFP_MOVABLE;
        assertThat(m.pageAlloc.allocPages(gfp, 10)).as("the first order-10 block of ZONE_DMA").isEqualTo(X);
        assertThat(m.pageAlloc.allocPages(gfp, 10)).isEqualTo(Y);
        long index = 0;
        for (int block : new int[] {X, Y}) {
            splitPage(block, 10);
            for (int pfn = block; pfn < block + 1024; pfn += 2) {
                m.pageAlloc.freePages(pfn, 0);
                PageCacheFixture.addUptodateFolio(m, file, pfn + 1, index++);
            }
        }
        // All 1024 pages written (dirty, i_size = 4 MiB) and written back: clean.
        sys.write(ino, 0, 1024L * 4096);
        clock.advance(sys.fsync(ino));
        m.pageAlloc.drainAllPages(null);
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
    }

    /** split_page(): a non-compound block becomes 2^order pages of one reference each. */
    private void splitPage(int pfn, int order) {
        m.memMap.setOrder(pfn, 0);
        for (int i = 1; i < (1 << order); i++) {
            m.memMap.setRefcount(pfn + i, 1);
        }
    }

    private long zoneState(int item) {
        m.vmStat.refresh();
        return dma.pageState(item);
    }

    @Test
    void compactMemoryEmptiesTheLowestHalfUsedPageblockAndLeavesThePinnedPage() {
        // Dirty X0's first 64 pages again; map X1's first 32 pages twice and its first 64 once more;
        // map X1's third page for a device's DMA.
        sys.write(ino, 0, 64L * 4096);
        long map1 = sys.mmap(ino, 256L * 4096, 64L * 4096);
        long map2 = sys.mmap(ino, 256L * 4096, 32L * 4096);
        assertThat(m.filemap.lookup(file, 258)).isEqualTo(PINNED);
        // A streaming DMA mapping holds a reference on its page for as long as the device may use it.
        long dmaHandle = m.dma.dmaMapPage(m.dma.netDevice, PINNED, 0, 4096, DmaDirection.DMA_TO_DEVICE);
        assertThat(m.dma.dmaMappingError(m.dma.netDevice, dmaHandle)).isFalse();
        int[] before = folioOfEveryIndex();
        long freeBefore = zoneState(ZoneStatItem.NR_FREE_PAGES);
        long blocksBefore = zoneState(ZoneStatItem.NR_FREE_PAGES_BLOCKS);
        long dirtyBefore = m.vmStat.globalNodePageState(dev.physmem.model.vmstat.NodeStatItem.NR_FILE_DIRTY);
        long success = m.vmStat.vmEvent(VmEventItem.PGMIGRATE_SUCCESS);
        long fail = m.vmStat.vmEvent(VmEventItem.PGMIGRATE_FAIL);
        long isolated = m.vmStat.vmEvent(VmEventItem.COMPACT_ISOLATED);
        long freeScanned = m.vmStat.vmEvent(VmEventItem.COMPACT_FREE_SCANNED);
        assertThat(dma.freeArea.nrFree(9)).as("512..1023").isEqualTo(1);
        assertThat(dma.freeArea.nrFree(10)).as("Z").isEqualTo(1);

        m.sysctl.set("compact_memory", "1", "test");
        m.pageAlloc.drainAllPages(null);

        // The run on ZONE_DMA, pageblock by pageblock (migration scanner from PFN 1, free scanner from 3584):
        //  1. [1, 512) and [512, 1024) hold no LRU page: 511 + 512 scanned.
        //  2. X0: 32 pages (1025..1087, 64 PFNs scanned) isolated. The free scanner finds no free block
        //     head in Z1 (512 scanned, stride doubles to 2), skips Z0 (one order-10 buddy) and takes
        //     Y1's holes 2560..2622 at stride 2 (32 scanned): 32 migrated.
        //  3. A second pass over X0 takes the rest: 224 pages (448 PFNs); Y1's other 224 holes
        //     (2623..3070, 448 scanned, stride 1 again): 224 migrated. X0 is empty.
        //  4. X1: 32 pages (1537..1599); Y1 has nothing left (1 scanned), Y0 at stride 2 gives 2048..2110
        //     (32 scanned). The pinned page answers -EAGAIN ten times and fails: 31 migrated, its target
        //     goes back to the free list.
        //  5. The rest of X1: 224 isolated (448 PFNs). The first takes the returned target; for the second
        //     the free scanner may not go below Y0 (the migration scanner's next block): -ENOMEM, one
        //     page failed, 223 put back. The scanners met: complete.
        // migrated 32 + 224 + 31 + 1 = 288; failed 1 + 1; migrate scanned 511 + 512 + 64 + 448 + 64 + 448;
        // free scanned 512 + 32 + 448 + 1 + 32; isolated 512 folios + 288 free pages.
        TraceRecorder.CompactionEnd run = trace.compactions.get(0);
        assertThat(run).isEqualTo(new TraceRecorder.CompactionEnd("DMA", 2048, 2111, "complete", 2047, 1025, 288, 2));
        assertThat(trace.compactions).hasSize(2);
        assertThat(trace.compactions.get(1).zone()).isEqualTo("DMA32");
        assertThat(trace.compactions.get(1).nrMigrated()).as("no LRU page in DMA32").isZero();
        assertThat(m.vmStat.vmEvent(VmEventItem.PGMIGRATE_SUCCESS) - success).isEqualTo(288);
        assertThat(m.vmStat.vmEvent(VmEventItem.PGMIGRATE_FAIL) - fail).isEqualTo(2);
        assertThat(m.vmStat.vmEvent(VmEventItem.COMPACT_ISOLATED) - isolated).isEqualTo(512 + 288);
        assertThat(m.vmStat.vmEvent(VmEventItem.COMPACT_FREE_SCANNED) - freeScanned).isEqualTo(1025);

        // X0 is one free order-9 block (its buddy X1 still holds pages): 512 more pages in free
        // pageblocks, nothing gained or lost overall.
        assertThat(dma.freeArea.nrFree(9)).isEqualTo(2);
        assertThat(dma.freeArea.nrFree(10)).isEqualTo(1);
        assertThat(m.memMap.isBuddy(X)).isTrue();
        assertThat(m.memMap.order(X)).isEqualTo(9);
        assertThat(zoneState(ZoneStatItem.NR_FREE_PAGES_BLOCKS) - blocksBefore).isEqualTo(512);
        assertThat(zoneState(ZoneStatItem.NR_FREE_PAGES)).isEqualTo(freeBefore);

        int[] after = folioOfEveryIndex();
        int moved = 0;
        for (int i = 0; i < after.length; i++) {
            if (after[i] != before[i]) {
                moved++;
                assertThat(after[i]).as("index %d moved up into Y", i).isBetween(Y, Y + 1023);
                assertThat(m.memMap.index(after[i])).isEqualTo(i);
                assertThat(m.memMap.mapping(after[i])).isEqualTo(ino);
            }
            int f = after[i];
            assertThat(m.memMap.test(f, PageFlags.PG_dirty)).as("index %d dirty", i).isEqualTo(i < 64);
            assertThat(m.memMap.test(f, PageFlags.PG_uptodate)).isTrue();
            assertThat(m.memMap.test(f, PageFlags.PG_lru)).isTrue();
            int mapcount = i >= 256 && i < 288 ? 2 : i >= 256 && i < 320 ? 1 : 0;
            assertThat(m.folios.folioMapcount(f)).as("index %d mapcount", i).isEqualTo(mapcount);
        }
        assertThat(moved).as("every page that migrated left its old frame").isEqualTo(288);
        assertThat(after[258]).as("the pinned page did not move").isEqualTo(PINNED);
        assertThat(after[511]).as("the first of the last batch moved").isNotEqualTo(before[511]);
        assertThat(after[510]).as("the rest of the last batch was put back").isEqualTo(before[510]);
        assertThat(m.vmStat.globalNodePageState(dev.physmem.model.vmstat.NodeStatItem.NR_FILE_DIRTY))
                .isEqualTo(dirtyBefore);
        // The same virtual pages map the moved folios: the PTEs followed them.
        Vma vma1 = m.mmap.vma(map1);
        Vma vma2 = m.mmap.vma(map2);
        for (int i = 0; i < 64; i++) {
            assertThat(vma1.pte(i)).isEqualTo(after[256 + i]);
            if (i < 32) {
                assertThat(vma2.pte(i)).isEqualTo(after[256 + i]);
            }
        }
        assertThat(m.folios.folioRefCount(PINNED)).as("cache + two PTEs + the DMA mapping").isEqualTo(4);

        m.dma.dmaUnmapPage(m.dma.netDevice, dmaHandle, 4096, DmaDirection.DMA_TO_DEVICE);
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
        sys.munmap(map1);
        sys.munmap(map2);
        sys.unlink(ino);
        MemoryInvariants.check(m);
    }

    @Test
    void aSecondRunMeetsTheFreeScannersStrideHeuristic() {
        m.sysctl.set("compact_memory", 1, "test");
        m.pageAlloc.drainAllPages(null);
        // Without the pin the first run is the one above with X1's whole first batch migrated and the
        // -ENOMEM on the first page of the second: 288 migrated, 1 failed.
        assertThat(trace.compactions.get(0))
                .isEqualTo(new TraceRecorder.CompactionEnd("DMA", 2048, 2111, "complete", 2047, 1025, 288, 1));
        long blocks = zoneState(ZoneStatItem.NR_FREE_PAGES_BLOCKS);
        m.sysctl.set("compact_memory", 1, "test");
        m.pageAlloc.drainAllPages(null);
        // Second run: the migration scanner steps over [1, 1024) (511 + 512) and free X0 (one buddy,
        // 512), then isolates X1's next 32 pages (1601..1663 behind the free order-6 block 1536: 128
        // PFNs). The free scanner finds nothing in Z1 (512; stride 2) nor in the now full Y1 at stride
        // 2 (256; stride 4); in Y0 at stride 4 it passes 16 filled frames and takes the holes at
        // multiples of 4, 2112..2236 (48 scanned): 32 migrated. The rest of X1 (192 pages, 384 PFNs)
        // finds no target: the free scanner may not enter Y0 again (the migration scanner's next
        // block), and Y0's skipped holes stay free: -ENOMEM, 1 failed.
        assertThat(trace.compactions.get(2))
                .isEqualTo(new TraceRecorder.CompactionEnd("DMA", 2048, 2237, "complete", 2047, 816, 32, 1));
        assertThat(zoneState(ZoneStatItem.NR_FREE_PAGES_BLOCKS)).as("no pageblock emptied").isEqualTo(blocks);
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
    }

    @Test
    void compactMemoryAcceptsOnlyOneAndCannotBeRead() {
        for (String bad : new String[] {"0", "2", "-1", "abc"}) {
            assertThatThrownBy(() -> m.sysctl.set("compact_memory", bad, "test"))
                    .isInstanceOf(SysctlException.class).hasMessageContaining("Invalid argument");
        }
        assertThat(trace.compactions).as("a refused write compacts nothing").isEmpty();
        assertThatThrownBy(() -> m.sysctl.get("compact_memory")).isInstanceOf(SysctlException.class);
        m.sysctl.set("compact_memory", "1", "test");
        assertThat(trace.compactions).extracting(TraceRecorder.CompactionEnd::zone).containsExactly("DMA", "DMA32");
    }

    private int[] folioOfEveryIndex() {
        int[] folios = new int[1024];
        for (int i = 0; i < folios.length; i++) {
            folios[i] = m.filemap.lookup(file, i);
        }
        return folios;
    }
}
