package dev.physmem.model.writeback;

/** {@code struct wb_writeback_work} (fs/fs-writeback.c): one piece of work queued for a flusher. */
final class WbWritebackWork {
    long nrPages;
    int syncMode = WritebackControl.WB_SYNC_NONE;
    boolean taggedWritepages;
    boolean forKupdate;
    boolean rangeCyclic;
    boolean forBackground;
    boolean forSync;
    /** The WB_start_all request of wb_start_writeback(): clears the bit when done. */
    boolean startAll;
    int reason;
    long startNanos = -1;
    long written;
    long inodes;
    /** Stopped on a full device queue; resumed by the next completion. */
    boolean blocked;

    static WbWritebackWork of(long nrPages, int reason) {
        WbWritebackWork w = new WbWritebackWork();
        w.nrPages = nrPages;
        w.reason = reason;
        w.rangeCyclic = true;
        return w;
    }
}
