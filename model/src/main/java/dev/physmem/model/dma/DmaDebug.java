package dev.physmem.model.dma;

import dev.physmem.model.KernelBugException;
import dev.physmem.model.trace.Tracepoints;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * CONFIG_DMA_API_DEBUG (kernel/dma/debug.c, {@code pr_fmt "DMA-API: "}), always on: every coherent
 * allocation and streaming mapping is an entry in a hash of {@code HASH_SIZE} buckets keyed by device
 * address, and every unmap, free and sync is checked against it with the kernel's lookup rules
 * (best fit on exact address for unmap, containing range for sync) and reported in the kernel's words.
 *
 * <p>A report is counted (per {@link DmaError}), traced ({@code dmaDebugError}) and, on a strict
 * machine, thrown as a {@link KernelBugException} once the DMA call that found it has finished, so the
 * machine is consistent when a test catches it. The kernel prints only the first error by default
 * ({@code show_num_errors = 1}); the simulator traces every one, as debugfs {@code all_errors=1}
 * would, so a recording shows each misuse.
 *
 * <p>The table is also the simulator's record of what is mapped (the kernel keeps that in the
 * address itself), so it is never switched off. One lock stands for the kernel's bucket locks.
 */
public final class DmaDebug {
    static final int HASH_SIZE = 16384;
    static final int HASH_FN_SHIFT = 13;
    private static final int HASH_FN_MASK = HASH_SIZE - 1;
    private static final int CACHELINE_PER_PAGE_SHIFT = 12 - ArchDma.L1_CACHE_SHIFT;
    private static final String[] MAPERR2STR = {
        "dma map error check not applicable", "dma map error not checked", "dma map error checked",
    };

    private final Tracepoints trace;
    private final boolean strict;
    private final DmaWarn warn;
    private final DmaDebugEntry[] bucketHead = new DmaDebugEntry[HASH_SIZE];
    private final DmaDebugEntry[] bucketTail = new DmaDebugEntry[HASH_SIZE];
    private final ActiveCachelines activeCachelines = new ActiveCachelines();
    private DmaDebugEntry freeEntries;
    private int numEntries;
    private int nrTotalEntries;
    /** Head of the entries whose CPU view can go stale (see {@link CpuView}). */
    DmaDebugEntry trackedHead;

    private final AtomicLong errorCount = new AtomicLong();
    private final AtomicLongArray errors = new AtomicLongArray(DmaError.values().length);
    private final ThreadLocal<StringBuilder> pending = new ThreadLocal<>();

    DmaDebug(Tracepoints trace, boolean strict, DmaWarn warn) {
        this.trace = trace;
        this.strict = strict;
        this.warn = warn;
    }

    /** hash_fn(): bits 13..26 of the device address. */
    static int hashFn(long devAddr) {
        return (int) ((devAddr >>> HASH_FN_SHIFT) & HASH_FN_MASK);
    }

    /** to_cacheline_number(). */
    static long toCachelineNumber(long paddr) {
        return ((paddr >>> 12) << CACHELINE_PER_PAGE_SHIFT) + ((paddr & 0xfff) >>> ArchDma.L1_CACHE_SHIFT);
    }

    // =====================================================================================
    // Entries
    // =====================================================================================

    /** dma_entry_alloc(): from the free list, or a new one when the pool must grow. */
    synchronized DmaDebugEntry dmaEntryAlloc() {
        DmaDebugEntry e = freeEntries;
        if (e == null) {
            nrTotalEntries++;
            e = new DmaDebugEntry();
        } else {
            freeEntries = e.next;
        }
        e.reset();
        return e;
    }

    /** dma_entry_free(): back on the free list (callers have already taken it out of the hash). */
    synchronized void dmaEntryFree(DmaDebugEntry e) {
        e.dev = null;
        e.next = freeEntries;
        freeEntries = e;
    }

