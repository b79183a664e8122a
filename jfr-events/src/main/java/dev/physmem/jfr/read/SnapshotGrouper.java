package dev.physmem.jfr.read;

import dev.physmem.jfr.snapshot.SnapshotSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import jdk.jfr.consumer.RecordedEvent;

/**
 * Puts snapshot rows back together. JFR writes each thread's events in buffer-sized segments, and
 * within a chunk the segments of one thread need not follow each other in commit order, so the rows
 * of a capture may arrive apart and after rows of later captures. Each row carries its capture's
 * number and row count: a capture is handed on once all its rows are in. Its time is that of its
 * earliest row.
 */
final class SnapshotGrouper {
    private final Consumer<RawSnapshot> sink;
    private final Map<Long, Open> open = new HashMap<>();
    private int dropped;

    private static final class Open {
        final SnapshotKind kind;
        final int expected;
        final List<SnapshotRow> rows = new ArrayList<>();
        Instant time;

        Open(SnapshotKind kind, int expected) {
            this.kind = kind;
            this.expected = expected;
        }
    }

    SnapshotGrouper(Consumer<RawSnapshot> sink) {
        this.sink = sink;
    }

    void accept(SnapshotKind kind, RecordedEvent e) {
        Instant t = e.getStartTime();
        if (kind.single) {
            sink.accept(new RawSnapshot(kind, t, List.of(SnapshotDecoder.row(e))));
            return;
        }
        long id = e.getLong(SnapshotSchema.SNAPSHOT);
        Open g = open.computeIfAbsent(id, k -> new Open(kind, e.getInt(SnapshotSchema.ROWS)));
        g.rows.add(SnapshotDecoder.row(e));
        g.time = g.time == null || t.isBefore(g.time) ? t : g.time;
        if (g.rows.size() >= g.expected) {
            open.remove(id);
            sink.accept(new RawSnapshot(g.kind, g.time, g.rows));
        }
    }

    /** Drops the captures still missing rows: the recording ended (or was cut) in the middle of them. */
    void finish() {
        dropped += open.size();
        open.clear();
    }

    /** Captures dropped by {@link #finish} as incomplete. */
    int dropped() {
        return dropped;
    }
}
