package dev.physmem.agent.boot;

/**
 * One thread's nesting depth inside instrumented JDK methods and the agent itself. One application call
 * can reach the JDK as several instrumented calls (FileInputStream.readAllBytes calls read, transferTo
 * calls position and write, and the shapes differ between JDK 17 and 25): only the outermost one, the
 * call that left depth 1 when it returns, is reported. The agent's own work runs at depth 1 or more, so
 * nothing it does is ever simulated.
 */
public final class Frame {
    public int depth;
    /**
     * The agent's queue slot of the thread's last read or write, which a like call joins without
     * reaching the sink: the frame is at hand in every hook, so that costs no page the call would not
     * touch anyway but the slot's own.
     */
    public Fold last;
}
