package dev.physmem.model.writeback;

/**
 * {@code enum wb_reason} (include/linux/backing-dev-defs.h): why a writeback work was started, with the
 * strings include/trace/events/writeback.h prints for it.
 */
public final class WbReason {
    private WbReason() {}

    public static final int WB_REASON_BACKGROUND = 0;
    public static final int WB_REASON_VMSCAN = 1;
    public static final int WB_REASON_SYNC = 2;
    public static final int WB_REASON_PERIODIC = 3;
    public static final int WB_REASON_LAPTOP_TIMER = 4;
    public static final int WB_REASON_FS_FREE_SPACE = 5;
    public static final int WB_REASON_FORKER_THREAD = 6;
    public static final int WB_REASON_FOREIGN_FLUSH = 7;
    public static final int WB_REASON_MAX = 8;

    private static final String[] NAMES = {
        "background", "vmscan", "sync", "periodic", "laptop_timer", "fs_free_space", "forker_thread", "foreign_flush",
    };

    public static String name(int reason) {
        return NAMES[reason];
    }
}
