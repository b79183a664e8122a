package dev.physmem.model.writeback;

import dev.physmem.model.Mm;
import dev.physmem.model.dma.Device;
import dev.physmem.model.dma.DmaDirection;
import dev.physmem.model.dma.DmaMapping;
import dev.physmem.model.dma.Scatterlist;
import dev.physmem.model.time.Scheduler;
import dev.physmem.model.time.Worker;
import dev.physmem.model.vmstat.VmEventItem;
import dev.physmem.model.vmstat.VmStat;

/**
 * A simulated disk and its request queue (block/): requests are served one after another at the
 * device's bandwidth, each completing a fixed latency after its transfer ends, so writeback takes
 * simulated time and folios stay PG_writeback (or locked, for reads) while their request is in flight.
 * At most {@link #queueDepth()} requests are in flight for the flusher (blk-mq tags): it stops
 * submitting when they are all taken and is woken when a batch of them has completed (the tag
 * sbitmap's wake_batch). Completion runs on the worker named {@code kblockd/NAME}, standing for the
 * device's interrupt and softirq.
 */
public final class BlockDevice {
    /** Requests the simulated device queues at once (a SATA disk's NCQ depth). */
    public static final int DEFAULT_QUEUE_DEPTH = 32;
    /** SBQ_WAIT_QUEUES and SBQ_WAKE_BATCH (include/linux/sbitmap.h). */
    private static final int SBQ_WAIT_QUEUES = 8;
    private static final int SBQ_WAKE_BATCH = 8;

    public final String name;
    public final int major;
    public final int minor;
    /** One string for the device's life: tracepoints pass it on every throttled write, and JFR pools strings by identity. */
    private final String bdiName;
    private final long bandwidth;
    private final long latencyNanos;
    private final int queueDepth;
    private final Scheduler clock;
    private final Worker completionWorker;
    private final VmStat vmStat;
    /** The DMA API and the device's side of it: every request is mapped for the device while in flight. */
    private final DmaMapping dma;
    private final Device dmaDevice;
    /** Folios with a request in flight, and when it completes. */
    private final PfnLongMap inflight = new PfnLongMap();
    private long busyUntil;
    private long lastCompletion;
    private int inflightRequests;
    private final java.util.ArrayList<Runnable> tagWaiters = new java.util.ArrayList<>();
    /** Tags freed before the waiters are woken: sbitmap_queue's wake_batch. */
    private final int wakeBatch;
    /** Tags freed while someone waited and not yet answered by a wake-up (completion_cnt - wakeup_cnt). */
    private int freedSinceWakeup;

    public BlockDevice(String name, int major, int minor, long bandwidthBytesPerSec, long latencyNanos, int queueDepth,
                       Scheduler clock, VmStat vmStat, DmaMapping dma, Device dmaDevice) {
        if (bandwidthBytesPerSec <= 0 || latencyNanos < 0 || queueDepth <= 0) {
            throw new IllegalArgumentException("disk " + name + ": bandwidth " + bandwidthBytesPerSec + " B/s, latency "
                    + latencyNanos + " ns, queue depth " + queueDepth);
        }
        this.name = name;
        this.major = major;
        this.minor = minor;
        this.bdiName = major + ":" + minor;
        this.bandwidth = bandwidthBytesPerSec;
        this.latencyNanos = latencyNanos;
        this.queueDepth = queueDepth;
        this.wakeBatch = wakeBatch(queueDepth);
        this.clock = clock;
        this.vmStat = vmStat;
        this.dma = dma;
        this.dmaDevice = dmaDevice;
        this.completionWorker = clock.worker("kblockd/" + name);
    }

    /** MKDEV(major, minor) as the kernel packs a dev_t (20 bits of minor). */
    public int dev() {
        return (major << 20) | minor;
    }

    /** The bdi name the flusher and tracepoints use: "8:0". */
    public String bdiName() {
        return bdiName;
    }

    public long bandwidth() {
        return bandwidth;
    }

    public long latencyNanos() {
        return latencyNanos;
    }

    public int queueDepth() {
        return queueDepth;
    }

    /**
     * sbq_calc_wake_batch() (lib/sbitmap.c): a tag waiter is woken once this many tags were freed, not
     * on each, so a full queue wakes the flusher once per batch of completions. 4 for a depth of 32.
     */
    static int wakeBatch(int depth) {
        return Math.max(1, Math.min(depth / SBQ_WAIT_QUEUES, SBQ_WAKE_BATCH));
    }

