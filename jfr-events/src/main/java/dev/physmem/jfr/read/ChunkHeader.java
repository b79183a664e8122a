package dev.physmem.jfr.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The fixed 68-byte header of a JFR chunk, as the JVM writes it (jdk.jfr.internal.consumer.ChunkHeader):
 * magic "FLR\0", version, then the chunk size and the offsets of its last constant pool and metadata,
 * start time and duration, tick rate, and a file-state byte that is 0 once the chunk is finished.
 * A chunk being written has a non-zero state; after a flush its size and offsets describe a readable
 * prefix (what JFR's own streaming reads), before the first flush they are 0.
 */
record ChunkHeader(long position, short major, short minor, long size, long constantPoolOffset, long metadataOffset,
                   long startNanos, long durationNanos, byte fileState) {
    static final int SIZE = 68;
    static final int FILE_STATE_POSITION = 64;
    private static final int MAGIC = 0x464c5200; // "FLR\0"

    /** Reads the header at {@code position}, or returns null if the bytes there are not one. */
    static ChunkHeader read(FileChannel ch, long position) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                return null;
            }
        }
        b.flip();
        if (b.getInt() != MAGIC) {
            return null;
        }
        short major = b.getShort();
        short minor = b.getShort();
        long size = b.getLong();
        long cp = b.getLong();
        long meta = b.getLong();
        long start = b.getLong();
        long duration = b.getLong();
        b.getLong(); // start ticks
        b.getLong(); // ticks per second
        byte state = b.get(FILE_STATE_POSITION);
        return new ChunkHeader(position, major, minor, size, cp, meta, start, duration, state);
    }

    static boolean hasMagic(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4);
        while (b.hasRemaining()) {
            if (ch.read(b, b.position()) < 0) {
                return false;
            }
        }
        return b.getInt(0) == MAGIC;
    }

    boolean finished() {
        return fileState == 0;
    }

    /** Size, constant pool and metadata describe bytes that are all in a file of {@code fileSize}. */
    boolean consistentWithin(long fileSize) {
        return (major == 1 || major == 2) && size >= SIZE && position + size <= fileSize
                && metadataOffset >= SIZE && metadataOffset < size
                && constantPoolOffset >= SIZE && constantPoolOffset < size;
    }
}
