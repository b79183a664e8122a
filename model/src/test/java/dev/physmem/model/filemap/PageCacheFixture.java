package dev.physmem.model.filemap;

import dev.physmem.model.machine.Machine;
import dev.physmem.model.page.PageFlags;

/** Puts a page frame the test chose into a file's page cache, so that a scenario controls physical layout. */
public final class PageCacheFixture {
    private PageCacheFixture() {}

    /**
     * filemap_add_folio() of {@code folio} (an allocated order-0 page with one reference, which becomes
     * the cache's) at {@code index}, uptodate and clean, on the inactive file list.
     */
    public static void addUptodateFolio(Machine m, AddressSpace mapping, int folio, long index) {
        m.memMap.set(folio, PageFlags.PG_uptodate);
        synchronized (mapping) {
            m.filemap.filemapAddFolio(mapping, folio, index, m.cpus.current());
        }
    }
}
