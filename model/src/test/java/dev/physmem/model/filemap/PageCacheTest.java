package dev.physmem.model.filemap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.model.Mm;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.page.PageFlags;
import dev.physmem.model.syscalls.Syscalls;
import dev.physmem.model.testing.MemoryInvariants;
import dev.physmem.model.testing.PageCacheInvariants;
import dev.physmem.model.testing.TestMachines;
import dev.physmem.model.time.VirtualScheduler;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.VmEventItem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The buffered write and read paths, their accounting, and truncation and deletion of dirty pages. */
class PageCacheTest {
    private Machine m;
    private VirtualScheduler clock;
    private Syscalls sys;

    @BeforeEach
    void boot() {
        TestMachines.Booted b = TestMachines.boot("1g");
        m = b.machine();
        clock = b.clock();
        sys = m.syscalls();
        m.sysctl.set("dirty_writeback_centisecs", 0, "test");
    }

    private long node(int item) {
        m.vmStat.refresh();
        return m.vmStat.globalNodePageState(item);
    }

    @Test
    void bufferedWritesDirtyOnePageCacheFolioPerPage() {
        int ino = sys.createInode("data");
        long before = node(NodeStatItem.NR_DIRTIED);
        // 10 whole pages and a 100-byte tail: 11 pages, the file is 41060 bytes.
        assertThat(sys.write(ino, 0, 10 * 4096 + 100)).isZero();
        assertThat(sys.fileSize(ino)).isEqualTo(41060);
        assertThat(node(NodeStatItem.NR_FILE_PAGES)).isEqualTo(11);
        assertThat(node(NodeStatItem.NR_FILE_DIRTY)).isEqualTo(11);
        assertThat(node(NodeStatItem.NR_DIRTIED) - before).isEqualTo(11);
        assertThat(node(NodeStatItem.NR_INACTIVE_FILE)).isEqualTo(11);
        AddressSpace a = m.inodes.lookup(ino);
        int folio = m.filemap.lookup(a, 3);
        assertThat(m.memMap.mapping(folio)).isEqualTo(ino);
        assertThat(m.memMap.index(folio)).isEqualTo(3);
        assertThat(m.folios.folioRefCount(folio)).as("the page cache's reference only").isEqualTo(1);
        assertThat(m.memMap.flags(folio) & PageFlags.bit(PageFlags.PG_dirty)).isNotZero();
        // Writing a dirty page again dirties nothing new.
        sys.write(ino, 3 * 4096, 10);
        assertThat(node(NodeStatItem.NR_DIRTIED) - before).isEqualTo(11);
        assertThat(node(NodeStatItem.NR_FILE_PAGES)).isEqualTo(11);
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
    }

    @Test
    void aReadMissWaitsForTheDiskAndReadsAhead() {
        int ino = sys.createInode("data");
        sys.write(ino, 0, 64 * 4096L);
        long waitSync = sys.fsync(ino);
        clock.advance(waitSync);
        sys.dropCaches(1);
        assertThat(node(NodeStatItem.NR_FILE_PAGES)).isZero();
        long pgpgin = m.vmStat.vmEvent(VmEventItem.PGPGIN);
        // A one-page read at offset 0: get_init_ra_size(1, 32) = 4 pages in one request of 16 KiB.
        // At 200 MiB/s that is ceil(16384 * 1e9 / 209715200) = 78125 ns, plus 500 us of latency.
        long wait = sys.read(ino, 0, 4096);
        assertThat(wait).isEqualTo(78125 + 500_000);
        assertThat(node(NodeStatItem.NR_FILE_PAGES)).isEqualTo(4);
        assertThat(m.vmStat.vmEvent(VmEventItem.PGPGIN) - pgpgin).as("sectors").isEqualTo(32);
        AddressSpace a = m.inodes.lookup(ino);
        int folio = m.filemap.lookup(a, 0);
        assertThat(m.memMap.test(folio, PageFlags.PG_locked)).as("locked while the read is in flight").isTrue();
        assertThat(m.folios.folioRefCount(folio)).as("cache + I/O pin + the disk's DMA mapping").isEqualTo(3);
        // A second reader of the same page waits for the same request, not a new one.
        clock.advance(100_000);
        assertThat(sys.read(ino, 100, 10)).isEqualTo(78125 + 500_000 - 100_000);
        clock.advance(500_000);
        assertThat(m.memMap.test(folio, PageFlags.PG_uptodate)).isTrue();
        assertThat(m.memMap.test(folio, PageFlags.PG_locked)).isFalse();
        assertThat(sys.read(ino, 0, 4096)).as("a hit").isZero();
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
    }

