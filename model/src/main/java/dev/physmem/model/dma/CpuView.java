package dev.physmem.model.dma;

/**
 * Per cache line of every mapping whose data can disagree between the CPU and the device, which side
 * has not yet seen the other's latest write. That is the case for a non-coherent device (arm64
 * without {@code dma-coherent}: the CPU reads through its cache, the device reads and writes RAM) and
 * for any bounced mapping (the device works on the swiotlb copy). For a coherent device mapping in
 * place (x86, the fast path of page-cache writeback) there is nothing to track and nothing is kept.
 * <ul>
 * <li>A device write makes the lines stale for the CPU until a {@code dma_sync_*_for_cpu()} (or the
 *     unmap) with a direction the device writes: the invalidate, or the copy back from the bounce
 *     buffer. Reading them before is the stale read real hardware silently returns (the CPU may have
 *     speculatively cached the old contents at any time, so the bug is there even if a test run is
 *     lucky); it is reported as {@link DmaError#STALE_CPU_READ}.</li>
 * <li>A CPU write makes the lines stale for the device until a {@code dma_sync_*_for_device()}: the
 *     clean (any direction) or, for a bounced mapping, the copy in (a direction the device reads). The
 *     device reading them first is {@link DmaError#STALE_DEVICE_READ}.</li>
 * </ul>
 * The kernel has no such check: these two reports are the simulator's own, in the dma-debug format.
 * Bitsets are allocated on the first access to an entry's lines and kept with the recycled entry.
 * Every method runs under the dma-debug lock.
 */
final class CpuView {
    private final DmaDebug debug;

    CpuView(DmaDebug debug) {
        this.debug = debug;
    }

    /** The simulated device writes {@code [dmaAddr, dmaAddr + size)} of one of its mappings. */
    void deviceWrites(Device dev, long dmaAddr, long size) {
        synchronized (debug) {
            DmaDebugEntry e = debug.findContaining(dev, dmaAddr, size);
            if (e != null && e.tracked) {
                long phys = e.paddr + (dmaAddr - e.devAddr);
                setRange(use(e).cpuStale, lineIndex(e, phys), lineIndex(e, phys + size - 1));
            }
        }
    }

    /** The simulated device reads {@code [dmaAddr, dmaAddr + size)}: stale lines are reported. */
    void deviceReads(Device dev, long dmaAddr, long size) {
        synchronized (debug) {
            DmaDebugEntry e = debug.findContaining(dev, dmaAddr, size);
            if (e == null || !e.tracked || !e.staleInUse) {
                return;
            }
            long phys = e.paddr + (dmaAddr - e.devAddr);
            int stale = countRange(e.deviceStale, lineIndex(e, phys), lineIndex(e, phys + size - 1));
            if (stale > 0) {
                debug.report(dev, DmaError.STALE_DEVICE_READ, String.format("DMA stale read: %s %s: device read %d"
                        + " cache line(s) the CPU wrote after the last dma_sync_*_for_device() [device address=0x%016x]"
                        + " [size=%d bytes] [mapping=0x%016x+%d %s]", dev.driver, dev.name, stale, dmaAddr, size,
                        e.devAddr, e.size, DmaDirection.name(e.direction)));
            }
        }
    }

    /** The CPU reads {@code [phys, phys + size)}: lines a device wrote since the last sync are reported. */
    void cpuReads(long phys, long size) {
        synchronized (debug) {
            for (DmaDebugEntry e = debug.trackedHead; e != null; e = e.trackedNext) {
                if (!e.staleInUse || !overlaps(e, phys, size)) {
                    continue;
                }
                long lo = Math.max(phys, e.paddr);
                long hi = Math.min(phys + size, e.paddr + e.size) - 1;
                int stale = countRange(e.cpuStale, lineIndex(e, lo), lineIndex(e, hi));
                if (stale > 0) {
                    debug.report(e.dev, DmaError.STALE_CPU_READ, String.format("DMA stale read: %s %s: CPU read %d"
                            + " cache line(s) the device wrote after the last dma_sync_*_for_cpu() [device address=0x%016x]"
                            + " [size=%d bytes] [mapping=0x%016x+%d %s]", e.dev.driver, e.dev.name, stale,
                            e.devAddr + (lo - e.paddr), hi - lo + 1, e.devAddr, e.size, DmaDirection.name(e.direction)));
                }
            }
        }
    }

