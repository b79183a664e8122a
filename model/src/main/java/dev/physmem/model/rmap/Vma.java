package dev.physmem.model.rmap;

import dev.physmem.model.filemap.AddressSpace;
import dev.physmem.model.page.MemMap;
import java.util.Arrays;

/**
 * {@code struct vm_area_struct} with its page table folded in: a mapped range of a file (MAP_SHARED)
 * or of anonymous memory, and for each of its pages the PFN its PTE points to ({@link MemMap#NONE} if
 * none) and the PTE's young (accessed) bit. The owning process's mmap lock guards the PTEs.
 */
public final class Vma {
    /** The handle munmap() takes. */
    public final long handle;
    public final MmStruct mm;
    /** The file mapped, or null for anonymous memory. */
    public final AddressSpace file;
    /** vm_pgoff: the file page the first page maps. */
    public final long pgoff;
    public final int nrPages;
    /** For anonymous memory: the anon_vma id folios carry, negated, in folio->mapping. */
    public final int anonVma;
    final int[] pte;
    final long[] young;
    int rss;
    boolean unmapped;

    Vma(long handle, MmStruct mm, AddressSpace file, long pgoff, int nrPages, int anonVma) {
        this.handle = handle;
        this.mm = mm;
        this.file = file;
        this.pgoff = pgoff;
        this.nrPages = nrPages;
        this.anonVma = anonVma;
        this.pte = new int[nrPages];
        Arrays.fill(pte, MemMap.NONE);
        this.young = new long[(nrPages + 63) >>> 6];
    }

    public boolean isAnonymous() {
        return file == null;
    }

    /** The PFN the i-th page's PTE maps, or NONE. */
    public synchronized int pte(int i) {
        return pte[i];
    }

    /** Resident pages (get_mm_counter of this VMA's part). */
    public synchronized int rss() {
        return rss;
    }

    /** Does this VMA cover file page {@code index}? */
    public boolean coversFileIndex(long index) {
        return file != null && index >= pgoff && index < pgoff + nrPages;
    }
}
