package dev.physmem.agent.io;

import dev.physmem.agent.boot.Sink;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A sink whose calls are translated later, each handed to {@link #call} as a translator call. What the
 * translator learns from the file system is learnt at the call, not later: an open stats the file (it
 * may be gone by then), a deletion takes the file's identity.
 *
 * <p>The translator calls are anonymous classes, not lambdas: the application's first I/O (loading its
 * main class, while the machine boots) comes through here, and the first use of each lambda shape spins
 * a class and its method-handle forms (about 20 ms of a JDK 25 start for these).
 */
abstract class DeferredSink implements Sink {

    /** Hands on a call the calling thread made. */
    abstract void call(Consumer<Translator> call);

    @Override
    public void opened(Object owner, Object fd, String path, int flags) {
        FileStat stat;
        try {
            stat = FileStat.of(Path.of(path).toAbsolutePath().normalize(), true);
        } catch (InvalidPathException e) {
            stat = null; // the translator finds the same problem and reports it
        }
        FileStat atOpen = stat;
        call(new Consumer<>() {
            @Override
            public void accept(Translator t) {
                t.opened(owner, fd, path, flags, atOpen);
            }
        });
    }

    @Override
    public void openOptions(Object channel, Object options) {
        call(new Consumer<>() {
            @Override
            public void accept(Translator t) {
                t.openOptions(channel, options);
            }
        });
    }

    @Override
    public void closed(Object fd) {
        call(new Consumer<>() {
            @Override
            public void accept(Translator t) {
                t.closed(fd);
            }
        });
    }

    @Override
    public void write(Object owner, Object fd, String path, long position, long bytes) {
        call(new Consumer<>() {
            @Override
            public void accept(Translator t) {
                t.write(owner, fd, path, position, bytes);
            }
        });
    }

    @Override
    public void read(Object owner, Object fd, String path, long position, long bytes) {
        call(new Consumer<>() {
            @Override
            public void accept(Translator t) {
                t.read(owner, fd, path, position, bytes);
            }
        });
    }

    @Override
    public void seek(Object fd, long position) {
        call(new Consumer<>() {
            @Override
            public void accept(Translator t) {
                t.seek(fd, position);
            }
        });
    }

    @Override
    public void skip(Object fd, long bytes) {
        call(new Consumer<>() {
            @Override
            public void accept(Translator t) {
                t.skip(fd, bytes);
            }
        });
    }

    @Override
    public void truncate(Object fd, String path, long length, boolean shrinkOnly) {
        call(new Consumer<>() {
            @Override
            public void accept(Translator t) {
                t.truncate(fd, path, length, shrinkOnly);
            }
        });
    }

    @Override
    public void fsync(Object fd, String path) {
        call(new Consumer<>() {
            @Override
            public void accept(Translator t) {
                t.fsync(fd, path);
            }
        });
    }

    /** Any channel may turn out to be known (its open may not be translated yet): the transfer sorts it out. */
    @Override
    public boolean knowsPeer(Object peer) {
        return peer instanceof SocketChannel || peer instanceof FileChannel;
    }

    @Override
    public void transfer(Object owner, Object fd, String path, Object peer, long position, long bytes, boolean outgoing) {
        call(new Consumer<>() {
            @Override
            public void accept(Translator t) {
                t.transfer(owner, fd, path, peer, position, bytes, outgoing);
            }
        });
    }

    @Override
    public void mapped(Object fd, String path, Object mapping, long position, long size) {
        call(new Consumer<>() {
            @Override
            public void accept(Translator t) {
                t.mapped(fd, path, mapping, position, size);
            }
        });
    }

    @Override
    public void unmapped(Object mapping) {
        call(new Consumer<>() {
            @Override
            public void accept(Translator t) {
                t.unmapped(mapping);
            }
        });
    }

    @Override
    public void directAllocated(long address, long capacity) {
        call(new Consumer<>() {
            @Override
            public void accept(Translator t) {
                t.directAllocated(address, capacity);
            }
        });
    }

    @Override
    public void directFreed(long address) {
        call(new Consumer<>() {
            @Override
            public void accept(Translator t) {
                t.directFreed(address);
            }
        });
    }

    @Override
    public void socket(boolean send, long bytes, boolean direct) {
        call(new Consumer<>() {
            @Override
            public void accept(Translator t) {
                t.socket(send, bytes, direct);
            }
        });
    }

    /** The file's identity is taken now, while it still exists, exactly as the translator would. */
    @Override
    public Object beforeDelete(Object fileOrPath) {
        return Translator.deleteToken(fileOrPath);
    }

    @Override
    public void deleted(Object token) {
        call(new Consumer<>() {
            @Override
            public void accept(Translator t) {
                t.deleted(token);
            }
        });
    }
}