    @Test
    void aSecondReadActivatesAFolioTheFirstOnlyReferences() {
        int ino = sys.createInode("data");
        sys.write(ino, 0, 2 * 4096L);
        AddressSpace a = m.inodes.lookup(ino);
        int folio = m.filemap.lookup(a, 1);
        long activations = m.vmStat.vmEvent(VmEventItem.PGACTIVATE);
        sys.read(ino, 4096, 4096);
        assertThat(m.memMap.test(folio, PageFlags.PG_referenced)).isTrue();
        assertThat(m.memMap.test(folio, PageFlags.PG_active)).isFalse();
        // Reading on inside the folio the last read ended in does not count as a new access.
        sys.read(ino, 4096 + 4095, 1);
        assertThat(m.memMap.test(folio, PageFlags.PG_active)).isFalse();
        sys.read(ino, 0, 8192);
        assertThat(m.memMap.test(folio, PageFlags.PG_active)).isTrue();
        assertThat(m.memMap.test(folio, PageFlags.PG_referenced)).isFalse();
        assertThat(m.vmStat.vmEvent(VmEventItem.PGACTIVATE) - activations).isEqualTo(1);
        assertThat(node(NodeStatItem.NR_ACTIVE_FILE)).isEqualTo(1);
        MemoryInvariants.check(m);
    }

    @Test
    void truncateAndUnlinkCancelDirtyPagesInsteadOfWritingThem() {
        int ino = sys.createInode("scratch");
        sys.write(ino, 0, 100 * 4096L);
        long freeBefore = m.vmStat.globalZonePageState(dev.physmem.model.vmstat.ZoneStatItem.NR_FREE_PAGES);
        sys.truncate(ino, 10 * 4096L + 1);
        assertThat(node(NodeStatItem.NR_FILE_PAGES)).as("page 10 holds the last byte").isEqualTo(11);
        assertThat(node(NodeStatItem.NR_FILE_DIRTY)).isEqualTo(11);
        sys.unlink(ino);
        clock.advance(Mm.PAGE_SIZE * 1_000_000L);
        assertThat(node(NodeStatItem.NR_FILE_PAGES)).isZero();
        assertThat(node(NodeStatItem.NR_FILE_DIRTY)).isZero();
        assertThat(node(NodeStatItem.NR_WRITTEN)).as("cancelled, never written").isZero();
        assertThat(m.vmStat.vmEvent(VmEventItem.PGPGOUT)).isZero();
        assertThat(m.inodes.lookup(ino)).isNull();
        assertThatThrownBy(() -> sys.write(ino, 0, 1)).hasMessageContaining("ENOENT");
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
    }

    @Test
    void aPartialWriteOfAPageOnDiskReadsItFirst() {
        int ino = sys.createInode("data");
        sys.write(ino, 0, 8192);
        clock.advance(sys.fsync(ino));
        sys.dropCaches(1);
        // 100 bytes into page 1, which exists on disk: the page is read (one page, 4096 bytes) first.
        long wait = sys.write(ino, 4096 + 10, 100);
        assertThat(wait).isEqualTo((4096L * 1_000_000_000L + 209715199) / 209715200 + 500_000);
        // Past the end of file nothing needs reading.
        assertThat(sys.write(ino, 5 * 4096 + 10, 100)).isZero();
        clock.advance(wait);
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
    }
}
