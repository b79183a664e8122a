package dev.physmem.agent.kernel;

import dev.physmem.model.syscalls.Syscalls;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Stands in for the model's Syscalls until the page cache lands (see {@link KernelLink}): it keeps what
 * the agent itself relies on, each inode's i_size (O_APPEND writes go there), and hands out mapping
 * handles; it caches nothing, dirties nothing and never makes anyone wait.
 */
final class UnwiredSyscalls implements Syscalls {
    private static final int CHUNK = 4096;
    /** i_size by inode number, in chunks that never move once made, so no update is ever lost. */
    private volatile AtomicLongArray[] sizes = {new AtomicLongArray(CHUNK)};
    private int nextIno = 1;
    private final AtomicLong nextHandle = new AtomicLong(1);

    @Override
    public synchronized int createInode(String name) {
        int ino = nextIno++;
        if (ino / CHUNK >= sizes.length) {
            AtomicLongArray[] grown = java.util.Arrays.copyOf(sizes, sizes.length + 1);
            grown[sizes.length] = new AtomicLongArray(CHUNK);
            sizes = grown;
        }
        return ino;
    }

    private AtomicLongArray chunk(int ino) {
        return sizes[ino / CHUNK];
    }

    @Override
    public long fileSize(int ino) {
        return chunk(ino).get(ino % CHUNK);
    }

    @Override
    public long write(int ino, long pos, long count) {
        chunk(ino).accumulateAndGet(ino % CHUNK, pos + count, Math::max);
        return 0;
    }

    @Override
    public long read(int ino, long pos, long count) {
        return 0;
    }

    @Override
    public long fsync(int ino) {
        return 0;
    }

    @Override
    public void truncate(int ino, long length) {
        chunk(ino).set(ino % CHUNK, length);
    }

    @Override
    public void unlink(int ino) {
        chunk(ino).set(ino % CHUNK, 0);
    }

    @Override
    public long mmap(int ino, long offset, long length) {
        return nextHandle.getAndIncrement();
    }

    @Override
    public long mmapAnonymous(long length) {
        return nextHandle.getAndIncrement();
    }

    @Override
    public void munmap(long handle) {}

    @Override
    public long sync() {
        return 0;
    }

    @Override
    public void dropCaches(int mode) {}
}
