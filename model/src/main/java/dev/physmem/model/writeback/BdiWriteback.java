package dev.physmem.model.writeback;

import dev.physmem.model.Mm;
import dev.physmem.model.cpu.Cpu;
import dev.physmem.model.time.DelayedWork;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code struct bdi_writeback} (include/linux/backing-dev-defs.h): one device's writeback state — its
 * dirty inode lists (b_dirty, b_io, b_more_io under list_lock), its per-CPU page counters
 * (WB_RECLAIMABLE, WB_WRITEBACK, WB_DIRTIED, WB_WRITTEN), the write bandwidth and dirty rate limit it
 * has estimated, its share of recent completions, and its flusher's queue of works.
 */
public final class BdiWriteback {
    public static final int WB_RECLAIMABLE = 0;
    public static final int WB_WRITEBACK = 1;
    public static final int WB_DIRTIED = 2;
    public static final int WB_WRITTEN = 3;
    public static final int NR_WB_STAT_ITEMS = 4;
    /** INIT_BW (mm/backing-dev.c): 100 MB/s in pages, the estimate a device starts from. */
    public static final long INIT_BW = (100L << 20) >> Mm.PAGE_SHIFT;

    /** Longs per CPU slot, so that two CPUs never share a cache line of counters. */
    private static final int PAD = 16;

    public final BlockDevice bdev;
    final Object listLock = new Object();
    final WbInode.IoList bDirty = new WbInode.IoList("b_dirty");
    final WbInode.IoList bIo = new WbInode.IoList("b_io");
    final WbInode.IoList bMoreIo = new WbInode.IoList("b_more_io");

    private final long[] pcpu;
    private final AtomicLongArray count = new AtomicLongArray(NR_WB_STAT_ITEMS);
    private final int batch;
    private final int nrCpus;

    // Bandwidth estimation, under listLock (as __wb_update_bandwidth holds wb->list_lock).
    volatile long bwTimeStamp;
    long dirtiedStamp;
    long writtenStamp;
    long writeBandwidth = INIT_BW;
    volatile long avgWriteBandwidth = INIT_BW;
    volatile long dirtyRatelimit = INIT_BW;
    long balancedDirtyRatelimit = INIT_BW;
    volatile boolean dirtyExceeded;

    // fprop_local_percpu completions, under the domain's lock.
    long completions;
    int completionsPeriod;

    // The flusher: wb->dwork, the work it is in the middle of (blocked on the device), wb->state.
    final Flusher flusher;
    DelayedWork dwork;
    /** Wakes the flusher when the device frees a request it was waiting for. */
    Runnable tagWakeup;
    volatile WbWritebackWork current;
    volatile boolean writebackRunning;
    volatile boolean startAll;
    int startAllReason;
    long lastOldFlush;

    BdiWriteback(Flusher flusher, BlockDevice bdev, int nrCpus, long jiffies) {
        this.flusher = flusher;
        this.bdev = bdev;
        this.nrCpus = nrCpus;
        this.batch = wbStatBatch(nrCpus);
        this.pcpu = new long[nrCpus * PAD];
        this.bwTimeStamp = jiffies;
        this.lastOldFlush = jiffies;
    }

    /** WB_STAT_BATCH: 8 * (1 + ilog2(nr_cpu_ids)). */
    static int wbStatBatch(int nrCpus) {
        return 8 * (1 + (31 - Integer.numberOfLeadingZeros(nrCpus)));
    }

    /** wb_stat_mod() with the CPU's lock held: a per-CPU delta folded once it passes WB_STAT_BATCH. */
    void __statMod(Cpu cpu, int item, long nr) {
        int i = cpu.id * PAD + item;
        long x = pcpu[i] + nr;
        if (x >= batch || x <= -batch) {
            count.getAndAdd(item, x);
            x = 0;
        }
        pcpu[i] = x;
    }

    /** wb_stat(): the folded count, off by at most {@link #statError()}. */
    public long stat(int item) {
        return Math.max(0, count.get(item));
    }

    /** wb_stat_sum(): exact on a quiescent machine. */
    public long statSum(int item) {
        long x = count.get(item);
        for (int c = 0; c < nrCpus; c++) {
            x += pcpu[c * PAD + item];
        }
        return Math.max(0, x);
    }

    /** wb_stat_error(): nr_cpu_ids * WB_STAT_BATCH. */
    public long statError() {
        return (long) nrCpus * batch;
    }

    /** wb_has_dirty_io(): some inode of this device is on a writeback list. */
    public boolean hasDirtyIo() {
        synchronized (listLock) {
            return !bDirty.isEmpty() || !bIo.isEmpty() || !bMoreIo.isEmpty();
        }
    }

    public long avgWriteBandwidth() {
        return avgWriteBandwidth;
    }

    public long dirtyRatelimit() {
        return dirtyRatelimit;
    }

    public boolean dirtyExceeded() {
        return dirtyExceeded;
    }

    /** writeback_in_progress(): the flusher is running a work, or waiting for the device in one. */
    public boolean writebackInProgress() {
        return writebackRunning || current != null;
    }

    /** Inodes on b_dirty, b_io and b_more_io. */
    public int[] ioListLengths() {
        synchronized (listLock) {
            return new int[] {bDirty.length, bIo.length, bMoreIo.length};
        }
    }

    @Override
    public String toString() {
        return "wb " + bdev.bdiName();
    }
}
