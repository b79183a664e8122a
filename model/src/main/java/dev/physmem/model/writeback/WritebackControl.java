package dev.physmem.model.writeback;

/**
 * {@code struct writeback_control} (include/linux/writeback.h): what one writepages call should do and
 * what it did. The last fields are the simulator's: whether the caller may queue past the device's
 * queue depth (a data-integrity caller blocks in the kernel instead) and when the last request it
 * submitted completes.
 */
public final class WritebackControl {
    public static final int WB_SYNC_NONE = 0;
    public static final int WB_SYNC_ALL = 1;

    public int syncMode = WB_SYNC_NONE;
    public long nrToWrite = Long.MAX_VALUE;
    public long pagesSkipped;
    public boolean forKupdate;
    public boolean forBackground;
    public boolean forSync;
    public boolean forReclaim;
    public boolean rangeCyclic;
    public boolean taggedWritepages;
    public long rangeStart;
    public long rangeEnd = Long.MAX_VALUE;
    public int reason = WbReason.WB_REASON_SYNC;
    /** Stop when the device has no free request (the flusher); false for callers that would block. */
    public boolean stopWhenCongested;
    /** Set when writepages stopped because the device queue was full. */
    public boolean congested;
    /** The completion time of the last request submitted, or -1. */
    public long lastCompletion = -1;

    public static WritebackControl dataIntegrity(int reason) {
        WritebackControl wbc = new WritebackControl();
        wbc.syncMode = WB_SYNC_ALL;
        wbc.reason = reason;
        return wbc;
    }
}
