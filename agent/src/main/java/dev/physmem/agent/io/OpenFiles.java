package dev.physmem.agent.io;

import dev.physmem.agent.boot.Sink;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The open files of the application, known by their FileDescriptor (shared by a stream and its
 * channel, as they share the kernel's struct file) and by their channel object (how a transfer names its
 * peer). Files are registered when they open; one that was already open when the agent came (dynamic
 * attach) is registered at its first read or write, with the position asked of the stream or channel.
 */
final class OpenFiles {
    private final Inodes inodes;
    private final AgentCounters counters;
    private final Supplier<List<String>> excludedPrefixes;
    private final WeakIdentityMap<OpenFile> byKey;

    /**
     * {@code excludedPrefixes} are absolute path prefixes the simulation leaves alone (pseudo file
     * systems without a page cache, the agent's jar and JFR's files); asked on each open, not each call.
     */
    OpenFiles(Inodes inodes, AgentCounters counters, Supplier<List<String>> excludedPrefixes) {
        this.inodes = inodes;
        this.counters = counters;
        this.excludedPrefixes = excludedPrefixes;
        this.byKey = new WeakIdentityMap<>(this::release);
    }

    OpenFile get(Object key) {
        return byKey.get(key);
    }

    /**
     * A stream or channel opened {@code path}; a channel of an already open stream joins its file.
     * {@code stat} is the file as it was at the open, or null to look now.
     */
    OpenFile opened(Object owner, Object fd, String path, int flags, FileStat stat) {
        OpenFile known = byKey.get(fd);
        if (known != null) {
            return byKey.putIfAbsent(owner, known);
        }
        OpenFile f = open(path, flags, -1, stat);
        if (f.simulated()) {
            counters.opens.increment();
        }
        OpenFile mapped = byKey.putIfAbsent(fd, f);
        if (mapped != f) {
            release(f);
        }
        return owner == fd ? mapped : byKey.putIfAbsent(owner, mapped);
    }

    /**
     * The first sight of an open file at a read or write: {@code moved} bytes have just gone through
     * the file position ({@code positional} calls move nothing).
     */
    OpenFile lateOpen(Object owner, Object fd, String path, long moved, boolean positional) {
        OpenFile f = open(path, 0, position(owner) - (positional ? 0 : moved), null);
        OpenFile mapped = byKey.putIfAbsent(fd, f);
        if (mapped != f) {
            release(f);
        } else if (owner != fd) {
            byKey.putIfAbsent(owner, f);
        }
        return mapped;
    }

    void closed(Object fd) {
        OpenFile f = byKey.remove(fd);
        if (f != null) {
            release(f);
        }
    }

    /** {@code position} -1: at the start, or at the end for O_APPEND; {@code stat} null: stat(2) now. */
    private OpenFile open(String path, int flags, long position, FileStat stat) {
        Path p = Path.of(path).toAbsolutePath().normalize();
        String abs = p.toString();
        for (String prefix : excludedPrefixes.get()) {
            if (abs.startsWith(prefix)) {
                return OpenFile.IGNORED;
            }
        }
        FileStat st = stat != null ? stat : FileStat.of(p, true);
        if (st == null || !st.regular()) {
            return OpenFile.IGNORED;
        }
        Inode inode = inodes.open(st, path);
        long pos = position >= 0 ? position : (flags & Sink.APPEND) != 0 ? st.size() : 0;
        return new OpenFile(inode, path, pos, flags);
    }

    private void release(OpenFile f) {
        if (f.release()) {
            if (f.randomAccess) {
                // RandomAccessFile.setLength is native on JDK 17: the real size tells what it did.
                FileStat st = FileStat.of(Path.of(f.path), true);
                if (st != null && st.id().equals(f.inode.id)) {
                    inodes.reconcile(f.inode, f.path, st.size());
                }
            }
            inodes.release(f.inode);
        }
    }

    /** Where the file position of a stream or channel is now (one lseek), for a late first sight. */
    private static long position(Object owner) {
        try {
            if (owner instanceof FileChannel) {
                return ((FileChannel) owner).position();
            }
            if (owner instanceof RandomAccessFile) {
                return ((RandomAccessFile) owner).getFilePointer();
            }
            if (owner instanceof FileInputStream) {
                return ((FileInputStream) owner).getChannel().position();
            }
            if (owner instanceof FileOutputStream) {
                return ((FileOutputStream) owner).getChannel().position();
            }
        } catch (IOException closedMeanwhile) {
            return 0;
        }
        return 0;
    }

    int size() {
        return byKey.size();
    }
}
