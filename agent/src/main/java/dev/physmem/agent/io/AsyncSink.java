package dev.physmem.agent.io;

import dev.physmem.agent.boot.Hooks;
import java.util.function.Consumer;

/**
 * The hooks' sink for throttle=record and off: every call is queued for the {@link SyscallThread} and
 * the application thread returns at once. Reads, writes, seeks and socket I/O fill a ring slot in place
 * and allocate nothing; a read or write that continues the thread's last one joins its slot before it
 * gets here (the slot is kept in the thread's Frame, and {@link Hooks} asks it first); the rarer calls
 * travel as translator calls (see {@link DeferredSink}).
 */
public final class AsyncSink extends DeferredSink implements TranslatorSink {
    private final SyscallThread syscalls;

    public AsyncSink(SyscallThread syscalls) {
        this.syscalls = syscalls;
    }

    @Override
    public void write(Object owner, Object fd, String path, long position, long bytes) {
        file(Call.WRITE, owner, fd, path, position, bytes);
    }

    @Override
    public void read(Object owner, Object fd, String path, long position, long bytes) {
        file(Call.READ, owner, fd, path, position, bytes);
    }

    @Override
    public void seek(Object fd, long position) {
        file(Call.SEEK, null, fd, null, position, 0);
    }

    @Override
    public void skip(Object fd, long bytes) {
        file(Call.SKIP, null, fd, null, -1, bytes);
    }

    private void file(int op, Object owner, Object fd, String path, long offset, long bytes) {
        Call c = syscalls.claim();
        if (c != null) {
            c.op = op;
            c.owner = owner;
            c.fd = fd;
            c.path = path;
            c.offset = offset;
            c.bytes = bytes;
            syscalls.publish(c);
            if (op == Call.WRITE || op == Call.READ) {
                Hooks.frame().last = c; // like calls that follow join it (Call#join)
            }
        }
    }

    @Override
    public void socket(boolean send, long bytes, boolean direct) {
        Call c = syscalls.claim();
        if (c != null) {
            c.op = Call.SOCKET;
            c.send = send;
            c.bytes = bytes;
            c.direct = direct;
            syscalls.publish(c);
        }
    }

    @Override
    void call(Consumer<Translator> call) {
        run(Thread.currentThread(), call);
    }

    @Override
    public void run(Thread by, Consumer<Translator> call) {
        Call c = syscalls.claim();
        if (c != null) {
            c.op = Call.DEFERRED;
            c.thread = by;
            c.deferred = call;
            syscalls.publish(c);
        }
    }
}
