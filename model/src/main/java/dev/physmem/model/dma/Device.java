package dev.physmem.model.dma;

import dev.physmem.model.mmzone.ZoneType;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The DMA side of a {@code struct device} (include/linux/device.h): its name and driver as dma-debug
 * prints them ({@code dev_name()}, {@code dev_driver_string()}), the streaming mask {@code *dma_mask},
 * the {@code coherent_dma_mask}, {@code dma_coherent} (set from the firmware's {@code dma-coherent} /
 * {@code _CCA}; only arm64 looks at it) and {@code dma_parms->max_segment_size}. {@code bus_dma_limit}
 * and {@code dma_range_map} are absent: every simulated device sees physical addresses unchanged.
 *
 * <p>Also holds the per-device figures a report shows: coherent bytes held per zone and live streaming
 * mappings.
 */
public final class Device {
    /** SZ_64K: dma_get_max_seg_size() of a device that never set dma_parms. */
    public static final long DEFAULT_MAX_SEGMENT_SIZE = 64L << 10;

    public final String name;
    public final String driver;
    /** dev->dma_coherent: whether the firmware declared the device cache-coherent. */
    public final boolean dmaCoherent;
    private volatile long dmaMask;
    private volatile long coherentDmaMask;
    private volatile long maxSegmentSize = DEFAULT_MAX_SEGMENT_SIZE;

    private final AtomicLongArray coherentBytes = new AtomicLongArray(ZoneType.MAX_NR_ZONES);
    private final AtomicLong liveMappings = new AtomicLong();
    private final AtomicLong mappings = new AtomicLong();
    private final AtomicLong bouncedMappings = new AtomicLong();
    private final AtomicLong mappedBytes = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong cacheLines = new AtomicLong();

    /**
     * A device whose bus set both masks to {@code DMA_BIT_MASK(maskBits)} (PCI and platform devices
     * start at 32; a driver widens them with {@link DmaMapping#dmaSetMaskAndCoherent}).
     */
    public Device(String name, String driver, int maskBits, boolean dmaCoherent) {
        if (maskBits < 1 || maskBits > 64) {
            throw new IllegalArgumentException("a DMA mask of " + maskBits + " bits is out of range (1 .. 64)");
        }
        this.name = name;
        this.driver = driver;
        this.dmaCoherent = dmaCoherent;
        this.dmaMask = DmaMapping.dmaBitMask(maskBits);
        this.coherentDmaMask = dmaMask;
    }

    /** *dev->dma_mask: what streaming mappings can reach. */
    public long dmaMask() {
        return dmaMask;
    }

    /** dev->coherent_dma_mask: what dma_alloc_coherent() memory must lie below. */
    public long coherentDmaMask() {
        return coherentDmaMask;
    }

    /**
     * Assigns the mask field directly, as ISA-era drivers write {@code dev->coherent_dma_mask}
     * themselves without asking dma_set_coherent_mask() whether the platform can honour it.
     */
    public void setMasksUnchecked(long streaming, long coherent) {
        this.dmaMask = streaming;
        this.coherentDmaMask = coherent;
    }

    void setDmaMask(long mask) {
        this.dmaMask = mask;
    }

    void setCoherentDmaMask(long mask) {
        this.coherentDmaMask = mask;
    }

    /** dma_get_max_seg_size(). */
    public long maxSegmentSize() {
        return maxSegmentSize;
    }

    /** dma_set_max_seg_size(). */
    public void setMaxSegmentSize(long size) {
        this.maxSegmentSize = size;
    }

    // ---- figures ----

    /** Bytes of dma_alloc_coherent() memory (whole allocated blocks) the device holds in a zone. */
    public long coherentBytes(int zoneIdx) {
        return coherentBytes.get(zoneIdx);
    }

    /** Streaming mappings (single, page and scatter-gather entries) not yet unmapped. */
    public long liveMappings() {
        return liveMappings.get();
    }

    /** Streaming mappings made since the device appeared. */
    public long mappings() {
        return mappings.get();
    }

    /** Of those, the ones that went through a swiotlb bounce buffer. */
    public long bouncedMappings() {
        return bouncedMappings.get();
    }

    /** Bytes of all streaming mappings made since the device appeared. */
    public long mappedBytes() {
        return mappedBytes.get();
    }

    /** dma_sync_*() calls made for the device (single or scatter-gather). */
    public long syncs() {
        return syncs.get();
    }

    /** Cache lines cleaned or invalidated for the device's mappings and syncs (0 when it is dma-coherent). */
    public long cacheLines() {
        return cacheLines.get();
    }

    void synced() {
        syncs.incrementAndGet();
    }

    void addCacheLines(long lines) {
        if (lines != 0) {
            cacheLines.addAndGet(lines);
        }
    }

    void addCoherentBytes(int zoneIdx, long bytes) {
        coherentBytes.addAndGet(zoneIdx, bytes);
    }

    void mapped(boolean bounced, long bytes) {
        mappings.incrementAndGet();
        mappedBytes.addAndGet(bytes);
        liveMappings.incrementAndGet();
        if (bounced) {
            bouncedMappings.incrementAndGet();
        }
    }

    void unmapped() {
        liveMappings.decrementAndGet();
    }

    @Override
    public String toString() {
        return driver + " " + name;
    }
}