    /**
     * add_dma_entry(): into its bucket (list_add_tail) and the active cache lines; a second mapping
     * the device may write over the same first cache line is "cacheline tracking EEXIST", unless
     * arm64's kmalloc bouncing is in force ({@code overlapAllowed}).
     */
    synchronized void addDmaEntry(DmaDebugEntry e, boolean overlapAllowed) {
        int idx = hashFn(e.devAddr);
        if (bucketTail[idx] == null) {
            bucketHead[idx] = e;
        } else {
            bucketTail[idx].next = e;
        }
        bucketTail[idx] = e;
        e.next = null;
        numEntries++;
        if (e.tracked) {
            e.trackedNext = trackedHead;
            if (trackedHead != null) {
                trackedHead.trackedPrev = e;
            }
            trackedHead = e;
        }
        if (e.direction == DmaDirection.DMA_TO_DEVICE) {
            return; // active_cacheline_insert(): a device that only reads cannot make the CPU's data stale
        }
        long cln = toCachelineNumber(e.paddr);
        int overlap = activeCachelines.insert(cln);
        if (overlap > ActiveCachelines.MAX_OVERLAP) {
            warn.warn(DmaWarn.Site.CACHELINE_OVERLAP_OVERFLOW, null, String.format(
                    "DMA-API: exceeded %d overlapping mappings of cacheline 0x%016x",
                    ActiveCachelines.MAX_OVERLAP, cln));
        }
        if (overlap >= 0 && !overlapAllowed) {
            errPrintk(e.dev, DmaError.CACHELINE_OVERLAP,
                    "cacheline tracking EEXIST, overlapping mappings aren't supported");
        }
    }

    /** hash_bucket_del() + active_cacheline_remove() + off the tracked list. */
    private void hashBucketDel(DmaDebugEntry e) {
        int idx = hashFn(e.devAddr);
        DmaDebugEntry prev = null;
        for (DmaDebugEntry x = bucketHead[idx]; x != null; prev = x, x = x.next) {
            if (x == e) {
                if (prev == null) {
                    bucketHead[idx] = e.next;
                } else {
                    prev.next = e.next;
                }
                if (bucketTail[idx] == e) {
                    bucketTail[idx] = prev;
                }
                break;
            }
        }
        e.next = null;
        numEntries--;
        if (e.direction != DmaDirection.DMA_TO_DEVICE) {
            activeCachelines.remove(toCachelineNumber(e.paddr));
        }
        if (e.tracked) {
            if (e.trackedPrev != null) {
                e.trackedPrev.trackedNext = e.trackedNext;
            } else {
                trackedHead = e.trackedNext;
            }
            if (e.trackedNext != null) {
                e.trackedNext.trackedPrev = e.trackedPrev;
            }
            e.trackedPrev = null;
            e.trackedNext = null;
        }
    }

    /**
     * __hash_bucket_find(): among the entries that match, a perfect fit on size, type, direction and
     * sg_call_ents wins at once; otherwise the best fit, but only if it was the only match.
     */
    private DmaDebugEntry hashBucketFind(int idx, Device dev, long devAddr, long size, int type, int dir,
                                         int sgCallEnts, boolean containing) {
        DmaDebugEntry ret = null;
        int matches = 0;
        int lastLvl = -1;
        for (DmaDebugEntry e = bucketHead[idx]; e != null; e = e.next) {
            boolean match = e.dev == dev && (containing
                    ? e.devAddr <= devAddr && e.devAddr + e.size >= devAddr + size
                    : e.devAddr == devAddr);
            if (!match) {
                continue;
            }
            matches++;
            int lvl = (e.size == size ? 1 : 0) + (e.type == type ? 1 : 0) + (e.direction == dir ? 1 : 0)
                    + (e.sgCallEnts == sgCallEnts ? 1 : 0);
            if (lvl == 4) {
                return e;
            }
            if (lvl > lastLvl) {
                lastLvl = lvl;
                ret = e;
            }
        }
        return matches == 1 ? ret : null;
    }

