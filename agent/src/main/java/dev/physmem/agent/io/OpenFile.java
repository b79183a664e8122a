package dev.physmem.agent.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One open file description (struct file): the simulated inode, the file position shared by a stream
 * and its channel, and the open flags. {@link #IGNORED} stands for what the simulation leaves alone
 * (pipes, devices, /proc and /sys, the agent's own files) so they are looked at only once.
 */
final class OpenFile {
    static final OpenFile IGNORED = new OpenFile(null, null, 0, 0);
    private static final VarHandle POS;
    private static final VarHandle RELEASED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            POS = l.findVarHandle(OpenFile.class, "pos", long.class);
            RELEASED = l.findVarHandle(OpenFile.class, "released", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Inode inode;
    final String path;
    final int ino;
    volatile boolean append;
    volatile boolean sync;
    final boolean randomAccess;
    @SuppressWarnings("unused") // through POS
    private volatile long pos;
    @SuppressWarnings("unused") // through RELEASED
    private volatile boolean released;

    OpenFile(Inode inode, String path, long pos, int flags) {
        this.inode = inode;
        this.path = path;
        this.ino = inode == null ? -1 : inode.ino;
        this.pos = pos;
        this.append = (flags & dev.physmem.agent.boot.Sink.APPEND) != 0;
        this.sync = (flags & dev.physmem.agent.boot.Sink.SYNC) != 0;
        this.randomAccess = (flags & dev.physmem.agent.boot.Sink.RANDOM_ACCESS) != 0;
    }

    boolean simulated() {
        return inode != null;
    }

    /** f_pos += n, returning where the read or write starts (concurrent callers get disjoint ranges). */
    long advance(long n) {
        return (long) POS.getAndAdd(this, n);
    }

    long position() {
        return (long) POS.getVolatile(this);
    }

    void seek(long position) {
        POS.setVolatile(this, position);
    }

    /** True exactly once: the first close (or collection) of this open file. */
    boolean release() {
        return simulated() && RELEASED.compareAndSet(this, false, true);
    }
}
