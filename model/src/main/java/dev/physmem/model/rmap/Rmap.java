package dev.physmem.model.rmap;

import dev.physmem.model.alloc.PageAlloc;
import dev.physmem.model.filemap.AddressSpace;
import dev.physmem.model.filemap.Inodes;
import dev.physmem.model.swap.SwapCache;
import dev.physmem.model.page.Folios;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.page.PageFlags;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.VmStat;
import java.util.Arrays;

/**
 * Reverse mapping (mm/rmap.c): from a folio to the PTEs that map it, through its file's i_mmap or its
 * anon_vma. Adding a mapping raises {@code _mapcount} and takes a reference (the page table's);
 * removing it does the reverse, and the first and last mapping move NR_FILE_MAPPED / NR_ANON_MAPPED
 * (Mapped: and AnonPages: in meminfo). A large folio keeps one folio-wide mapcount
 * (CONFIG_NO_PAGE_MAPCOUNT) and counts as mapped as a whole.
 *
 * <p>Lock order: a file's mapping lock, then a VMA's lock (its page table), then the LRU. A process's
 * own lock guards only its VMA list and is taken alone.
 */
public final class Rmap {
    private final MemMap memMap;
    private final Folios folios;
    private final PageAlloc pageAlloc;
    private final VmStat vmStat;
    private final Inodes inodes;
    private final SwapCache swapCache;
    private Vma[] anonVmas = new Vma[64];
    private int nextAnonVma = 1;

    /** {@code swapCache} is null on a machine without swap. */
    public Rmap(MemMap memMap, Folios folios, PageAlloc pageAlloc, VmStat vmStat, Inodes inodes, SwapCache swapCache) {
        this.inodes = inodes;
        this.swapCache = swapCache;
        this.memMap = memMap;
        this.folios = folios;
        this.pageAlloc = pageAlloc;
        this.vmStat = vmStat;
    }

    /** anon_vma_prepare(): a new anon_vma for {@code vma}; its id is what folios carry, negated. */
    synchronized int anonVmaPrepare() {
        int id = nextAnonVma++;
        if (id >= anonVmas.length) {
            anonVmas = Arrays.copyOf(anonVmas, anonVmas.length * 2);
        }
        return id;
    }

    synchronized void setAnonVma(int id, Vma vma) {
        anonVmas[id] = vma;
    }

    /** The VMA an anonymous folio belongs to (folio_anon_vma() and its only VMA), or null. */
    public synchronized Vma anonVma(int folio) {
        int mapping = memMap.mapping(folio);
        return mapping < 0 && -mapping < anonVmas.length ? anonVmas[-mapping] : null;
    }

    /** folio_add_file_rmap_pte(): the first mapping of the folio counts its pages as Mapped. */
    void folioAddFileRmap(int folio) {
        if (memMap.addMapcount(folio, 1) == 0) {
            vmStat.modNodePageState(pageAlloc.pageZone(folio).node, NodeStatItem.NR_FILE_MAPPED,
                    folios.folioNrPages(folio));
        }
    }

    /** folio_add_new_anon_rmap(): a fresh anonymous folio, mapped once, swap-backed. */
    void folioAddNewAnonRmap(int folio, int anonVma, long index) {
        memMap.setMapping(folio, -anonVma);
        memMap.setIndex(folio, (int) index);
        memMap.set(folio, PageFlags.PG_swapbacked);
        memMap.setMapcountWord(folio, 0);
        vmStat.modNodePageState(pageAlloc.pageZone(folio).node, NodeStatItem.NR_ANON_MAPPED, folios.folioNrPages(folio));
    }

    /** folio_add_anon_rmap_pte() of a folio that is already anonymous: the first mapping counts it in AnonPages. */
    void folioAddAnonRmapPte(int folio) {
        if (memMap.addMapcount(folio, 1) == 0) {
            vmStat.modNodePageState(pageAlloc.pageZone(folio).node, NodeStatItem.NR_ANON_MAPPED,
                    folios.folioNrPages(folio));
        }
    }

    /** folio_remove_rmap_pte(): the last unmapping takes the pages out of Mapped / AnonPages. */
    void folioRemoveRmap(int folio) {
        if (memMap.addMapcount(folio, -1) == -1) {
            int item = folios.folioTestAnon(folio) ? NodeStatItem.NR_ANON_MAPPED : NodeStatItem.NR_FILE_MAPPED;
            vmStat.modNodePageState(pageAlloc.pageZone(folio).node, item, -folios.folioNrPages(folio));
        }
    }

    /**
     * Clears one PTE that maps {@code folio}: rmap and the page table's reference go; the caller holds
     * the VMA's lock. The reference is dropped last, so it may free the folio.
     */
    void zapPte(Vma vma, int i, int folio) {
        vma.pte[i] = MemMap.NONE;
        vma.young[i >>> 6] &= ~(1L << i);
        vma.rss--;
        if (vma.isAnonymous()) {
            vma.mm.addAnonRss(-1);
        } else {
            vma.mm.addFileRss(-1);
        }
        folioRemoveRmap(folio);
        if (vma.isAnonymous() && swapCache != null) {
            swapCache.freeSwapCache(folio);
        }
        folios.folioPut(folio);
    }

