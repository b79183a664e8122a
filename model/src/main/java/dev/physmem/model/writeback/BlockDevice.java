package dev.physmem.model.writeback;

import dev.physmem.model.Mm;
import dev.physmem.model.time.Scheduler;
import dev.physmem.model.time.Worker;
import dev.physmem.model.vmstat.VmEventItem;
import dev.physmem.model.vmstat.VmStat;

/**
 * A simulated disk and its request queue (block/): requests are served one after another at the
 * device's bandwidth, each completing a fixed latency after its transfer ends, so writeback takes
 * simulated time and folios stay PG_writeback (or locked, for reads) while their request is in flight.
 * At most {@link #queueDepth()} requests are in flight for the flusher (blk-mq tags): it stops
 * submitting when they are all taken and is woken when one completes. Completion runs on the worker
 * named {@code kblockd/NAME}, standing for the device's interrupt and softirq.
 */
public final class BlockDevice {
    /** Requests the simulated device queues at once (a SATA disk's NCQ depth). */
    public static final int DEFAULT_QUEUE_DEPTH = 32;

    public final String name;
    public final int major;
    public final int minor;
    private final long bandwidth;
    private final long latencyNanos;
    private final int queueDepth;
    private final Scheduler clock;
    private final Worker completionWorker;
    private final VmStat vmStat;
    /** Folios with a request in flight, and when it completes. */
    private final PfnLongMap inflight = new PfnLongMap();
    private long busyUntil;
    private long lastCompletion;
    private int inflightRequests;
    private final java.util.ArrayList<Runnable> tagWaiters = new java.util.ArrayList<>();

    public BlockDevice(String name, int major, int minor, long bandwidthBytesPerSec, long latencyNanos, int queueDepth,
                       Scheduler clock, VmStat vmStat) {
        if (bandwidthBytesPerSec <= 0 || latencyNanos < 0 || queueDepth <= 0) {
            throw new IllegalArgumentException("disk " + name + ": bandwidth " + bandwidthBytesPerSec + " B/s, latency "
                    + latencyNanos + " ns, queue depth " + queueDepth);
        }
        this.name = name;
        this.major = major;
        this.minor = minor;
        this.bandwidth = bandwidthBytesPerSec;
        this.latencyNanos = latencyNanos;
        this.queueDepth = queueDepth;
        this.clock = clock;
        this.vmStat = vmStat;
        this.completionWorker = clock.worker("kblockd/" + name);
    }

    /** MKDEV(major, minor) as the kernel packs a dev_t (20 bits of minor). */
    public int dev() {
        return (major << 20) | minor;
    }

    /** The bdi name the flusher and tracepoints use: "8:0". */
    public String bdiName() {
        return major + ":" + minor;
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
            waiters = tagWaiters.toArray(new Runnable[0]);
            tagWaiters.clear();
        }
        dmaUnmapBio(bio);
        bio.endIo.bioEndio(bio);
        for (Runnable waiter : waiters) {
            waiter.run();
        }
    }

    /**
     * The DMA API belongs here: dma_map_page() of every folio of the request, DMA_TO_DEVICE for a write
     * and DMA_FROM_DEVICE for a read, before the device is told about it. Wired in with the dma package.
     */
    void dmaMapBio(Bio bio) {
    }

    /** dma_unmap_page() of every folio of a completed request (see {@link #dmaMapBio}). */
    void dmaUnmapBio(Bio bio) {
    }

    /** Every tag is taken: a flusher that does not have to wait should stop submitting. */
    public synchronized boolean congested() {
        return inflightRequests >= queueDepth;
    }

    /**
     * Runs {@code wakeup} once, when the next request completes (the blk-mq tag wait queue). Returns
     * false, registering nothing, if a request already completed and a tag is free.
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
