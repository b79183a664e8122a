package dev.physmem.agent.io;

import dev.physmem.agent.jfr.JfrBridge;
import dev.physmem.agent.net.NetDma;
import dev.physmem.model.syscalls.Syscalls;
import java.io.File;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Turns what the instrumented JDK reports into the simulated kernel's system calls: "n bytes written to
 * this FileDescriptor at its position" becomes write(ino, pos, n) on the file's simulated inode, and so
 * on. The common path (a read or write of a file already open) is one identity-map lookup, an atomic
 * add on the file position, the system call, two counter adds and an event that costs nothing unless a
 * recording wants it: no allocation, no lock of the agent's own. It runs on the syscall thread (see
 * AsyncSink), or with throttle=sleep on the application's threads, so it is thread-safe either way.
 */
public final class Translator implements TranslatorSink {
    private final Syscalls sys;
    private final Throttle throttle;
    private final AgentCounters counters;
    private final NetDma net;
    private final Inodes inodes;
    private final OpenFiles files;
    private final Mappings mappings;
    private final DirectBuffers direct;

    public Translator(Syscalls sys, Throttle throttle, AgentCounters counters, NetDma net,
                      Supplier<List<String>> excludedPrefixes) {
        this.sys = sys;
        this.throttle = throttle;
        this.counters = counters;
        this.net = net;
        this.inodes = new Inodes(sys, counters);
        this.files = new OpenFiles(inodes, counters, excludedPrefixes);
        this.mappings = new Mappings(sys, counters);
        this.direct = new DirectBuffers(sys, counters);
    }

    @Override
    public void opened(Object owner, Object fd, String path, int flags) {
        files.opened(owner, fd, path, flags, null);
    }

    /** Runs {@code call} now, on the calling thread. */
    @Override
    public void run(Thread by, Consumer<Translator> call) {
        call.accept(this);
    }

    /** An open translated after the call (see DeferredSink), with the file as stat(2) saw it at the open. */
    void opened(Object owner, Object fd, String path, int flags, FileStat stat) {
        files.opened(owner, fd, path, flags, stat);
    }

    @Override
    public void openOptions(Object channel, Object options) {
        OpenFile f = files.get(channel);
        if (f == null || !f.simulated() || !(options instanceof java.util.Set)) {
            return;
        }
        java.util.Set<?> set = (java.util.Set<?>) options;
        if (set.contains(java.nio.file.StandardOpenOption.APPEND)) {
            f.append = true;
        }
        if (set.contains(java.nio.file.StandardOpenOption.SYNC) || set.contains(java.nio.file.StandardOpenOption.DSYNC)) {
            f.sync = true;
        }
    }

    @Override
    public void closed(Object fd) {
        files.closed(fd);
    }

    private OpenFile file(Object owner, Object fd, String path, long moved, boolean positional) {
        OpenFile f = files.get(fd);
        if (f == null && path != null) {
            f = files.lateOpen(owner, fd, path, moved, positional);
        }
        return f != null && f.simulated() ? f : null;
    }

    @Override
    public void write(Object owner, Object fd, String path, long position, long bytes) {
        OpenFile f = file(owner, fd, path, bytes, position >= 0);
        if (f != null) {
            writeFile(f, position, bytes);
        }
    }

    /** write(2) or pwrite(2) (position >= 0) of {@code bytes}; O_APPEND writes at the end. */
    private void writeFile(OpenFile f, long position, long bytes) {
        long offset;
        if (position >= 0) {
            offset = position;
        } else if (f.append) {
            offset = sys.fileSize(f.ino);
            f.seek(offset + bytes);
        } else {
            offset = f.advance(bytes);
        }
        long wait = sys.write(f.ino, offset, bytes);
        if (f.sync) {
            wait += sys.fsync(f.ino);
        }
        wait = throttle.apply(wait);
        counters.writes.increment();
        counters.writeBytes.add(bytes);
        addWait(wait);
        JfrBridge.fileWrite(f.path, f.ino, offset, bytes, wait);
    }

    @Override
    public void read(Object owner, Object fd, String path, long position, long bytes) {
        OpenFile f = file(owner, fd, path, bytes, position >= 0);
        if (f != null) {
            readFile(f, position >= 0 ? position : f.advance(bytes), bytes);
        }
    }