    /** The CPU writes {@code [phys, phys + size)}: the lines are now stale for the device. */
    void cpuWrites(long phys, long size) {
        synchronized (debug) {
            for (DmaDebugEntry e = debug.trackedHead; e != null; e = e.trackedNext) {
                if (overlaps(e, phys, size)) {
                    long lo = Math.max(phys, e.paddr);
                    long hi = Math.min(phys + size, e.paddr + e.size) - 1;
                    setRange(use(e).deviceStale, lineIndex(e, lo), lineIndex(e, hi));
                }
            }
        }
    }

    /** dma_sync_*_for_cpu() or unmap over {@code [dmaAddr, dmaAddr + size)} of entry {@code e}. */
    void syncForCpu(DmaDebugEntry e, long dmaAddr, long size, int dir) {
        if (!e.tracked || !e.staleInUse || dir == DmaDirection.DMA_TO_DEVICE) {
            return; // arch_sync_dma_for_cpu() and swiotlb both do nothing for DMA_TO_DEVICE
        }
        clear(e.cpuStale, e, dmaAddr, size);
    }

    /** dma_sync_*_for_device() over {@code [dmaAddr, dmaAddr + size)} of entry {@code e}. */
    void syncForDevice(DmaDebugEntry e, long dmaAddr, long size, int dir) {
        if (!e.tracked || !e.staleInUse || (e.bounced && dir == DmaDirection.DMA_FROM_DEVICE)) {
            return; // the clean covers every direction; the bounce copy only those the device reads
        }
        clear(e.deviceStale, e, dmaAddr, size);
    }

    private static void clear(long[] bits, DmaDebugEntry e, long dmaAddr, long size) {
        long lo = Math.max(dmaAddr, e.devAddr);
        long hi = Math.min(dmaAddr + size, e.devAddr + e.size) - 1;
        if (hi < lo) {
            return;
        }
        clearRange(bits, lineIndex(e, e.paddr + (lo - e.devAddr)), lineIndex(e, e.paddr + (hi - e.devAddr)));
    }

    private static boolean overlaps(DmaDebugEntry e, long phys, long size) {
        return phys < e.paddr + e.size && e.paddr < phys + size;
    }

    /** The index, within the entry's lines, of the line holding physical address {@code phys}. */
    private static int lineIndex(DmaDebugEntry e, long phys) {
        return (int) ((phys >>> ArchDma.L1_CACHE_SHIFT) - (e.paddr >>> ArchDma.L1_CACHE_SHIFT));
    }

    /** The entry's bitsets, sized and cleared on first use. */
    private static DmaDebugEntry use(DmaDebugEntry e) {
        if (e.staleInUse) {
            return e;
        }
        int words = (e.nrLines() + 63) >>> 6;
        if (e.cpuStale == null || e.cpuStale.length < words) {
            e.cpuStale = new long[words];
            e.deviceStale = new long[words];
        } else {
            java.util.Arrays.fill(e.cpuStale, 0, words, 0);
            java.util.Arrays.fill(e.deviceStale, 0, words, 0);
        }
        e.staleInUse = true;
        return e;
    }

    /** Bits [from, to] of a bitset, a word at a time. */
    private static void setRange(long[] bits, int from, int to) {
        for (int w = from >>> 6; w <= to >>> 6; w++) {
            bits[w] |= wordMask(w, from, to);
        }
    }

    private static void clearRange(long[] bits, int from, int to) {
        for (int w = from >>> 6; w <= to >>> 6; w++) {
            bits[w] &= ~wordMask(w, from, to);
        }
    }

    private static int countRange(long[] bits, int from, int to) {
        int n = 0;
        for (int w = from >>> 6; w <= to >>> 6; w++) {
            n += Long.bitCount(bits[w] & wordMask(w, from, to));
        }
        return n;
    }

    /** The bits of word {@code w} that fall inside [from, to]. */
    private static long wordMask(int w, int from, int to) {
        long lo = w == from >>> 6 ? -1L << from : -1L;
        long hi = w == to >>> 6 ? -1L >>> (63 - (to & 63)) : -1L;
        return lo & hi;
    }
}
