package dev.physmem.agent.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * One slot of the {@link CallRing}: an application call on its way to the syscall thread. The common
 * calls (read, write, seek, skip, socket I/O) are a few fields filled in place, so queueing one
 * allocates nothing; a rare call is a translator call made at the call ({@link #DEFERRED}). Which
 * thread made it is part of the call: the syscall thread runs it as that thread's simulated task.
 */
final class Call {
    static final int WRITE = 1;
    static final int READ = 2;
    static final int SEEK = 3;
    static final int SKIP = 4;
    static final int SOCKET = 5;
    static final int DEFERRED = 6;

    static final VarHandle SEQUENCE;

    static {
        try {
            SEQUENCE = MethodHandles.lookup().findVarHandle(Call.class, "sequence", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The ring's turn of this slot: whose it is to fill (even use) and when it holds a call; see CallRing. */
    @SuppressWarnings("unused") // through SEQUENCE
    private volatile long sequence;
    /** The ring position the filling producer claimed. */
    long position;

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

    void run(Translator t) {
        switch (op) {
            case WRITE: t.write(owner, fd, path, offset, bytes); break;
            case READ: t.read(owner, fd, path, offset, bytes); break;
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