    private void readFile(OpenFile f, long offset, long bytes) {
        long wait = throttle.apply(sys.read(f.ino, offset, bytes));
        counters.reads.increment();
        counters.readBytes.add(bytes);
        addWait(wait);
        JfrBridge.fileRead(f.path, f.ino, offset, bytes, wait);
    }

    /** Most calls wait for nothing, and adding 0 would still cost the counter a CAS. */
    private void addWait(long wait) {
        if (wait != 0) {
            counters.waitNanos.add(wait);
        }
    }

    @Override
    public void seek(Object fd, long position) {
        OpenFile f = files.get(fd);
        if (f != null && f.simulated()) {
            f.seek(position);
        }
    }

    @Override
    public void skip(Object fd, long bytes) {
        OpenFile f = files.get(fd);
        if (f != null && f.simulated()) {
            f.advance(bytes);
        }
    }

    @Override
    public void truncate(Object fd, String path, long length, boolean shrinkOnly) {
        OpenFile f = files.get(fd);
        if (f == null || !f.simulated()) {
            return;
        }
        if (!shrinkOnly || length < sys.fileSize(f.ino)) {
            sys.truncate(f.ino, length);
            counters.truncates.increment();
            JfrBridge.fileTruncate(f.path, f.ino, length);
        }
        if (f.position() > length) {
            f.seek(length);
        }
    }

    @Override
    public void fsync(Object fd, String path) {
        OpenFile f = files.get(fd);
        if (f == null || !f.simulated()) {
            return;
        }
        long wait = throttle.apply(sys.fsync(f.ino));
        counters.fsyncs.increment();
        addWait(wait);
        JfrBridge.fileSync(f.path, f.ino, wait);
    }

    @Override
    public boolean knowsPeer(Object peer) {
        if (peer instanceof SocketChannel) {
            return true;
        }
        OpenFile f = files.get(peer);
        return f != null && f.simulated();
    }

    /**
     * transferTo: {@code bytes} read from this file at {@code position} (its own position unchanged)
     * and written at the peer's position; transferFrom: read at the peer's position and written here at
     * {@code position}. A socket peer is the network; sendfile reads straight from the page cache.
     */
    @Override
    public void transfer(Object owner, Object fd, String path, Object peer, long position, long bytes, boolean outgoing) {
        OpenFile f = file(owner, fd, path, 0, true);
        OpenFile other = peer instanceof SocketChannel ? null : files.get(peer);
        if (outgoing) {
            if (f != null) {
                readFile(f, position, bytes);
            }
            if (other != null && other.simulated()) {
                writeFile(other, -1, bytes);
            } else if (peer instanceof SocketChannel) {
                net.transfer(true, bytes, false);
            }
        } else {
            if (other != null && other.simulated()) {
                readFile(other, other.advance(bytes), bytes);
            } else if (peer instanceof SocketChannel) {
                net.transfer(false, bytes, false);
            }
            if (f != null) {
                writeFile(f, position, bytes);
            }
        }
    }

    @Override
    public void mapped(Object fd, String path, Object mapping, long position, long size) {
        OpenFile f = files.get(fd);
        if (f != null && f.simulated()) {
            mappings.map(mapping, f, position, size);
        }
    }

    @Override
    public void unmapped(Object mapping) {
        mappings.unmap(mapping);
    }

    @Override
    public void directAllocated(long address, long capacity) {
        direct.allocated(address, capacity);
    }

    @Override
    public void directFreed(long address) {
        direct.freed(address);
    }

    @Override
    public void socket(boolean send, long bytes, boolean isDirect) {
        net.transfer(send, bytes, isDirect);
    }

    @Override
    public Object beforeDelete(Object fileOrPath) {
        return deleteToken(fileOrPath);
    }

    /** What a deletion is known by afterwards: the regular file's identity, taken before it is gone. */
    static FileStat deleteToken(Object fileOrPath) {
        Path p = fileOrPath instanceof File ? ((File) fileOrPath).toPath() : (Path) fileOrPath;
        FileStat st = FileStat.of(p, false);
        return st != null && st.regular() ? st : null;
    }

    @Override
    public void deleted(Object token) {
        inodes.unlink((FileStat) token);
    }

    /** Open files and simulated inodes the agent tracks now. */
    public int openFiles() {
        return files.size();
    }

    public int inodes() {
        return inodes.size();
    }
}
