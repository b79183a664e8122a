package dev.physmem.model.syscalls;

/**
 * The system-call surface of the simulated kernel: what an application does to files and memory, as
 * the agent observes it. Each call runs the kernel's paths (generic_perform_write, filemap_read,
 * vfs_fsync_range, truncate, mmap/munmap) on the simulated page cache and allocator. Calls are
 * thread-safe and never block on simulated time: where the kernel would make the caller wait (dirty
 * throttling, reading a missing page, waiting for writeback), the call returns how long, in simulated
 * nanoseconds, so the caller decides whether to record it or really sleep.
 */
public interface Syscalls {

    /** A new, empty regular file; returns its inode number. {@code name} is for reports only. */
    int createInode(String name);

    /** File size in bytes (i_size). */
    long fileSize(int ino);

    /**
     * write(2) of {@code count} bytes at {@code pos}: find or create each page-cache folio, copy, mark it
     * dirty, then balance_dirty_pages_ratelimited(). Returns the throttle pause in ns (0 if none).
     */
    long write(int ino, long pos, long count);

    /** read(2) of {@code count} bytes at {@code pos}; returns ns the reader waits for pages read from disk. */
    long read(int ino, long pos, long count);

    /** fsync(2): write back the file's dirty pages and wait; returns ns until the last write completes. */
    long fsync(int ino);

    /** ftruncate(2): pages beyond {@code length} leave the page cache (dirty ones are cancelled). */
    void truncate(int ino, long length);

    /** unlink(2) of the last name: the file's pages are dropped and its dirty pages never written. */
    void unlink(int ino);

    /**
     * mmap(2) MAP_SHARED|MAP_POPULATE of a file range: its pages are brought into the page cache and
     * mapped (mapcount + 1 each). Returns a handle for {@link #munmap}.
     */
    long mmap(int ino, long offset, long length);

    /** mmap(2) MAP_PRIVATE|MAP_ANONYMOUS|MAP_POPULATE: anonymous memory, mapped. Returns a handle. */
    long mmapAnonymous(long length);

    /** munmap(2) of a whole mapping made by {@link #mmap} or {@link #mmapAnonymous}. */
    void munmap(long handle);

    /** sync(2): start writeback of every dirty page and wait; returns ns until it completes. */
    long sync();

    /** echo MODE > /proc/sys/vm/drop_caches (1 page cache, 2 slab, 3 both). */
    void dropCaches(int mode);
}
