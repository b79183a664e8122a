package dev.physmem.model.filemap;

import dev.physmem.model.Mm;
import dev.physmem.model.cpu.Cpu;
import dev.physmem.model.cpu.Cpus;
import dev.physmem.model.page.FolioBatch;
import dev.physmem.model.page.Folios;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.page.PageFlags;
import dev.physmem.model.rmap.Rmap;
import dev.physmem.model.writeback.Flusher;
import dev.physmem.model.writeback.PageWriteback;

/**
 * mm/truncate.c and inode eviction: pages past a new end of file, or all pages of a deleted file,
 * leave the page cache — mapped ones are unmapped first, dirty ones are cancelled, never written —
 * and {@code invalidate_mapping_pages()}, which drops only what nobody uses (drop_caches).
 *
 * <p>The kernel's truncation waits for folios under writeback; the simulator removes them at once and
 * their I/O reference keeps them alive until the device is done with them.
 */
public final class Truncate {
    private final Filemap filemap;
    private final PageWriteback pageWriteback;
    private final Flusher flusher;
    private final Rmap rmap;
    private final Inodes inodes;
    private final MemMap memMap;
    private final Folios folios;
    private final Cpus cpus;

    public Truncate(Filemap filemap, PageWriteback pageWriteback, Flusher flusher, Rmap rmap, Inodes inodes,
                    MemMap memMap, Folios folios, Cpus cpus) {
        this.filemap = filemap;
        this.pageWriteback = pageWriteback;
        this.flusher = flusher;
        this.rmap = rmap;
        this.inodes = inodes;
        this.memMap = memMap;
        this.folios = folios;
        this.cpus = cpus;
    }

    /**
     * truncate_setsize() + truncate_pagecache(): a shrinking file first loses the PTEs beyond the new
     * end (unmap_mapping_range), then the folios wholly beyond it. The folio holding the new last byte
     * stays (its tail would be zeroed).
     */
    public void truncate(AddressSpace mapping, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("EINVAL: truncate " + mapping + " to " + length);
        }
        synchronized (mapping) {
            long old = mapping.iSize;
            mapping.iSize = length;
            if (length >= old) {
                return;
            }
            long first = (length + Mm.PAGE_SIZE - 1) >>> Mm.PAGE_SHIFT;
            rmap.unmapMappingRange(mapping, first);
            truncateInodePagesRange(mapping, first);
        }
    }

    /**
     * unlink() of the last name: the inode is evicted now, or when its last mapping goes
     * (iput_final() waits for i_nlink == 0 and no users).
     */
    public void unlink(AddressSpace mapping) {
        boolean evict;
        synchronized (mapping) {
            if (mapping.nlink == 0) {
                return;
            }
            mapping.nlink = 0;
            evict = mapping.iMmap.isEmpty();
        }
        if (evict) {
            evict(mapping);
        }
    }

    /** After a munmap: a deleted file whose last mapping went is evicted. */
    public void evictIfUnused(AddressSpace mapping) {
        boolean evict;
        synchronized (mapping) {
            evict = mapping.nlink == 0 && mapping.iMmap.isEmpty() && !mapping.freeing;
        }
        if (evict) {
            evict(mapping);
        }
    }

    /** evict(): off the writeback lists, truncate_inode_pages_final(), out of the inode table. */
    void evict(AddressSpace mapping) {
        flusher.inodeIoListDel(mapping);
        synchronized (mapping) {
            if (mapping.freeing) {
                return;
            }
            mapping.freeing = true;
            truncateInodePagesRange(mapping, 0);
        }
        inodes.remove(mapping);
    }

    /**
     * truncate_inode_pages_range() from {@code start} to the end, a folio batch at a time
     * (find_lock_entries): mapped folios are unmapped, then, under one CPU lock, dirty ones are cancelled
     * and all leave the cache (delete_from_page_cache_batch); folios_put_refs() drops the cache's
     * references. Caller holds the mapping's lock.
     */
    private void truncateInodePagesRange(AddressSpace mapping, long start) {
        XArray xa = mapping.iPages;
        FolioBatch batch = new FolioBatch();
        Cpu cpu = cpus.current();
        // Bounded like the kernel's walk (find_lock_entries up to end - 1), here by the last index present,
        // rather than ended by a search that finds nothing: that search is rare in XArray.find's profile,
        // and C2, which compiled the loop before seeing one, threw the compiled loop away at a file's end.
        long last = xa.lastPresent();
        long i = xa.findPresent(start);
        while (i >= 0) {
            do {
                int folio = xa.load(i);
                int nr = folios.folioNrPages(folio);
                long next = memMap.index(folio) + nr;
                i = next > last ? -1 : xa.findPresent(next);
                if (batch.add(folio, nr) == 0) {
                    break;
                }
            } while (i >= 0);
            for (int b = 0; b < batch.count(); b++) {
                if (folios.folioMapped(batch.folio(b))) {
                    rmap.tryToUnmap(batch.folio(b));
                }
            }
            cpu.lock();
            try {
                for (int b = 0; b < batch.count(); b++) {
                    pageWriteback.folioCancelDirty(mapping, batch.folio(b), cpu);
                }
                filemap.deleteFromPageCacheBatch(mapping, batch, cpu);
            } finally {
                cpu.unlock();
            }
            folios.foliosPutRefs(batch);
        }
    }

    /**
     * invalidate_mapping_pages() → mapping_evict_folio(): every folio that is clean, not under I/O, not
     * mapped and referenced by nothing but the cache leaves it. Returns the pages dropped.
     */
    public long invalidateMappingPages(AddressSpace mapping) {
        long dropped = 0;
        synchronized (mapping) {
            XArray xa = mapping.iPages;
            for (long i = xa.findPresent(0); i >= 0; i = xa.findPresent(i)) {
                int folio = xa.load(i);
                int nr = folios.folioNrPages(folio);
                i = memMap.index(folio) + nr;
                if (memMap.test(folio, PageFlags.PG_dirty) || memMap.test(folio, PageFlags.PG_writeback)
                        || memMap.test(folio, PageFlags.PG_locked) || folios.folioRefCount(folio) != nr) {
                    continue;
                }
                filemap.filemapRemoveFolio(mapping, folio);
                dropped += nr;
            }
        }
        return dropped;
    }
}
