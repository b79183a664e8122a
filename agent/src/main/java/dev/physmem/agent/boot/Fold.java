package dev.physmem.agent.boot;

/**
 * A queued read or write that like calls of the same thread may join: the agent's queue slot, kept in
 * the thread's {@link Frame} so that a call continuing the thread's last one is queued by {@link Hooks}
 * without reaching the agent's sink or queue at all.
 */
public abstract class Fold {
    public static final int WRITE = 1;
    public static final int READ = 2;

    protected Fold() {}

    /**
     * Adds a call ({@link #WRITE} or {@link #READ}) of {@code bytes} at {@code position} (-1: at the file
     * position) to this slot if it continues the calls the slot holds; false if it must be queued on its own.
     */
    public abstract boolean join(int op, Object owner, Object fd, String path, long position, long bytes);
}