    /**
     * submit_bio(): queue the request behind those already queued; returns its completion time. Counts
     * pgpgin/pgpgout in sectors as submit_bio() does.
     */
    public long submitBio(Bio bio) {
        dmaMapBio(bio);
        long sectors = (long) bio.nrPages() << (Mm.PAGE_SHIFT - 9);
        vmStat.countVmEvents(bio.write ? VmEventItem.PGPGOUT : VmEventItem.PGPGIN, sectors);
        long now;
        synchronized (this) {
            now = clock.now();
            long start = Math.max(now, busyUntil);
            long bytes = (long) bio.nrPages() << Mm.PAGE_SHIFT;
            busyUntil = start + (bytes * 1_000_000_000L + bandwidth - 1) / bandwidth;
            bio.completion = busyUntil + latencyNanos;
            lastCompletion = Math.max(lastCompletion, bio.completion);
            for (int i = 0; i < bio.nrFolios(); i++) {
                inflight.put(bio.folio(i), bio.completion);
            }
            inflightRequests++;
        }
        clock.delayedWork(completionWorker, () -> endRequest(bio)).queue(bio.completion - now);
        return bio.completion;
    }

    /** blk_mq_end_request(): the request is done; its folios are handed to the bio's end_io. */
    private void endRequest(Bio bio) {
        Runnable[] waiters;
        synchronized (this) {
            for (int i = 0; i < bio.nrFolios(); i++) {
                inflight.remove(bio.folio(i));
            }
            inflightRequests--;
            waiters = tagsFreed();
        }
        dmaUnmapBio(bio);
        bio.endIo.bioEndio(bio);
        if (waiters != null) {
            for (Runnable waiter : waiters) {
                waiter.run();
            }
        }
    }

    /**
     * sbitmap_queue_wake_up(): freed tags count only while someone waits; each {@link #wakeBatch} of
     * them wakes the waiters. Returns those to wake, or null. Caller holds the device's lock.
     */
    private Runnable[] tagsFreed() {
        if (tagWaiters.isEmpty() || ++freedSinceWakeup < wakeBatch) {
            return null;
        }
        freedSinceWakeup -= wakeBatch;
        Runnable[] waiters = tagWaiters.toArray(new Runnable[0]);
        tagWaiters.clear();
        return waiters;
    }

    /**
     * blk_rq_map_sg() and the driver's dma_map_sg() before the device is told about the request: one
     * segment per folio, DMA_TO_DEVICE for a write, DMA_FROM_DEVICE for a read. A write's data is then
     * read by the device; a failed mapping leaves the request unmapped (the kernel would requeue it).
     */
    private void dmaMapBio(Bio bio) {
        int n = bio.nrFolios();
        Scatterlist sg = new Scatterlist(n);
        for (int i = 0; i < n; i++) {
            sg.setPage(i, bio.folio(i), bio.folioPages(i) << Mm.PAGE_SHIFT, 0);
        }
        int dir = bio.write ? DmaDirection.DMA_TO_DEVICE : DmaDirection.DMA_FROM_DEVICE;
        if (dma.dmaMapSg(dmaDevice, sg, n, dir) == 0) {
            return;
        }
        bio.sg = sg;
        if (bio.write) {
            for (int i = 0; i < n; i++) {
                dma.deviceReads(dmaDevice, sg.dmaAddress(i), sg.dmaLen(i));
            }
        }
    }

    /** The device wrote a read's data, then dma_unmap_sg() at completion (see {@link #dmaMapBio}). */
    private void dmaUnmapBio(Bio bio) {
        Scatterlist sg = bio.sg;
        if (sg == null) {
            return;
        }
        bio.sg = null;
        if (!bio.write) {
            for (int i = 0; i < sg.nents(); i++) {
                dma.deviceWrites(dmaDevice, sg.dmaAddress(i), sg.dmaLen(i));
            }
        }
        dma.dmaUnmapSg(dmaDevice, sg, sg.nents(), bio.write ? DmaDirection.DMA_TO_DEVICE : DmaDirection.DMA_FROM_DEVICE);
    }

    /** Every tag is taken: a flusher that does not have to wait should stop submitting. */
    public synchronized boolean congested() {
        return inflightRequests >= queueDepth;
    }

    /**
     * Runs {@code wakeup} once, when the next batch of requests has completed (the blk-mq tag wait
     * queue). Returns false, registering nothing, if a request already completed and a tag is free.
     */
    public synchronized boolean waitForTag(Runnable wakeup) {
        if (inflightRequests < queueDepth) {
            return false;
        }
        if (!tagWaiters.contains(wakeup)) {
            tagWaiters.add(wakeup);
        }
        return true;
    }

    /** When the folio's request completes, or -1 if it has no I/O in flight. */
    public synchronized long completionOf(int folio) {
        return inflight.get(folio);
    }

    /** When everything submitted so far is complete (never earlier than now). */
    public synchronized long drainedAt() {
        return Math.max(lastCompletion, clock.now());
    }

    public synchronized int inflightRequests() {
        return inflightRequests;
    }

    public synchronized int inflightFolios() {
        return inflight.size();
    }

    /** Time the device needs to transfer {@code pages} pages, plus its latency. */
    public long serviceNanos(long pages) {
        return ((pages << Mm.PAGE_SHIFT) * 1_000_000_000L + bandwidth - 1) / bandwidth + latencyNanos;
    }
}