    /**
     * folio_referenced(): how many PTEs mapping the folio were young, clearing the bits as it goes
     * (ptep_clear_flush_young). For a file folio the caller holds the mapping's lock.
     */
    public int folioReferenced(int folio) {
        if (!folios.folioMapped(folio)) {
            return 0;
        }
        int referenced = 0;
        if (folios.folioTestAnon(folio)) {
            Vma vma = anonVma(folio);
            if (vma != null) {
                referenced += testAndClearYoung(vma, folio, memMap.index(folio));
            }
            return referenced;
        }
        AddressSpace mapping = mappingOf(folio);
        if (mapping == null) {
            return 0;
        }
        long index = memMap.index(folio);
        for (Vma vma : mapping.iMmap()) {
            if (vma.coversFileIndex(index)) {
                referenced += testAndClearYoung(vma, folio, index - vma.pgoff);
            }
        }
        return referenced;
    }

    private static int testAndClearYoung(Vma vma, int folio, long i) {
        synchronized (vma) {
            if (i < 0 || i >= vma.nrPages || vma.pte[(int) i] != folio) {
                return 0;
            }
            long bit = 1L << i;
            int w = (int) (i >>> 6);
            if ((vma.young[w] & bit) == 0) {
                return 0;
            }
            vma.young[w] &= ~bit;
            return 1;
        }
    }

    /**
     * try_to_unmap(): every PTE mapping the folio is cleared — for an anonymous folio in the swap cache,
     * replaced by a swap entry for its slot. For a file folio the caller holds the mapping's lock. The
     * caller's own reference keeps the folio alive.
     */
    public void tryToUnmap(int folio) {
        if (folios.folioTestAnon(folio)) {
            Vma vma = anonVma(folio);
            if (vma != null) {
                unmapOne(vma, folio, memMap.index(folio));
            }
            return;
        }
        AddressSpace mapping = mappingOf(folio);
        if (mapping == null) {
            return;
        }
        long index = memMap.index(folio);
        for (Vma vma : mapping.iMmap()) {
            if (vma.coversFileIndex(index)) {
                unmapOne(vma, folio, index - vma.pgoff);
            }
        }
    }

    private void unmapOne(Vma vma, int folio, long i) {
        synchronized (vma) {
            if (i < 0 || i >= vma.nrPages || vma.pte[(int) i] != folio) {
                return;
            }
            int slot = vma.isAnonymous() && swapCache != null ? swapCache.slotOf(folio) : -1;
            if (slot >= 0) {
                // The swap entry takes its hold on the slot before the mapping goes.
                swapCache.swapDuplicate(slot);
            }
            zapPte(vma, (int) i, folio);
            if (slot >= 0) {
                vma.pte[(int) i] = Vma.swapPte(slot);
                vma.mm.addSwapents(1);
            }
        }
    }

    /**
     * try_to_migrate() and remove_migration_ptes() (mm/rmap.c, mm/migrate.c) in one step per PTE: every
     * PTE that maps {@code src} is switched to {@code dst} under its page-table lock, keeping its young
     * bit, and the rmap and the page table's reference move with it (folio_remove_rmap_pte + folio_put
     * on src, folio_get + folio_add_*_rmap_pte on dst). The kernel parks the PTEs on migration entries
     * in between; the simulator has none, so no PTE is ever left pointing at nothing. {@code dst} already
     * carries src's mapping and index; the caller holds a reference on src, which stays alive. For a
     * file folio the caller holds the mapping's lock.
     */
    public void removeMigrationPtes(int src, int dst) {
        long index = memMap.index(src);
        if (folios.folioTestAnon(src)) {
            Vma vma = anonVma(src);
            if (vma != null) {
                migratePte(vma, src, dst, index);
            }
            return;
        }
        AddressSpace mapping = mappingOf(src);
        if (mapping == null) {
            return;
        }
        for (Vma vma : mapping.iMmap()) {
            if (vma.coversFileIndex(index)) {
                migratePte(vma, src, dst, index - vma.pgoff);
            }
        }
    }

    private void migratePte(Vma vma, int src, int dst, long i) {
        synchronized (vma) {
            if (i < 0 || i >= vma.nrPages || vma.pte[(int) i] != src) {
                return;
            }
            folios.folioGet(dst);
            if (folios.folioTestAnon(dst)) {
                folioAddAnonRmapPte(dst);
            } else {
                folioAddFileRmap(dst);
            }
            vma.pte[(int) i] = dst;
            folioRemoveRmap(src);
            folios.folioPut(src);
        }
    }

    /** zap_pte_range() of a swap entry: the slot loses a user. Caller holds the VMA's lock. */
    void zapSwapPte(Vma vma, int i) {
        int slot = Vma.swapSlot(vma.pte[i]);
        vma.pte[i] = MemMap.NONE;
        vma.mm.addSwapents(-1);
        swapCache.swapFree(slot);
    }

    /**
     * unmap_mapping_range(): every PTE of the file's VMAs mapping page {@code fromIndex} or later is
     * cleared (truncation). Caller holds the mapping's lock.
     */
    public void unmapMappingRange(AddressSpace mapping, long fromIndex) {
        for (Vma vma : mapping.iMmap()) {
            synchronized (vma) {
                long start = Math.max(0, fromIndex - vma.pgoff);
                for (long i = start; i < vma.nrPages; i++) {
                    int folio = vma.pte[(int) i];
                    if (folio != MemMap.NONE) {
                        zapPte(vma, (int) i, folio);
                    }
                }
            }
        }
    }

    private AddressSpace mappingOf(int folio) {
        return inodes.lookup(memMap.mapping(folio));
    }
}
