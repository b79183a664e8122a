package dev.physmem.model.rmap;

import dev.physmem.model.Mm;
import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.alloc.PageAlloc;
import dev.physmem.model.filemap.AddressSpace;
import dev.physmem.model.filemap.Filemap;
import dev.physmem.model.filemap.Truncate;
import dev.physmem.model.page.Folios;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.vmscan.Lru;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * mmap(2) and munmap(2) with MAP_POPULATE (mm/mmap.c, mm/memory.c): a shared file mapping faults in
 * every page of the range within the file and maps it; an anonymous mapping allocates and maps a
 * fresh swap-backed folio per page (do_anonymous_page). Unmapping zaps the PTEs, dropping each
 * mapping's reference; anonymous folios are freed by it. Anonymous mappings are charged to
 * Committed_AS for their whole length (VM_ACCOUNT).
 */
public final class Mmap {
    /** GFP for anonymous user pages (vma_alloc_zeroed_movable_folio). */
    static final int GFP_ANON = Gfp.GFP_HIGHUSER_MOVABLE;

    private final Rmap rmap;
    private final Filemap filemap;
    private final PageAlloc pageAlloc;
    private final Lru lru;
    private final Folios folios;
    private final Truncate truncate;
    private final AtomicLong nextHandle = new AtomicLong(1);
    private final ConcurrentHashMap<Long, Vma> vmas = new ConcurrentHashMap<>();
    private final AtomicLong committedPages = new AtomicLong();

    public Mmap(Rmap rmap, Filemap filemap, Truncate truncate, PageAlloc pageAlloc, Lru lru, Folios folios) {
        this.rmap = rmap;
        this.truncate = truncate;
        this.filemap = filemap;
        this.pageAlloc = pageAlloc;
        this.lru = lru;
        this.folios = folios;
    }

    /** vm_memory_committed(): pages of anonymous mappings. */
    public long committedPages() {
        return committedPages.get();
    }

    public Vma vma(long handle) {
        return vmas.get(handle);
    }

    /** Every live mapping of every process. */
    public java.util.Collection<Vma> vmas() {
        return java.util.List.copyOf(vmas.values());
    }

    /**
     * mmap(MAP_SHARED | MAP_POPULATE) of [offset, offset + length) of a file: pages within the file are
     * read in if missing and mapped; pages past its end stay unmapped.
     */
    public Vma mmapFile(MmStruct mm, AddressSpace file, long offset, long length) {
        if (offset < 0 || (offset & (Mm.PAGE_SIZE - 1)) != 0 || length <= 0) {
            throw new IllegalArgumentException("EINVAL: mmap of " + file + " at " + offset + " length " + length);
        }
        int nrPages = pagesOf(length);
        long pgoff = offset >>> Mm.PAGE_SHIFT;
        Vma vma = new Vma(nextHandle.getAndIncrement(), mm, file, pgoff, nrPages, 0);
        link(vma);
        synchronized (file) {
            file.iMmap().add(vma);
        }
        for (int i = 0; i < nrPages; i++) {
            long index = pgoff + i;
            if (index << Mm.PAGE_SHIFT >= file.size()) {
                break;
            }
            if (filemap.lookup(file, index) == MemMap.NONE) {
                filemap.filemapRead(file, index << Mm.PAGE_SHIFT, Mm.PAGE_SIZE);
            }
            synchronized (file) {
                int folio = file.iPages().load(index);
                if (folio == MemMap.NONE) {
                    continue;
                }
                synchronized (vma) {
                    if (vma.unmapped) {
                        break;
                    }
                    folios.folioGet(folio);
                    rmap.folioAddFileRmap(folio);
                    setPte(vma, i, folio);
                    mm.addFileRss(1);
                }
            }
        }
        return vma;
    }

    /**
     * mmap(MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE): every page gets a new folio on the inactive
     * anon list; the allocation's reference is the page table's. Population stops at the first page
     * the allocator cannot provide, or when the mapping is gone (the OOM killer chose this process).
     */
    public Vma mmapAnonymous(MmStruct mm, long length) {
        if (length <= 0) {
            throw new IllegalArgumentException("EINVAL: anonymous mmap of length " + length);
        }
        int nrPages = pagesOf(length);
        int anonVma = rmap.anonVmaPrepare();
        Vma vma = new Vma(nextHandle.getAndIncrement(), mm, null, 0, nrPages, anonVma);
        rmap.setAnonVma(anonVma, vma);
        committedPages.addAndGet(nrPages);
        link(vma);
        for (int i = 0; i < nrPages; i++) {
            int folio = pageAlloc.folioAlloc(GFP_ANON, 0);
            if (folio == MemMap.NONE) {
                break;
            }
            synchronized (vma) {
                if (vma.unmapped) {
                    folios.folioPut(folio);
                    break;
                }
                rmap.folioAddNewAnonRmap(folio, anonVma, i);
                lru.folioAddLru(folio);
                setPte(vma, i, folio);
                mm.addAnonRss(1);
            }
        }
        return vma;
    }

    /** The new VMA joins its process (mmap_region()); no memory is allocated under the lock. */
    private void link(Vma vma) {
        vmas.put(vma.handle, vma);
        synchronized (vma.mm) {
            vma.mm.vmas.add(vma);
        }
        vma.mm.addTotalVm(vma.nrPages);
    }

    /** Caller holds the VMA's lock. */
    private static void setPte(Vma vma, int i, int folio) {
        vma.pte[i] = folio;
        vma.young[i >>> 6] |= 1L << i;
        vma.rss++;
    }

    /** munmap(2) of a whole mapping; a handle already unmapped (or reaped by the OOM killer) is ignored. */
    public void munmap(long handle) {
        Vma vma = vmas.remove(handle);
        if (vma != null) {
            unmapVma(vma);
        }
    }

    /** exit_mmap() / the OOM reaper: every mapping of the process goes. */
    public void exitMmap(MmStruct mm) {
        for (Vma vma : mm.vmas()) {
            vmas.remove(vma.handle);
            unmapVma(vma);
        }
    }

    /** unmap_region() + remove_vma(): zap every PTE, unlink from the process and i_mmap or the anon_vma. */
    private void unmapVma(Vma vma) {
        synchronized (vma) {
            if (vma.unmapped) {
                return;
            }
            vma.unmapped = true;
            for (int i = 0; i < vma.nrPages; i++) {
                int pte = vma.pte[i];
                if (Vma.isSwapPte(pte)) {
                    rmap.zapSwapPte(vma, i);
                } else if (pte != MemMap.NONE) {
                    rmap.zapPte(vma, i, pte);
                }
            }
        }
        MmStruct mm = vma.mm;
        synchronized (mm) {
            mm.vmas.remove(vma);
        }
        mm.addTotalVm(-vma.nrPages);
        if (vma.isAnonymous()) {
            rmap.setAnonVma(vma.anonVma, null);
            committedPages.addAndGet(-vma.nrPages);
        } else {
            synchronized (vma.file) {
                vma.file.iMmap().remove(vma);
            }
            truncate.evictIfUnused(vma.file);
        }
    }

    private static int pagesOf(long length) {
        long pages = (length + Mm.PAGE_SIZE - 1) >>> Mm.PAGE_SHIFT;
        if (pages > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("ENOMEM: mapping of " + length + " bytes");
        }
        return (int) pages;
    }
}
