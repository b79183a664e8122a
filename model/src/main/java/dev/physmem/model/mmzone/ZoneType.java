package dev.physmem.model.mmzone;

/** {@code enum zone_type} on a 64-bit kernel (no HIGHMEM) with ZONE_DEVICE configured. */
public final class ZoneType {
    private ZoneType() {}

    public static final int ZONE_DMA = 0;
    public static final int ZONE_DMA32 = 1;
    public static final int ZONE_NORMAL = 2;
    public static final int ZONE_MOVABLE = 3;
    public static final int ZONE_DEVICE = 4;
    public static final int MAX_NR_ZONES = 5;

    private static final String[] NAMES = {"DMA", "DMA32", "Normal", "Movable", "Device"};
    private static final String[] VMSTAT_SUFFIX = {"dma", "dma32", "normal", "movable", "device"};

    /** zone_names[] (mm/page_alloc.c). */
    public static String name(int zoneIdx) {
        return NAMES[zoneIdx];
    }

    /** The suffix of the per-zone /proc/vmstat counters (pgalloc_dma32 ...). */
    public static String vmstatSuffix(int zoneIdx) {
        return VMSTAT_SUFFIX[zoneIdx];
    }
}
