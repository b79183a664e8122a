package dev.physmem.model.dma;

import dev.physmem.model.machine.Arch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the architecture contributes to DMA: whether a device snoops the CPU caches, and the cache
 * maintenance a non-coherent device needs, counted in 64-byte cache lines.
 * <ul>
 * <li>x86 does not select ARCH_HAS_SYNC_DMA_FOR_{DEVICE,CPU}, so {@code dev_is_dma_coherent()} is
 *     constant true (include/linux/dma-map-ops.h) and no maintenance is ever done.</li>
 * <li>arm64 (arch/arm64/mm/dma-mapping.c) trusts {@code dev->dma_coherent}. For a non-coherent device
 *     {@code arch_sync_dma_for_device()} cleans ({@code dcache_clean_poc}) for every direction,
 *     {@code arch_sync_dma_for_cpu()} invalidates ({@code dcache_inval_poc}) unless the direction is
 *     DMA_TO_DEVICE, and {@code arch_dma_prep_coherent()} cleans a coherent buffer before it is
 *     remapped uncached. arm64 also selects DMA_BOUNCE_UNALIGNED_KMALLOC, with ARCH_DMA_MINALIGN 128.</li>
 * </ul>
 */
public final class ArchDma {
    /** L1_CACHE_SHIFT of both architectures (and the CTR_EL0 line size of common arm64 cores). */
    public static final int L1_CACHE_SHIFT = 6;
    public static final int L1_CACHE_BYTES = 1 << L1_CACHE_SHIFT;
    /** ARCH_DMA_MINALIGN of arm64 (arch/arm64/include/asm/cache.h). */
    static final int ARM64_ARCH_DMA_MINALIGN = 128;

    private final Arch arch;
    private final AtomicLongArray cleanLines = new AtomicLongArray(3);
    private final AtomicLongArray invalidateLines = new AtomicLongArray(3);
    private final AtomicLong prepCoherentLines = new AtomicLong();

    ArchDma(Arch arch) {
        this.arch = arch;
    }

    public Arch arch() {
        return arch;
    }

    /** zone_dma_limit (kernel/dma/direct.c): 24 bits on x86, the RAM below 4 GiB on the arm64 model. */
    long zoneDmaLimit() {
        return arch.zoneDmaLimit();
    }

    /** dev_is_dma_coherent(). */
    public boolean devIsDmaCoherent(Device dev) {
        return arch == Arch.X86_64 || dev.dmaCoherent;
    }

    /** The cache lines a dcache_*_poc(start, start + size) loop touches: whole lines covering the range. */
    public static long cacheLines(long phys, long size) {
        long first = phys >>> L1_CACHE_SHIFT;
        long last = (phys + size - 1) >>> L1_CACHE_SHIFT;
        return size <= 0 ? 0 : last - first + 1;
    }

    /** arch_sync_dma_for_device(): clean, whatever the direction; returns the lines cleaned. */
    long archSyncDmaForDevice(long phys, long size, int dir) {
        long lines = cacheLines(phys, size);
        cleanLines.addAndGet(dir, lines);
        return lines;
    }

    /** arch_sync_dma_for_cpu(): invalidate unless the device only read the buffer; returns the lines. */
    long archSyncDmaForCpu(long phys, long size, int dir) {
        if (dir == DmaDirection.DMA_TO_DEVICE) {
            return 0;
        }
        long lines = cacheLines(phys, size);
        invalidateLines.addAndGet(dir, lines);
        return lines;
    }

    /** arch_dma_prep_coherent(): clean the kernel alias of a buffer about to be remapped uncached. */
    void archDmaPrepCoherent(long phys, long size) {
        prepCoherentLines.addAndGet(cacheLines(phys, size));
    }

    /**
     * dma_kmalloc_needs_bounce() (include/linux/dma-map-ops.h): with DMA_BOUNCE_UNALIGNED_KMALLOC, a
     * small buffer a non-coherent device writes may share its cache lines with other kmalloc objects,
     * so it bounces unless its kmalloc size class is a multiple of ARCH_DMA_MINALIGN.
     */
    boolean dmaKmallocNeedsBounce(Device dev, long size, int dir) {
        if (arch != Arch.ARM64 || devIsDmaCoherent(dev) || dir == DmaDirection.DMA_TO_DEVICE) {
            return false;
        }
        return !dmaKmallocSizeAligned(size);
    }

    /** dma_kmalloc_size_aligned(): 2 * ARCH_DMA_MINALIGN and up always is. */
    private static boolean dmaKmallocSizeAligned(long size) {
        return size >= 2 * ARM64_ARCH_DMA_MINALIGN || kmallocSizeRoundup(size) % ARM64_ARCH_DMA_MINALIGN == 0;
    }

    /** kmalloc_size_roundup() below 256 bytes with 8-byte kmalloc alignment: the kmalloc-8 .. kmalloc-192 caches. */
    private static long kmallocSizeRoundup(long size) {
        if (size > 128) {
            return size <= 192 ? 192 : 256;
        }
        if (size > 64) {
            return size <= 96 ? 96 : 128;
        }
        return Math.max(8, Long.highestOneBit(size - 1) << 1);
    }

    // ---- figures ----

    /** Cache lines cleaned by arch_sync_dma_for_device(), by the mapping's direction. */
    public long cleanLines(int dir) {
        return cleanLines.get(dir);
    }

    /** Cache lines invalidated by arch_sync_dma_for_cpu(), by direction. */
    public long invalidateLines(int dir) {
        return invalidateLines.get(dir);
    }

    /** Cache lines cleaned by arch_dma_prep_coherent() for coherent allocations. */
    public long prepCoherentLines() {
        return prepCoherentLines.get();
    }
}
