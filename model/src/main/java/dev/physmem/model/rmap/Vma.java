package dev.physmem.model.rmap;

import dev.physmem.model.filemap.AddressSpace;
import dev.physmem.model.page.MemMap;
import java.util.Arrays;

/**
 * {@code struct vm_area_struct} with its page table folded in: a mapped range of a file (MAP_SHARED)
 * or of anonymous memory, and for each of its pages what its PTE holds — the PFN it maps, nothing
 * ({@link MemMap#NONE}), or a swap entry (encoded below -1, see {@link #swapPte}) — and the PTE's
 * young (accessed) bit. The VMA's monitor is its page-table lock.
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

    /** The PTE value of a swap entry for {@code slot}: below NONE, so never a PFN. */
    static int swapPte(int slot) {
        return -2 - slot;
    }

    /** Is this PTE value a swap entry? */
    public static boolean isSwapPte(int pte) {
        return pte < MemMap.NONE;
    }

    static int swapSlot(int pte) {
        return -2 - pte;
    }

    public boolean isAnonymous() {
        return file == null;
    }

    /** What the i-th page's PTE holds: a PFN, NONE, or a swap entry ({@link #isSwapPte}). */
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
