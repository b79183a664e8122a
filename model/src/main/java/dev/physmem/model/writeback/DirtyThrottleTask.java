package dev.physmem.model.writeback;

/**
 * The dirty-throttling fields of {@code struct task_struct}: pages the task dirtied since it last
 * looked at the limits, how many it may dirty before looking again, and when its last pause ended.
 * One per application thread; only that thread touches it. Also holds the thread's scratch
 * {@link DirtyThrottleControl}, so throttling allocates nothing.
 */
public final class DirtyThrottleTask {
    /** copy_process(): 128 KB worth of pages before the first look. */
    static final int INITIAL_NR_DIRTIED_PAUSE = 128 >> (dev.physmem.model.Mm.PAGE_SHIFT - 10);

    int nrDirtied;
    int nrDirtiedPause = INITIAL_NR_DIRTIED_PAUSE;
    /** Jiffies; 0 = never paused. */
    long dirtyPausedWhen;
    final DirtyThrottleControl gdtc = new DirtyThrottleControl();
    /**
     * Jiffies of pause already charged in the current write() call. The kernel's task sleeps them
     * before dirtying on, while the flusher keeps the disk busy; the simulator returns them at the end
     * of the call, so later looks in the same call place the task that far ahead in time and credit
     * the disk with what it writes meanwhile.
     */
    long callPause;
    /**
     * Jiffies when the last pause charged to the task ends. A caller that did not sleep it (the agent's
     * throttle=record or off) comes back before then; see BalanceDirtyPages.stillPaused.
     */
    long pausedUntil;

    /** The CPU the task runs on during the current call (looked up once per call). */
    public dev.physmem.model.cpu.Cpu cpu;

    /** A new write() call begins on {@code cpu}: nothing charged yet. */
    public void beginCall(dev.physmem.model.cpu.Cpu cpu) {
        this.cpu = cpu;
        callPause = 0;
    }

    public int nrDirtied() {
        return nrDirtied;
    }

    public int nrDirtiedPause() {
        return nrDirtiedPause;
    }
}
