package dev.physmem.agent.io;

import dev.physmem.agent.boot.Sink;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The hooks' sink while the simulated machine boots, so that the application need not wait for it: what
 * the application does meanwhile is kept in order and handed, call by call, to the translator once the
 * machine is up ({@link #handOver}); from then on every call goes straight through. A wait the kernel
 * would have imposed on a kept call is not imposed: the call has long returned. What the translator
 * learns from the file system at a call is learnt at the call, not at the replay: an open stats the
 * file then (it may be gone by the replay), a deletion takes the file's identity then. A file opened
 * before the agent and first read or written during the boot is looked at when the call is replayed.
 */
public final class BootingSink implements Sink {
    /** More than any start-up does in the fraction of a second a boot takes; beyond it calls are dropped. */
    static final int MAX_KEPT = 1 << 16;

    private final List<Consumer<Translator>> kept = new ArrayList<>();
    private Translator target;
    private long dropped;
    private int handedOver;

    /** Runs {@code call} on the translator, or keeps it until there is one. */
    private void call(Consumer<Translator> call) {
        Translator t;
        synchronized (this) {
            t = target;
            if (t == null) {
                if (kept.size() < MAX_KEPT) {
                    kept.add(call);
                } else {
                    dropped++;
                }
                return;
            }
        }
        call.accept(t);
    }

    /**
     * The machine is up: replays the kept calls on {@code translator} in the order they came (later
     * calls wait for that), then lets every call through. Returns how many calls had to be dropped; a
     * kept call that fails is reported to {@code failed} and the rest go on.
     */
    public synchronized long handOver(Translator translator, Consumer<Throwable> failed) {
        handedOver = kept.size();
        for (Consumer<Translator> call : kept) {
            try {
                call.accept(translator);
            } catch (RuntimeException e) {
                failed.accept(e);
            }
        }
        kept.clear();
        target = translator;
        return dropped;
    }

    /** How many kept calls {@link #handOver} replayed. */
    public synchronized int handedOver() {
        return handedOver;
    }

    @Override
    public void opened(Object owner, Object fd, String path, int flags) {
        FileStat stat;
        try {
            stat = FileStat.of(Path.of(path).toAbsolutePath().normalize(), true);
        } catch (InvalidPathException e) {
            stat = null; // the replay finds the same problem and reports it
        }
        FileStat atOpen = stat;
        call(t -> t.opened(owner, fd, path, flags, atOpen));
    }

    @Override
    public void openOptions(Object channel, Object options) {
        call(s -> s.openOptions(channel, options));
    }

    @Override
    public void closed(Object fd) {
        call(s -> s.closed(fd));
    }

    @Override
    public void write(Object owner, Object fd, String path, long position, long bytes) {
        call(s -> s.write(owner, fd, path, position, bytes));
    }

    @Override
    public void read(Object owner, Object fd, String path, long position, long bytes) {
        call(s -> s.read(owner, fd, path, position, bytes));
    }

    @Override
    public void seek(Object fd, long position) {
        call(s -> s.seek(fd, position));
    }

    @Override
    public void skip(Object fd, long bytes) {
        call(s -> s.skip(fd, bytes));
    }

    @Override
    public void truncate(Object fd, String path, long length, boolean shrinkOnly) {
        call(s -> s.truncate(fd, path, length, shrinkOnly));
    }

    @Override
    public void fsync(Object fd, String path) {
        call(s -> s.fsync(fd, path));
    }

    /** Any channel may turn out to be known: the kept transfer is sorted out when it is replayed. */
    @Override
    public boolean knowsPeer(Object peer) {
        Translator t;
        synchronized (this) {
            t = target;
        }
        return t != null ? t.knowsPeer(peer) : peer instanceof SocketChannel || peer instanceof FileChannel;
    }

    @Override
    public void transfer(Object owner, Object fd, String path, Object peer, long position, long bytes, boolean outgoing) {
        call(s -> s.transfer(owner, fd, path, peer, position, bytes, outgoing));
    }

    @Override
    public void mapped(Object fd, String path, Object mapping, long position, long size) {
        call(s -> s.mapped(fd, path, mapping, position, size));
    }

    @Override
    public void unmapped(Object mapping) {
        call(s -> s.unmapped(mapping));
    }

    @Override
    public void directAllocated(long address, long capacity) {
        call(s -> s.directAllocated(address, capacity));
    }

    @Override
    public void directFreed(long address) {
        call(s -> s.directFreed(address));
    }

    @Override
    public void socket(boolean send, long bytes, boolean direct) {
        call(s -> s.socket(send, bytes, direct));
    }

    /** The file's identity is taken now, while it still exists, exactly as the translator would. */
    @Override
    public Object beforeDelete(Object fileOrPath) {
        return Translator.deleteToken(fileOrPath);
    }

    @Override
    public void deleted(Object token) {
        call(s -> s.deleted(token));
    }
}
