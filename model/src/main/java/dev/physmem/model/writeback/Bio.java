package dev.physmem.model.writeback;

import dev.physmem.model.dma.Scatterlist;
import java.util.Arrays;

/**
 * {@code struct bio}: one block I/O request for consecutive folios of one file, read or write, up to
 * {@link #BIO_MAX_PAGES}. Each folio in it holds one reference for the I/O (the temporary pin of the
 * seed article); the completion handler drops it.
 */
public final class Bio {
    /** max_sectors_kb = 1 MiB: the largest request the simulated device accepts. */
    public static final int BIO_MAX_PAGES = 256;

    /** bio->bi_end_io. */
    public interface EndIo {
        void bioEndio(Bio bio);
    }

    public final boolean write;
    /** For writeback: the bdi_writeback whose counters the folios are on; null for reads. */
    final BdiWriteback wb;
    final EndIo endIo;
    /** The address space (ino) the folios belong to, for merging and reports. */
    public final int ino;
    private int[] folios;
    private int[] folioPages;
    private int nrFolios;
    private int nrPages;
    private long nextIndex = -1;
    long completion;
    /** The request's scatterlist while the device has it mapped (blk_rq_map_sg); null otherwise. */
    Scatterlist sg;

    /** bio_alloc(): {@code wb} is null for a read. */
    public Bio(boolean write, BdiWriteback wb, int ino, EndIo endIo) {
        this.folios = new int[write ? BIO_MAX_PAGES : 8];
        this.folioPages = new int[folios.length];
        this.write = write;
        this.wb = wb;
        this.ino = ino;
        this.endIo = endIo;
    }

    /** bio_add_folio(): false if the folio does not continue the request or would make it too large. */
    public boolean add(int folio, long index, int nr) {
        if (nrFolios > 0 && (index != nextIndex || nrPages + nr > BIO_MAX_PAGES)) {
            return false;
        }
        if (nrFolios == folios.length) {
            folios = Arrays.copyOf(folios, nrFolios * 2);
            folioPages = Arrays.copyOf(folioPages, nrFolios * 2);
        }
        folioPages[nrFolios] = nr;
        folios[nrFolios++] = folio;
        nrPages += nr;
        nextIndex = index + nr;
        return true;
    }

    public int nrFolios() {
        return nrFolios;
    }

    public int folio(int i) {
        return folios[i];
    }

    /** The pages of the {@code i}th folio. */
    public int folioPages(int i) {
        return folioPages[i];
    }

    public int nrPages() {
        return nrPages;
    }

    public boolean isEmpty() {
        return nrFolios == 0;
    }

    /** When the device completes the request (simulated ns); valid once submitted. */
    public long completion() {
        return completion;
    }
}
