package dev.physmem.jfr.read;

import java.time.Instant;

/**
 * Bytes read so far within one file, estimated from event times: JFR's reader does not say where in
 * the file it is, but each chunk covers a known time span and byte range, and events come roughly in
 * time order within a chunk. The estimate never goes backwards.
 */
final class ByteProgress {
    private static final int EVERY = 256;

    private final RecordingPart part;
    private final long base;
    private final long total;
    private final ProgressListener listener;
    private long reported;
    private int countdown = EVERY;

    ByteProgress(RecordingPart part, long base, long total, ProgressListener listener) {
        this.part = part;
        this.base = base;
        this.total = total;
        this.listener = listener;
        this.reported = base;
    }

    void event(Instant time) {
        if (--countdown > 0) {
            return;
        }
        countdown = EVERY;
        long t = time.getEpochSecond() * 1_000_000_000L + time.getNano();
        long before = 0;
        long estimate = 0;
        for (ChunkHeader h : part.chunks) {
            if (h.startNanos() > t) {
                break;
            }
            long span = h.durationNanos();
            long into = span <= 0 ? h.size() : (long) (h.size() * Math.min(1.0, (double) (t - h.startNanos()) / span));
            estimate = before + into;
            before += h.size();
        }
        report(base + estimate);
    }

    void done() {
        report(base + part.readableBytes());
    }

    private void report(long bytes) {
        long capped = Math.min(bytes, base + part.readableBytes());
        if (capped > reported) {
            reported = capped;
            listener.progress(capped, total);
        }
    }
}
