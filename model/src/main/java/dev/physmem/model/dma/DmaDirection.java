package dev.physmem.model.dma;

/**
 * {@code enum dma_data_direction} (include/linux/dma-direction.h) with the names dma-debug prints
 * ({@code dir2name[]} in kernel/dma/debug.c).
 */
public final class DmaDirection {
    private DmaDirection() {}

    public static final int DMA_BIDIRECTIONAL = 0;
    public static final int DMA_TO_DEVICE = 1;
    public static final int DMA_FROM_DEVICE = 2;
    public static final int DMA_NONE = 3;

    private static final String[] NAMES = {"DMA_BIDIRECTIONAL", "DMA_TO_DEVICE", "DMA_FROM_DEVICE", "DMA_NONE"};

    /** valid_dma_direction(): only the first three may be mapped, unmapped or synced. */
    public static boolean valid(int dir) {
        return dir == DMA_BIDIRECTIONAL || dir == DMA_TO_DEVICE || dir == DMA_FROM_DEVICE;
    }

    /** dir2name[]. */
    public static String name(int dir) {
        return dir >= 0 && dir < NAMES.length ? NAMES[dir] : "DMA_NONE";
    }
}
