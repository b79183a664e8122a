package dev.physmem.agent.boot;

/**
 * What the instrumented JDK reports, implemented by the agent in the application class loader. Only
 * {@link Hooks} calls it, always at depth 1 or more (so the agent's own I/O is never reported back) and
 * with every throwable caught. Arguments are the JDK's own objects and primitives: nothing is allocated
 * to make a call.
 *
 * <p>{@code fd} is the {@link java.io.FileDescriptor} an open file is known by: a stream and the channel
 * it hands out share it, and with it the file position, like a {@code struct file}. A {@code position}
 * of -1 means "at the file position" (read/write), anything else is positional (pread/pwrite).
 */
public interface Sink {
    /** An int flag of {@link #opened}: opened for appending (O_APPEND). */
    int APPEND = 1;
    /** An int flag of {@link #opened}: every write is synchronous (O_SYNC / O_DSYNC). */
    int SYNC = 2;
    /** An int flag of {@link #opened}: a RandomAccessFile, whose setLength cannot be seen on every JDK. */
    int RANDOM_ACCESS = 4;

    void opened(Object owner, Object fd, String path, int flags);

    /** The open options of a channel made by the file system provider (APPEND, SYNC, DSYNC). */
    void openOptions(Object channel, Object options);

    void closed(Object fd);

    void write(Object owner, Object fd, String path, long position, long bytes);

    void read(Object owner, Object fd, String path, long position, long bytes);

    /** lseek(SEEK_SET). */
    void seek(Object fd, long position);

    /** lseek(SEEK_CUR) by {@code bytes}. */
    void skip(Object fd, long bytes);

    /** ftruncate; {@code shrinkOnly} for FileChannel.truncate, which never makes a file longer. */
    void truncate(Object fd, String path, long length, boolean shrinkOnly);

    void fsync(Object fd, String path);

    /** Whether a transfer peer is a channel the agent knows: then the transfer is reported whole. */
    boolean knowsPeer(Object peer);

    /** FileChannel.transferTo ({@code outgoing}) or transferFrom of {@code bytes} with {@code peer}. */
    void transfer(Object owner, Object fd, String path, Object peer, long position, long bytes, boolean outgoing);

    /** FileChannel.map: {@code mapping} is the JDK's unmapper object, seen again by {@link #unmapped}. */
    void mapped(Object fd, String path, Object mapping, long position, long size);

    void unmapped(Object mapping);

    void directAllocated(long address, long capacity);

    void directFreed(long address);

    void socket(boolean send, long bytes, boolean direct);

    /** Called before a file is deleted; the returned token is handed to {@link #deleted}. */
    Object beforeDelete(Object fileOrPath);

    void deleted(Object token);
}
