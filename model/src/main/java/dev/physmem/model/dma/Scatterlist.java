package dev.physmem.model.dma;

import dev.physmem.model.Mm;

/**
 * A scatterlist (include/linux/scatterlist.h) as parallel arrays: each entry a page, an offset in it
 * and a length, filled with {@link #setPage} (sg_set_page), plus the {@code dma_address} and
 * {@code dma_length} that {@link DmaMapping#dmaMapSg} fills in. dma-direct maps entry for entry,
 * never merging, so mapped entries equal nents.
 */
public final class Scatterlist {
    private final int[] page;
    private final int[] offset;
    private final int[] length;
    private final long[] dmaAddress;
    private final int[] dmaLength;

    /** sg_init_table(): {@code nents} empty entries. */
    public Scatterlist(int nents) {
        page = new int[nents];
        offset = new int[nents];
        length = new int[nents];
        dmaAddress = new long[nents];
        dmaLength = new int[nents];
    }

    public int nents() {
        return page.length;
    }

    /** sg_set_page(): entry {@code i} covers {@code len} bytes from {@code off} into page {@code pfn}. */
    public Scatterlist setPage(int i, int pfn, int len, int off) {
        page[i] = pfn;
        offset[i] = off;
        length[i] = len;
        return this;
    }

    public int page(int i) {
        return page[i];
    }

    public int offset(int i) {
        return offset[i];
    }

    public int length(int i) {
        return length[i];
    }

    /** sg_phys(). */
    public long phys(int i) {
        return Mm.pfnToPhys(page[i]) + offset[i];
    }

    /** sg_dma_address(). */
    public long dmaAddress(int i) {
        return dmaAddress[i];
    }

    /** sg_dma_len(). */
    public int dmaLen(int i) {
        return dmaLength[i];
    }

    void setDma(int i, long addr, int len) {
        dmaAddress[i] = addr;
        dmaLength[i] = len;
    }
}
