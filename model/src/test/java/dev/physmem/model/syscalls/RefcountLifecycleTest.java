package dev.physmem.model.syscalls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.model.KernelBugException;
import dev.physmem.model.filemap.AddressSpace;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.page.PageFlags;
import dev.physmem.model.testing.MemoryInvariants;
import dev.physmem.model.testing.PageCacheInvariants;
import dev.physmem.model.testing.TestMachines;
import dev.physmem.model.time.VirtualScheduler;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.VmEventItem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed article's reference holders on one page: the page cache (+1), a page-table mapping (+1,
 * and _mapcount), and a temporary pin for I/O (+1). The folio returns to the buddy allocator exactly
 * when the last goes, whichever it is; a put too many frees it while still in use, which the kernel
 * reports as a bad page.
 */
class RefcountLifecycleTest {
    private Machine m;
    private VirtualScheduler clock;
    private Syscalls sys;
    private int ino;
    private AddressSpace file;

    @BeforeEach
    void oneCachedPage() {
        TestMachines.Booted b = TestMachines.boot("1g");
        m = b.machine();
        clock = b.clock();
        sys = m.syscalls();
        m.sysctl.set("dirty_writeback_centisecs", 0, "test");
        ino = sys.createInode("data");
        sys.write(ino, 0, 4096);
        file = m.inodes.lookup(ino);
    }

    private int folio() {
        return m.filemap.lookup(file, 0);
    }

    @Test
    void theFolioIsFreedExactlyWhenTheLastHolderLetsGo() {
        int folio = folio();
        assertThat(m.folios.folioRefCount(folio)).as("page cache").isEqualTo(1);
        assertThat(m.folios.folioMapcount(folio)).isZero();
        long handle = sys.mmap(ino, 0, 4096);
        assertThat(m.folios.folioRefCount(folio)).as("page cache + mapping").isEqualTo(2);
        assertThat(m.folios.folioMapcount(folio)).isEqualTo(1);
        assertThat(m.memMap.mapcountWord(folio)).as("_mapcount starts at -1").isZero();
        long wait = sys.fsync(ino);
        // The write is at the disk: the bio pins the folio and the disk's DMA mapping holds another.
        assertThat(m.folios.folioRefCount(folio)).as("page cache + mapping + I/O pin + DMA mapping").isEqualTo(4);
        assertThat(m.memMap.test(folio, PageFlags.PG_writeback)).isTrue();
        assertThat(m.dma.liveMappings()).isEqualTo(1);
        long freed = m.vmStat.vmEvent(VmEventItem.PGFREE);
        // Truncation unmaps it and takes it out of the cache while its write is in flight: the I/O pin
        // and the DMA mapping alone keep it allocated, with no mapping left.
        sys.truncate(ino, 0);
        assertThat(m.folios.folioRefCount(folio)).as("I/O pin + DMA mapping").isEqualTo(2);
        assertThat(m.folios.folioMapcount(folio)).isZero();
        assertThat(m.memMap.mapping(folio)).isZero();
        assertThat(m.vmStat.vmEvent(VmEventItem.PGFREE)).isEqualTo(freed);
        PageCacheInvariants.check(m);
        // The write completes: the last reference goes and the page with it.
        clock.advance(wait);
        assertThat(m.dma.liveMappings()).as("unmapped at completion").isZero();
        assertThat(m.folios.folioRefCount(folio)).isZero();
        assertThat(m.memMap.test(folio, PageFlags.PG_lru)).isFalse();
        assertThat(m.vmStat.vmEvent(VmEventItem.PGFREE) - freed).isEqualTo(1);
        sys.munmap(handle);
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
    }

    private long lruFilePages() {
        m.vmStat.refresh();
        return m.vmStat.globalNodePageState(NodeStatItem.NR_INACTIVE_FILE)
                + m.vmStat.globalNodePageState(NodeStatItem.NR_ACTIVE_FILE);
    }

    @Test
    void truncationFreesInBatchesExactlyThePagesOnlyTheCacheHeld() {
        // 100 pages, more than three folio batches: written back and clean, dirty, mapped, and one pinned.
        clock.advance(sys.write(ino, 0, 64 * 4096L));
        clock.advance(sys.fsync(ino));
        sys.write(ino, 64 * 4096L, 36 * 4096L);
        long handle = sys.mmap(ino, 30 * 4096L, 10 * 4096L);
        int pinned = m.filemap.lookup(file, 70);
        m.folios.folioGet(pinned);
        long freed = m.vmStat.vmEvent(VmEventItem.PGFREE);
        sys.truncate(ino, 0);
        assertThat(m.vmStat.vmEvent(VmEventItem.PGFREE) - freed).as("all but the pinned page").isEqualTo(99);
        assertThat(m.folios.folioRefCount(pinned)).isEqualTo(1);
        assertThat(m.memMap.mapping(pinned)).isZero();
        assertThat(m.memMap.test(pinned, PageFlags.PG_dirty)).as("cancelled").isFalse();
        assertThat(m.memMap.test(pinned, PageFlags.PG_lru)).as("on the LRU until its last holder goes").isTrue();
        m.vmStat.refresh();
        for (int item : new int[] {NodeStatItem.NR_FILE_PAGES, NodeStatItem.NR_FILE_DIRTY, NodeStatItem.NR_FILE_MAPPED}) {
            assertThat(m.vmStat.globalNodePageState(item)).as(NodeStatItem.name(item)).isZero();
        }
        assertThat(lruFilePages()).isEqualTo(1);
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
        m.folios.folioPut(pinned);
        assertThat(m.vmStat.vmEvent(VmEventItem.PGFREE) - freed).isEqualTo(100);
        assertThat(lruFilePages()).isZero();
        sys.munmap(handle);
        MemoryInvariants.check(m);
    }

    @Test
    void unmappingLastFreesAPageTheCacheAlreadyDropped() {
        int folio = folio();
        long handle = sys.mmap(ino, 0, 4096);
        clock.advance(sys.fsync(ino));
        sys.unlink(ino);
        // An unlinked file stays while mapped (iput_final waits): cache + mapping.
        assertThat(m.folios.folioRefCount(folio)).isEqualTo(2);
        long freed = m.vmStat.vmEvent(VmEventItem.PGFREE);
        sys.munmap(handle);
        assertThat(m.folios.folioRefCount(folio)).isZero();
        assertThat(m.vmStat.vmEvent(VmEventItem.PGFREE) - freed).isEqualTo(1);
        assertThat(m.inodes.lookup(ino)).isNull();
        m.vmStat.refresh();
        assertThat(m.vmStat.globalNodePageState(NodeStatItem.NR_FILE_PAGES)).isZero();
        assertThat(m.vmStat.globalNodePageState(NodeStatItem.NR_FILE_MAPPED)).isZero();
        MemoryInvariants.check(m);
    }

    @Test
    void aPutTooManyFreesAPageStillInUseAndIsABadPageState() {
        int folio = folio();
        sys.mmap(ino, 0, 4096);
        // A driver that drops references it never took: the count reaches 0 while the page is mapped
        // and in the page cache. free_pages_prepare() refuses it: "BUG: Bad page state".
        m.folios.folioPut(folio);
        assertThatThrownBy(() -> m.folios.folioPut(folio)).isInstanceOf(KernelBugException.class)
                .hasMessageContaining("BUG: Bad page state in process")
                .hasMessageContaining("page dumped because: non-NULL mapping");
        assertThat(m.badPage.reports()).isEqualTo(1);
    }
}
