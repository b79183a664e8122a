package dev.physmem.jfr.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One file of a recording (a .jfr file, or one chunk file of a repository) and the part of it that
 * can be read: its finished chunks and, if the last chunk was still being written when the file was
 * copied or its JVM died, the prefix up to that chunk's last flush. JFR's own reader waits forever for
 * an unfinished chunk to finish, so such a file is read through a copy of its readable part in which
 * the flushed chunk is marked finished.
 */
final class RecordingPart {
    final Path file;
    final long fileSize;
    final List<ChunkHeader> chunks;
    /** The last chunk is the flushed prefix of an unfinished one. */
    final boolean flushedPrefix;
    /** One line per part of the file that cannot be read, or was not finished when it was read. */
    final List<String> skipped;

    private RecordingPart(Path file, long fileSize, List<ChunkHeader> chunks, boolean flushedPrefix,
                          List<String> skipped) {
        this.file = file;
        this.fileSize = fileSize;
        this.chunks = Collections.unmodifiableList(chunks);
        this.flushedPrefix = flushedPrefix;
        this.skipped = Collections.unmodifiableList(skipped);
    }

    /** Scans the chunk headers; null if the file does not start like a JFR recording. */
    static RecordingPart scan(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 4 || !ChunkHeader.hasMagic(ch)) {
                return null;
            }
            List<ChunkHeader> chunks = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            boolean flushed = false;
            long pos = 0;
            while (pos < size) {
                int n = chunks.size() + 1;
                ChunkHeader h = ChunkHeader.read(ch, pos);
                if (h == null) {
                    skipped.add(String.format("%s: %d bytes after chunk %d are not a chunk (skipped)", file.getFileName(),
                            size - pos, n - 1));
                    break;
                }
                if (h.finished()) {
                    if (h.consistentWithin(size)) {
                        chunks.add(h);
                        pos += h.size();
                        continue;
                    }
                    skipped.add(String.format("%s: chunk %d is cut off, %d of %d bytes present (skipped)",
                            file.getFileName(), n, size - pos, h.size()));
                } else if (h.metadataOffset() > 0 && h.consistentWithin(size)) {
                    chunks.add(h);
                    flushed = true;
                    long after = size - pos - h.size();
                    skipped.add(String.format("%s: chunk %d was still being written (its JVM is running or died); "
                            + "read it up to its last flush%s", file.getFileName(), n,
                            after > 0 ? ", skipped the " + after + " bytes after it" : ""));
                } else {
                    skipped.add(String.format("%s: chunk %d was still being written and nothing of it was flushed "
                            + "(%d bytes skipped)", file.getFileName(), n, size - pos));
                }
                break;
            }
            return new RecordingPart(file, size, chunks, flushed, skipped);
        }
    }

    long readableBytes() {
        long n = 0;
        for (ChunkHeader h : chunks) {
            n += h.size();
        }
        return n;
    }

    boolean readableAsIs() {
        return !flushedPrefix && readableBytes() == fileSize;
    }

    /** The file itself if JFR can read all of it, else a copy of its readable chunks in {@code dir}. */
    Path readablePath(Path dir) throws IOException {
        if (readableAsIs()) {
            return file;
        }
        Path copy = Files.createTempFile(dir, "readable-", ".jfr");
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(copy, StandardOpenOption.WRITE)) {
            long at = 0;
            for (ChunkHeader h : chunks) {
                long done = 0;
                while (done < h.size()) {
                    done += in.transferTo(h.position() + done, h.size() - done, out);
                }
                at += h.size();
            }
            if (flushedPrefix) {
                ChunkHeader last = chunks.get(chunks.size() - 1);
                out.write(ByteBuffer.wrap(new byte[] {0}), at - last.size() + ChunkHeader.FILE_STATE_POSITION);
            }
        }
        return copy;
    }
}
