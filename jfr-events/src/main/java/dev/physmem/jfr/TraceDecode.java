package dev.physmem.jfr;

/**
 * The symbolic values the kernel's tracepoints print for numbers the model passes: the
 * {@code __print_symbolic} tables of include/trace/events/*.h, so a recording reads like ftrace output.
 */
public final class TraceDecode {
    private TraceDecode() {}

    /** WB_WORK_REASON (include/trace/events/writeback.h), indexed by enum wb_reason. */
    private static final String[] WB_REASON = {
        "background", "vmscan", "sync", "periodic", "laptop_timer", "fs_free_space", "forker_thread",
        "foreign_flush",
    };

    /** decode_dma_data_direction (include/trace/events/dma.h), indexed by enum dma_data_direction. */
    private static final String[] DMA_DIRECTION = {"BIDIRECTIONAL", "TO_DEVICE", "FROM_DEVICE", "NONE"};

    /** MINORBITS of the kernel-internal dev_t (include/linux/kdev_t.h). */
    private static final int MINORBITS = 20;

    public static String wbReason(int reason) {
        return reason >= 0 && reason < WB_REASON.length ? WB_REASON[reason] : Integer.toString(reason);
    }

    public static String dmaDirection(int dir) {
        return dir >= 0 && dir < DMA_DIRECTION.length ? DMA_DIRECTION[dir] : Integer.toString(dir);
    }

    /** MAJOR(dev):MINOR(dev), as the filemap and writeback tracepoints print a device. */
    public static String dev(int dev) {
        return (dev >>> MINORBITS) + ":" + (dev & ((1 << MINORBITS) - 1));
    }

    /** The LRU a reclaim tracepoint names: file pages or anonymous ones. */
    public static String lru(boolean file) {
        return file ? "file" : "anon";
    }
}
