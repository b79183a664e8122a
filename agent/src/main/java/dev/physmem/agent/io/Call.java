package dev.physmem.agent.io;

import dev.physmem.agent.boot.Fold;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * One slot of the {@link CallRing}: an application call on its way to the syscall thread. The common
 * calls (read, write, seek, skip, socket I/O) are a few fields filled in place, so queueing one
 * allocates nothing; a rare call is a translator call made at the call ({@link #DEFERRED}). Which
 * thread made it is part of the call: the syscall thread runs it as that thread's simulated task.
 * A read or write slot may stand for a run of like calls, each the same size and where the previous
 * one ended ({@link #join}); the syscall thread runs them one by one.
 */
final class Call extends Fold {
    static final int WRITE = Fold.WRITE;
    static final int READ = Fold.READ;
    static final int SEEK = 3;
    static final int SKIP = 4;
    static final int SOCKET = 5;
    static final int DEFERRED = 6;

    /** Low bits of {@link #extent}: how many calls the slot holds. */
    static final int CALL_BITS = 12;
    /** A slot holds at most this many calls, so that one slot is never a long stretch of work. */
    static final long MAX_CALLS = (1L << CALL_BITS) - 1;
    /**
     * Set in {@link #extent} once the syscall thread took the slot or a later call was claimed (see
     * CallRing#close): no call joins it any more.
     */
    static final long TAKEN = Long.MIN_VALUE;

    static final VarHandle SEQUENCE;
    static final VarHandle EXTENT;

    static {
        try {
            SEQUENCE = MethodHandles.lookup().findVarHandle(Call.class, "sequence", long.class);
            EXTENT = MethodHandles.lookup().findVarHandle(Call.class, "extent", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The ring's turn of this slot: whose it is to fill (even use) and when it holds a call; see CallRing. */
    @SuppressWarnings("unused") // through SEQUENCE
    private volatile long sequence;
    /** The ring position the filling producer claimed. */
    long position;
    /**
     * {@code position << CALL_BITS | calls}, set as the slot is published; the producer that made the
     * call adds like calls with a CAS until the slot is closed ({@link #TAKEN}). The position makes a CAS
     * meant for an earlier lap of the slot fail.
     */
    @SuppressWarnings("unused") // through EXTENT
    private long extent;

    int op;
    Thread thread;
    Object owner;
    Object fd;
    String path;
    /** The file offset of a positional call, -1 at the file position. */
    long offset;
    long bytes;
    /** SOCKET: sent, not received. */
    boolean send;
    /** SOCKET: the application's buffer was direct. */
    boolean direct;
    Consumer<Translator> deferred;

    Call(long sequence) {
        this.sequence = sequence;
    }

    /**
     * Producer: folds a read or write into this slot, the calling thread's last (its Frame keeps it), if
     * the slot holds calls of that thread alike in all but the offset, this one begins where they end, and
     * it is still open: not taken, and no call claimed after it. The call then costs no slot, only one CAS
     * on a line this thread filled. The CAS expects this lap's position in {@link #extent}, so a slot run
     * and claimed again meanwhile takes nothing. False if the call needs a slot of its own.
     */
    @Override
    public boolean join(int op, Object owner, Object fd, String path, long offset, long bytes) {
        long p = position;
        long extent = (long) EXTENT.getVolatile(this);
        long calls = extent - (p << CALL_BITS); // negative once TAKEN, or for another lap
        if (calls <= 0 || calls >= MAX_CALLS || this.op != op || thread != Thread.currentThread() || this.fd != fd
                || this.owner != owner || this.path != path || this.bytes != bytes
                || (offset < 0 ? this.offset >= 0 : this.offset < 0 || offset != this.offset + calls * bytes)) {
            return false;
        }
        return EXTENT.compareAndSet(this, extent, extent + 1);
    }

    /** Runs the {@code calls} calls the slot holds; only a read or a write holds more than one. */
    void run(Translator t, long calls) {
        switch (op) {
            case WRITE:
                for (long i = 0; i < calls; i++) {
                    t.write(owner, fd, path, offset < 0 ? offset : offset + i * bytes, bytes);
                }
                break;
            case READ:
                for (long i = 0; i < calls; i++) {
                    t.read(owner, fd, path, offset < 0 ? offset : offset + i * bytes, bytes);
                }
                break;
            case SEEK: t.seek(fd, offset); break;
            case SKIP: t.skip(fd, bytes); break;
            case SOCKET: t.socket(send, bytes, direct); break;
            default: deferred.accept(t); break;
        }
    }

    /** Drops the references, so a queued call keeps no stream or buffer alive once it ran. */
    void clear() {
        thread = null;
        owner = null;
        fd = null;
        path = null;
        deferred = null;
    }
}