    /** bucket_find_contain(): this bucket, then the ones below it, for an entry spanning the range. */
    private DmaDebugEntry bucketFindContain(Device dev, long devAddr, long size, int type, int dir, int sgCallEnts) {
        long limit = Math.min(HASH_SIZE, (devAddr >>> HASH_FN_SHIFT) + 1);
        long index = devAddr;
        for (long i = 0; i < limit; i++) {
            DmaDebugEntry e = hashBucketFind(hashFn(index), dev, devAddr, size, type, dir, sgCallEnts, true);
            if (e != null) {
                return e;
            }
            index -= 1L << HASH_FN_SHIFT;
        }
        return null;
    }

    /** The live mapping of {@code dev} that spans [devAddr, devAddr + size), for a device's own access. */
    DmaDebugEntry findContaining(Device dev, long devAddr, long size) {
        return bucketFindContain(dev, devAddr, size, -1, -1, -1);
    }

    // =====================================================================================
    // Checks
    // =====================================================================================

    /**
     * check_unmap(): finds the entry an unmap or free names and reports every way the call differs
     * from the map. Returns the entry, out of the hash, for the caller to undo and then
     * {@link #dmaEntryFree}; or null when nothing matched (already reported).
     */
    synchronized DmaDebugEntry checkUnmap(Device dev, int type, long devAddr, long size, int dir, long paddr,
                                          int sgCallEnts) {
        DmaDebugEntry e = hashBucketFind(hashFn(devAddr), dev, devAddr, size, type, dir, sgCallEnts, false);
        if (e == null) {
            if (devAddr == DmaMapping.DMA_MAPPING_ERROR) {
                errPrintk(dev, DmaError.FREE_INVALID_ADDRESS, "device driver tries to free an invalid DMA memory address");
            } else {
                errPrintk(dev, DmaError.FREE_NOT_ALLOCATED, String.format("device driver tries to free DMA memory it has"
                        + " not allocated [device address=0x%016x] [size=%d bytes]", devAddr, size));
            }
            return null;
        }
        if (size != e.size) {
            errPrintk(dev, DmaError.FREE_DIFFERENT_SIZE, String.format("device driver frees DMA memory with different"
                    + " size [device address=0x%016x] [map size=%d bytes] [unmap size=%d bytes]", devAddr, e.size, size));
        }
        if (type != e.type) {
            errPrintk(dev, DmaError.FREE_WRONG_FUNCTION, String.format("device driver frees DMA memory with wrong"
                    + " function [device address=0x%016x] [size=%d bytes] [mapped as %s] [unmapped as %s]",
                    devAddr, size, DmaDebugEntry.typeName(e.type), DmaDebugEntry.typeName(type)));
        } else if ((e.type == DmaDebugEntry.TYPE_COHERENT || e.type == DmaDebugEntry.TYPE_NONCOHERENT)
                && paddr != e.paddr) {
            // "0x%pa": %pa already prints its own "0x", so the kernel's line really reads "0x0x...".
            errPrintk(dev, DmaError.FREE_DIFFERENT_CPU_ADDRESS, String.format("device driver frees DMA memory with"
                    + " different CPU address [device address=0x%016x] [size=%d bytes] [cpu alloc address=0x0x%016x]"
                    + " [cpu free address=0x0x%016x]", devAddr, size, e.paddr, paddr));
        }
        if (sgCallEnts != 0 && type == DmaDebugEntry.TYPE_SG && sgCallEnts != e.sgCallEnts) {
            errPrintk(dev, DmaError.FREE_SG_DIFFERENT_COUNT, String.format("device driver frees DMA sg list with"
                    + " different entry count [map count=%d] [unmap count=%d]", e.sgCallEnts, sgCallEnts));
        }
        if (dir != e.direction) {
            errPrintk(dev, DmaError.FREE_DIFFERENT_DIRECTION, String.format("device driver frees DMA memory with"
                    + " different direction [device address=0x%016x] [size=%d bytes] [mapped with %s] [unmapped with %s]",
                    devAddr, size, DmaDirection.name(e.direction), DmaDirection.name(dir)));
        }
        if (e.mapErrType == DmaDebugEntry.MAP_ERR_NOT_CHECKED) {
            errPrintk(dev, DmaError.MAP_ERROR_NOT_CHECKED, String.format("device driver failed to check map"
                    + " error[device address=0x%016x] [size=%d bytes] [mapped as %s]",
                    devAddr, size, DmaDebugEntry.typeName(e.type)));
        }
        hashBucketDel(e);
        return e;
    }

