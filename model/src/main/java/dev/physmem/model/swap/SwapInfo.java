package dev.physmem.model.swap;

/**
 * A swap area ({@code struct swap_info_struct}, mm/swapfile.c): its slots and, per slot, the
 * {@code swap_map} count of swap entries in page tables plus the SWAP_HAS_CACHE bit while a folio in
 * the swap cache holds it. Slot 0 is the swap header, as on disk. Slots are handed out from a cursor
 * that wraps, like the kernel's per-cluster scan.
 */
public final class SwapInfo {
    /** SWAP_HAS_CACHE: the slot's folio is in the swap cache. */
    static final int SWAP_HAS_CACHE = 0x40;
    private static final int COUNT_MASK = SWAP_HAS_CACHE - 1;

    private final byte[] swapMap;
    private int inusePages;
    private int cursor = 1;

    /** A swap area of {@code pages} pages (mkswap + swapon). */
    public SwapInfo(long pages) {
        if (pages < 2 || pages > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("swap of " + pages + " pages");
        }
        swapMap = new byte[(int) pages];
    }

    /** total_swap_pages: every slot but the header. */
    public long totalPages() {
        return swapMap.length - 1;
    }

    /** get_nr_swap_pages(). */
    public synchronized long freePages() {
        return totalPages() - inusePages;
    }

    /**
     * folio_alloc_swap() for one page: a free slot, held by the swap cache (SWAP_HAS_CACHE); -1 when
     * the area is full.
     */
    synchronized int allocSlot() {
        if (inusePages == totalPages()) {
            return -1;
        }
        while (swapMap[cursor] != 0) {
            cursor = cursor + 1 < swapMap.length ? cursor + 1 : 1;
        }
        int slot = cursor;
        swapMap[slot] = SWAP_HAS_CACHE;
        inusePages++;
        return slot;
    }

    /** swap_duplicate(): one more page-table entry points at the slot. */
    synchronized void duplicate(int slot) {
        swapMap[slot]++;
    }

    /** swap_free(): a page-table entry went; the slot is free once nothing refers to it. */
    synchronized void free(int slot) {
        if ((swapMap[slot] & COUNT_MASK) == 0) {
            throw new IllegalStateException("swap_free: unused swap entry " + slot);
        }
        swapMap[slot]--;
        release(slot);
    }

    /** The swap cache let go of the slot (delete_from_swap_cache). */
    synchronized void freeCache(int slot) {
        swapMap[slot] &= ~SWAP_HAS_CACHE;
        release(slot);
    }

    /** Page-table entries referring to the slot (swap_count()). */
    public synchronized int swapCount(int slot) {
        return swapMap[slot] & COUNT_MASK;
    }

    private void release(int slot) {
        if (swapMap[slot] == 0) {
            inusePages--;
        }
    }
}
