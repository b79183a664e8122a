package dev.physmem.jfr.read;

/** Told how far a read has come, in bytes of the readable part of the recording. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (read, total) -> {};

    /** {@code read} never decreases and ends equal to {@code total}. */
    void progress(long read, long total);
}