    /**
     * check_sync(): the entry whose range holds the synced one, with the direction rules. A sync running
     * past the end of its mapping is found by no entry, so it reports "not allocated" (the kernel's
     * "outside allocated range" test sits behind the same containing lookup and cannot fire).
     * Returns the entry (still live), or null.
     */
    synchronized DmaDebugEntry checkSync(Device dev, int type, long devAddr, long size, int dir, int sgCallEnts,
                                         boolean toCpu) {
        DmaDebugEntry e = bucketFindContain(dev, devAddr, size, type, dir, sgCallEnts);
        if (e == null) {
            errPrintk(dev, DmaError.SYNC_NOT_ALLOCATED, String.format("device driver tries to sync DMA memory it has"
                    + " not allocated [device address=0x%016x] [size=%d bytes]", devAddr, size));
            return null;
        }
        if (e.direction == DmaDirection.DMA_BIDIRECTIONAL) {
            return e;
        }
        if (dir != e.direction) {
            errPrintk(dev, DmaError.SYNC_DIFFERENT_DIRECTION, String.format("device driver syncs DMA memory with"
                    + " different direction [device address=0x%016x] [size=%d bytes] [mapped with %s] [synced with %s]",
                    devAddr, e.size, DmaDirection.name(e.direction), DmaDirection.name(dir)));
        }
        if (toCpu && e.direction != DmaDirection.DMA_FROM_DEVICE && dir != DmaDirection.DMA_TO_DEVICE) {
            errPrintk(dev, DmaError.SYNC_READ_ONLY_FOR_CPU, String.format("device driver syncs device read-only DMA"
                    + " memory for cpu [device address=0x%016x] [size=%d bytes] [mapped with %s] [synced with %s]",
                    devAddr, e.size, DmaDirection.name(e.direction), DmaDirection.name(dir)));
        }
        if (!toCpu && e.direction != DmaDirection.DMA_TO_DEVICE && dir != DmaDirection.DMA_FROM_DEVICE) {
            errPrintk(dev, DmaError.SYNC_WRITE_ONLY_TO_DEVICE, String.format("device driver syncs device write-only DMA"
                    + " memory to device [device address=0x%016x] [size=%d bytes] [mapped with %s] [synced with %s]",
                    devAddr, e.size, DmaDirection.name(e.direction), DmaDirection.name(dir)));
        }
        if (sgCallEnts != 0 && type == DmaDebugEntry.TYPE_SG && sgCallEnts != e.sgCallEnts) {
            errPrintk(dev, DmaError.SYNC_SG_DIFFERENT_COUNT, String.format("device driver syncs DMA sg list with"
                    + " different entry count [map count=%d] [sync count=%d]", e.sgCallEnts, sgCallEnts));
        }
        return e;
    }

    /** get_nr_mapped_entries(): sg_mapped_ents of the entry of an sg list's first element, or 0. */
    synchronized int getNrMappedEntries(Device dev, long devAddr, long size, int dir, int sgCallEnts) {
        DmaDebugEntry e = hashBucketFind(hashFn(devAddr), dev, devAddr, size, DmaDebugEntry.TYPE_SG, dir,
                sgCallEnts, false);
        return e == null ? 0 : e.sgMappedEnts;
    }

    /** debug_dma_mapping_error(): the first unchecked entry at this address is now checked. */
    synchronized void debugDmaMappingError(Device dev, long devAddr) {
        for (DmaDebugEntry e = bucketHead[hashFn(devAddr)]; e != null; e = e.next) {
            if (e.dev == dev && e.devAddr == devAddr && e.mapErrType == DmaDebugEntry.MAP_ERR_NOT_CHECKED) {
                e.mapErrType = DmaDebugEntry.MAP_ERR_CHECKED;
                break;
            }
        }
    }

