package dev.physmem.model.rmap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code struct mm_struct} of a simulated process: its VMAs and its page counters (MM_FILEPAGES,
 * MM_ANONPAGES, MM_SWAPENTS, atomic as the kernel's rss_stat), which the OOM killer reads. The
 * object's monitor guards the VMA list only and is never held while memory is allocated, so the OOM
 * killer can always take a victim's mappings (the kernel's reaper only tries the mmap_lock).
 */
public final class MmStruct {
    public final int pid;
    public final String comm;
    final List<Vma> vmas = new ArrayList<>();
    private final AtomicLong fileRss = new AtomicLong();
    private final AtomicLong anonRss = new AtomicLong();
    private final AtomicLong swapents = new AtomicLong();
    private final AtomicLong totalVm = new AtomicLong();
    boolean oomKilled;

    public MmStruct(int pid, String comm) {
        this.pid = pid;
        this.comm = comm;
    }

    public long fileRss() {
        return fileRss.get();
    }

    public long anonRss() {
        return anonRss.get();
    }

    void addFileRss(long delta) {
        fileRss.addAndGet(delta);
    }

    void addAnonRss(long delta) {
        anonRss.addAndGet(delta);
    }

    /** MM_SWAPENTS: page-table entries pointing to swap. */
    public long swapents() {
        return swapents.get();
    }

    void addSwapents(long delta) {
        swapents.addAndGet(delta);
    }

    /** total_vm in pages. */
    public long totalVm() {
        return totalVm.get();
    }

    void addTotalVm(long delta) {
        totalVm.addAndGet(delta);
    }

    /** The OOM killer chose this process at least once. */
    public synchronized boolean oomKilled() {
        return oomKilled;
    }

    public synchronized void markOomKilled() {
        oomKilled = true;
    }

    public synchronized List<Vma> vmas() {
        return new ArrayList<>(vmas);
    }
}
