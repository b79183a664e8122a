package dev.physmem.agent.boot;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bootstrap side of the bridge: the static methods the advice inlined into java.base calls. It is
 * defined to the boot loader, so it links only to java.base, uses no lambdas or string concatenation,
 * and never lets a throwable out. Every method is constant work: one ThreadLocal lookup, a depth check
 * and, for the calls that matter, one interface call into the agent's {@link Sink}; a read or write
 * that continues the thread's last one joins that call's queue slot instead ({@link Frame#last}).
 *
 * <p>Depth protocol: {@link #enter} raises the thread's depth before an instrumented method runs; the
 * matching exit method reports only if the depth is still 1 (the outermost instrumented call, not the
 * agent's own work) and then lowers it, whatever happened.
 */
public final class Hooks {
    /** The agent, once the simulated machine is up; null before that and after exit. */
    public static volatile Sink sink;
    /** Who installed the hooks into this JVM: a second load of the agent sees it and stays out. */
    public static volatile Object installedBy;
    /** Throwables the agent raised and swallowed: the application never sees one. */
    public static final AtomicLong SUPPRESSED = new AtomicLong();
    public static volatile Throwable lastSuppressed;

    private static final Frames FRAMES = new Frames();

    private Hooks() {}

    /** The calling thread's frame, one level deeper. Also used by the agent around its own work. */
    public static Frame enter() {
        Frame f = FRAMES.get();
        f.depth++;
        return f;
    }

    /** The calling thread's frame, as it is: the agent keeps the thread's last queue slot there. */
    public static Frame frame() {
        return FRAMES.get();
    }

    /** Leaves a level entered with {@link #enter}; null-safe because advice may have been suppressed. */
    public static void leave(Frame f) {
        if (f != null) {
            f.depth--;
        }
    }

    /** Counts a throwable the agent swallowed; also for calls the agent's syscall thread translates. */
    public static void suppressed(Throwable t) {
        SUPPRESSED.incrementAndGet();
        lastSuppressed = t;
    }

    private static boolean outermost(Frame f) {
        return f != null && f.depth == 1;
    }

    public static void write(Frame f, Object owner, Object fd, String path, long position, long bytes) {
        try {
            Sink s = sink;
            if (s != null && outermost(f) && bytes > 0 && path != null) {
                Fold last = f.last;
                if (last == null || !last.join(Fold.WRITE, owner, fd, path, position, bytes)) {
                    s.write(owner, fd, path, position, bytes);
                }
            }
        } catch (Throwable t) {
            suppressed(t);
        } finally {
            leave(f);
        }
    }

    public static void read(Frame f, Object owner, Object fd, String path, long position, long bytes) {
        try {
            Sink s = sink;
            if (s != null && outermost(f) && bytes > 0 && path != null) {
                Fold last = f.last;
                if (last == null || !last.join(Fold.READ, owner, fd, path, position, bytes)) {
                    s.read(owner, fd, path, position, bytes);
                }
            }
        } catch (Throwable t) {
            suppressed(t);
        } finally {
            leave(f);
        }
    }

    public static void seek(Frame f, Object fd, String path, long position) {
        try {
            Sink s = sink;
            if (s != null && outermost(f) && path != null) {
                s.seek(fd, position);
            }
        } catch (Throwable t) {
            suppressed(t);
        } finally {
            leave(f);
        }
    }

    public static void skip(Frame f, Object fd, String path, long bytes) {
        try {
            Sink s = sink;
            if (s != null && outermost(f) && path != null && bytes != 0) {
                s.skip(fd, bytes);
            }
        } catch (Throwable t) {
            suppressed(t);
        } finally {
            leave(f);
        }
    }

    public static void truncate(Frame f, Object fd, String path, long length, boolean shrinkOnly) {
        try {
            Sink s = sink;
            if (s != null && outermost(f) && path != null) {
                s.truncate(fd, path, length, shrinkOnly);
            }
        } catch (Throwable t) {
            suppressed(t);
        } finally {
            leave(f);
        }
    }

    public static void fsync(Frame f, Object fd, String path) {
        try {
            Sink s = sink;
            if (s != null && outermost(f)) {
                s.fsync(fd, path);
            }
        } catch (Throwable t) {
            suppressed(t);
        } finally {
            leave(f);
        }
    }

    /**
     * Enters a transferTo/transferFrom. With a peer the agent knows (a file channel it saw open, a socket
     * channel) the transfer is reported whole and the JDK's inner calls are hidden; with any other peer
     * it returns null and the inner reads and writes report themselves.
     */
    public static Frame enterTransfer(Object peer) {
        Frame f = FRAMES.get();
        Sink s = sink;
        if (s == null || f.depth > 0) {
            f.depth++;
            return f;
        }
        f.depth++;
        try {
            if (s.knowsPeer(peer)) {
                return f;
            }
        } catch (Throwable t) {
            suppressed(t);
        }
        f.depth--;
        return null;
    }

    public static void transfer(Frame f, Object owner, Object fd, String path, Object peer, long position, long bytes,
                                boolean outgoing) {
        try {
            Sink s = sink;
            if (s != null && outermost(f) && bytes > 0 && path != null) {
                s.transfer(owner, fd, path, peer, position, bytes, outgoing);
            }
        } catch (Throwable t) {
            suppressed(t);
        } finally {
            leave(f);
        }
    }

    public static void mapped(Frame f, Object fd, String path, Object mapping, long position, long size) {
        try {
            Sink s = sink;
            if (s != null && outermost(f) && mapping != null && path != null) {
                s.mapped(fd, path, mapping, position, size);
            }
        } catch (Throwable t) {
            suppressed(t);
        } finally {
            leave(f);
        }
    }

    /**
     * A socket channel read or write of {@code bytes} from {@code buffers}: a ByteBuffer, or the
     * ByteBuffer[] of a scatter/gather call starting at {@code offset}.
     */
    public static void socket(Frame f, boolean send, long bytes, Object buffers, int offset) {
        try {
            Sink s = sink;
            if (s != null && outermost(f) && bytes > 0) {
                ByteBuffer b = buffers instanceof ByteBuffer ? (ByteBuffer) buffers : ((ByteBuffer[]) buffers)[offset];
                s.socket(send, bytes, b.isDirect());
            }
        } catch (Throwable t) {
            suppressed(t);
        } finally {
            leave(f);
        }
    }

    /** A stream or channel finished opening: only the application's own opens (depth 0) are reported. */
    public static void opened(Object owner, Object fd, String path, int flags) {
        Sink s = sink;
        if (s == null || path == null) {
            return;
        }
        Frame f = FRAMES.get();
        if (f.depth != 0) {
            return;
        }
        f.depth++;
        try {
            s.opened(owner, fd, path, flags);
        } catch (Throwable t) {
            suppressed(t);
        } finally {
            f.depth--;
        }
    }

    public static void openOptions(Object channel, Object options) {
        Sink s = sink;
        if (s == null || channel == null) {
            return;
        }
        Frame f = FRAMES.get();
        if (f.depth != 0) {
            return;
        }
        f.depth++;
        try {
            s.openOptions(channel, options);
        } catch (Throwable t) {
            suppressed(t);
        } finally {
            f.depth--;
        }
    }

    /** A stream or channel closed; whoever closes it, the agent forgets the open file. */
    public static void closed(Object fd) {
        Sink s = sink;
        if (s == null || fd == null) {
            return;
        }
        Frame f = FRAMES.get();
        f.depth++;
        try {
            s.closed(fd);
        } catch (Throwable t) {
            suppressed(t);
        } finally {
            f.depth--;
        }
    }

    public static void unmapped(Object mapping) {
        Sink s = sink;
        if (s == null) {
            return;
        }
        Frame f = FRAMES.get();
        f.depth++;
        try {
            s.unmapped(mapping);
        } catch (Throwable t) {
            suppressed(t);
        } finally {
            f.depth--;
        }
    }

    /**
     * A direct buffer's memory was allocated. Only allocations outside every instrumented call count:
     * the NIO temporary buffers that JDK 17 allocates inside a channel read or write (and JDK 25 takes
     * from malloc without a DirectByteBuffer) are the JDK's, not the application's.
     */
    public static void directAllocated(long address, long capacity) {
        Sink s = sink;
        if (s == null) {
            return;
        }
        Frame f = FRAMES.get();
        if (f.depth != 0) {
            return;
        }
        f.depth++;
        try {
            s.directAllocated(address, capacity);
        } catch (Throwable t) {
            suppressed(t);
        } finally {
            f.depth--;
        }
    }

    public static void directFreed(long address) {
        Sink s = sink;
        if (s == null) {
            return;
        }
        Frame f = FRAMES.get();
        f.depth++;
        try {
            s.directFreed(address);
        } catch (Throwable t) {
            suppressed(t);
        } finally {
            f.depth--;
        }
    }

    public static Object beforeDelete(Object fileOrPath) {
        Sink s = sink;
        if (s == null) {
            return null;
        }
        Frame f = FRAMES.get();
        if (f.depth != 0) {
            return null;
        }
        f.depth++;
        try {
            return s.beforeDelete(fileOrPath);
        } catch (Throwable t) {
            suppressed(t);
            return null;
        } finally {
            f.depth--;
        }
    }

    public static void deleted(Object token, boolean success) {
        Sink s = sink;
        if (s == null || token == null || !success) {
            return;
        }
        Frame f = FRAMES.get();
        f.depth++;
        try {
            s.deleted(token);
        } catch (Throwable t) {
            suppressed(t);
        } finally {
            f.depth--;
        }
    }
}