    /**
     * dma_debug_device_change(BUS_NOTIFY_UNBOUND_DRIVER): entries still held when the driver lets go of
     * the device are leaks; the one described is the last found walking the buckets in order, as
     * device_dma_allocations() leaves it. Returns the number of leaked entries.
     */
    synchronized int deviceUnbound(Device dev) {
        int count = 0;
        DmaDebugEntry last = null;
        for (int idx = 0; idx < HASH_SIZE; idx++) {
            for (DmaDebugEntry e = bucketHead[idx]; e != null; e = e.next) {
                if (e.dev == dev) {
                    count++;
                    last = e;
                }
            }
        }
        if (count > 0) {
            errPrintk(dev, DmaError.PENDING_AT_RELEASE, String.format("device driver has pending DMA allocations while"
                    + " released from device [count=%d]\nOne of leaked entries details: [device address=0x%016x]"
                    + " [size=%d bytes] [mapped with %s] [mapped as %s]", count, last.devAddr, last.size,
                    DmaDirection.name(last.direction), DmaDebugEntry.typeName(last.type)));
        }
        return count;
    }

    // =====================================================================================
    // Reporting
    // =====================================================================================

    /** err_printk(): "DMA-API: driver devname: " and the message. */
    void errPrintk(Device dev, DmaError kind, String message) {
        String driver = dev == null ? "NULL" : dev.driver;
        String name = dev == null ? "NULL" : dev.name;
        report(dev, kind, "DMA-API: " + driver + " " + name + ": " + message);
    }

    /** Counts, traces and (strict) queues a report for {@link #raise}. */
    void report(Device dev, DmaError kind, String text) {
        errorCount.incrementAndGet();
        errors.incrementAndGet(kind.ordinal());
        trace.dmaDebugError(dev == null ? "NULL" : dev.name, text);
        if (strict) {
            StringBuilder sb = pending.get();
            if (sb == null) {
                pending.set(new StringBuilder(text));
            } else {
                sb.append('\n').append(text);
            }
        }
    }

    /** At the end of a DMA call: throws what the call reported, on a strict machine. */
    void raise() {
        StringBuilder sb = pending.get();
        if (sb != null) {
            pending.remove();
            throw new KernelBugException(sb.toString());
        }
    }

    // =====================================================================================
    // Figures
    // =====================================================================================

    /** error_count (debugfs dma-api/error_count): every report, of every kind. */
    public long errorCount() {
        return errorCount.get();
    }

    public long errors(DmaError kind) {
        return errors.get(kind.ordinal());
    }

    /** Entries in the hash: coherent allocations plus streaming mappings alive. */
    public synchronized int liveEntries() {
        return numEntries;
    }

    /** nr_total_entries: entries ever created (the pool never shrinks). */
    public synchronized int nrTotalEntries() {
        return nrTotalEntries;
    }

    /** Lines in the active-cacheline tree. */
    synchronized int activeCachelines() {
        return activeCachelines.size();
    }

    /** debugfs dma-api/dump: one line per entry, in bucket order, as dump_show() prints them. */
    public synchronized List<String> dump() {
        List<String> lines = new ArrayList<>();
        for (int idx = 0; idx < HASH_SIZE; idx++) {
            for (DmaDebugEntry e = bucketHead[idx]; e != null; e = e.next) {
                lines.add(String.format("%s %s %s idx %d P=0x%016x D=%x L=%x cln=0x%016x %s %s", e.dev.driver,
                        e.dev.name, DmaDebugEntry.typeName(e.type), idx, e.paddr, e.devAddr, e.size,
                        toCachelineNumber(e.paddr), DmaDirection.name(e.direction), MAPERR2STR[e.mapErrType]));
            }
        }
        return lines;
    }
}
