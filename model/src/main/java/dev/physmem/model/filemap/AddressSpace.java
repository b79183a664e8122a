package dev.physmem.model.filemap;

import dev.physmem.model.rmap.Vma;
import dev.physmem.model.writeback.BdiWriteback;
import dev.physmem.model.writeback.WbInode;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated regular file: {@code struct inode} and its {@code struct address_space} in one object.
 * Its inode number is also the mapping id page frames carry in {@code folio->mapping}. The object's
 * monitor is the mapping's lock ({@code i_pages} xa_lock, which the simulator also uses as the lock of
 * every folio in the cache): it guards the page-cache index, the size, the page count and the list of
 * VMAs that map the file. It is never held while allocating memory.
 */
public final class AddressSpace {
    /** The largest page offset a mapping holds: page frames keep the index in 31 bits. */
    public static final long MAX_INDEX = Integer.MAX_VALUE;

    public final int ino;
    public final String name;
    /** The device (and its writeback state) the file lives on. */
    public final BdiWriteback wb;
    public final WbInode wbInode;
    final XArray iPages = new XArray();
    long iSize;
    long nrpages;
    int nlink = 1;
    boolean freeing;
    /** mapping->writeback_index: where range-cyclic writeback resumes. */
    long writebackIndex;
    /** i_mmap: the VMAs mapping this file. */
    final List<Vma> iMmap = new ArrayList<>();
    /** file_ra_state.prev_pos of the simulator's single open file per inode. */
    long raPrevPos = -1;
    /** A WB_SYNC_ALL writer found a dirty folio under I/O it could not wait for; guarded by this. */
    private boolean integrityRewritePending;

    AddressSpace(int ino, String name, BdiWriteback wb) {
        this.ino = ino;
        this.name = name;
        this.wb = wb;
        this.wbInode = new WbInode(ino, this);
    }

    /** The page-cache index; the caller holds this object's monitor. */
    public XArray iPages() {
        return iPages;
    }

    /** i_size_read(). */
    public synchronized long size() {
        return iSize;
    }

    /** mapping->nrpages: pages (not folios) in the cache. */
    public synchronized long nrpages() {
        return nrpages;
    }

    public synchronized int nlink() {
        return nlink;
    }

    /** The VMAs mapping the file; the caller holds this object's monitor. */
    public List<Vma> iMmap() {
        return iMmap;
    }

    public synchronized long writebackIndex() {
        return writebackIndex;
    }

    /** Range-cyclic writeback resumes here; the caller holds this object's monitor. */
    public void setWritebackIndex(long index) {
        writebackIndex = index;
    }

    /**
     * Whether the end of the file's next I/O must run a data-integrity pass (the write a waiting
     * fsync would have done); the caller holds this object's monitor.
     */
    public boolean integrityRewritePending() {
        return integrityRewritePending;
    }

    public void setIntegrityRewritePending(boolean pending) {
        integrityRewritePending = pending;
    }

    /** I_FREEING: the inode is being evicted. */
    public synchronized boolean freeing() {
        return freeing;
    }

    @Override
    public String toString() {
        return "inode " + ino + " (" + name + ")";
    }
}
