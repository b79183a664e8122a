package dev.physmem.model.dma;

/**
 * The kinds of DMA-API misuse the simulator reports, each counted separately. All but the last three
 * are the {@code err_printk()} checks of kernel/dma/debug.c; {@link #INVALID_DIRECTION} is the
 * {@code BUG_ON(!valid_dma_direction(dir))} of kernel/dma/mapping.c; the two stale reads are the
 * simulator's own (see {@link CpuView}): real hardware reports nothing and returns old data.
 */
public enum DmaError {
    /** check_unmap(): "device driver tries to free an invalid DMA memory address". */
    FREE_INVALID_ADDRESS,
    /** check_unmap(): "device driver tries to free DMA memory it has not allocated". */
    FREE_NOT_ALLOCATED,
    /** check_unmap(): "device driver frees DMA memory with different size". */
    FREE_DIFFERENT_SIZE,
    /** check_unmap(): "device driver frees DMA memory with wrong function". */
    FREE_WRONG_FUNCTION,
    /** check_unmap(): "device driver frees DMA memory with different CPU address". */
    FREE_DIFFERENT_CPU_ADDRESS,
    /** check_unmap(): "device driver frees DMA sg list with different entry count". */
    FREE_SG_DIFFERENT_COUNT,
    /** check_unmap(): "device driver frees DMA memory with different direction". */
    FREE_DIFFERENT_DIRECTION,
    /** check_unmap(): "device driver failed to check map error". */
    MAP_ERROR_NOT_CHECKED,
    /** check_sync(): "device driver tries to sync DMA memory it has not allocated". */
    SYNC_NOT_ALLOCATED,
    /** check_sync(): "device driver syncs DMA memory with different direction". */
    SYNC_DIFFERENT_DIRECTION,
    /** check_sync(): "device driver syncs device read-only DMA memory for cpu". */
    SYNC_READ_ONLY_FOR_CPU,
    /** check_sync(): "device driver syncs device write-only DMA memory to device". */
    SYNC_WRITE_ONLY_TO_DEVICE,
    /** check_sync(): "device driver syncs DMA sg list with different entry count". */
    SYNC_SG_DIFFERENT_COUNT,
    /** debug_dma_map_single(): "device driver maps memory from invalid area". */
    MAP_INVALID_AREA,
    /** check_sg_segment(): "mapping sg segment longer than device claims to support". */
    SG_SEGMENT_TOO_LONG,
    /** add_dma_entry(): "cacheline tracking EEXIST, overlapping mappings aren't supported". */
    CACHELINE_OVERLAP,
    /** dma_debug_device_change(): "device driver has pending DMA allocations while released from device". */
    PENDING_AT_RELEASE,
    /** BUG_ON(!valid_dma_direction(dir)) in kernel/dma/mapping.c. */
    INVALID_DIRECTION,
    /** The CPU read data a device wrote without a dma_sync_*_for_cpu() (or unmap) in between. */
    STALE_CPU_READ,
    /** The device read data the CPU wrote without a dma_sync_*_for_device() in between. */
    STALE_DEVICE_READ
}
