package dev.physmem.jfr.read;

import dev.physmem.jfr.snapshot.SnapshotSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;

/**
 * Puts snapshot rows back together. The rows of one capture carry one snapshot number and were
 * committed in order by one thread; a recording keeps each thread's events in order but may
 * interleave threads (the periodic hooks and a direct commit), so rows are grouped per kind and
 * thread, and a group is complete when the same thread starts the next one.
 */
final class SnapshotGrouper {
    private final Consumer<RawSnapshot> sink;
    private final Map<String, Open> open = new LinkedHashMap<>();
    private final Map<SnapshotKind, String> lastShape = new EnumMap<>(SnapshotKind.class);
    private int dropped;

    private static final class Open {
        final SnapshotKind kind;
        final long id;
        final Instant time;
        final List<RecordedEvent> rows = new ArrayList<>();

        Open(SnapshotKind kind, long id, Instant time) {
            this.kind = kind;
            this.id = id;
            this.time = time;
        }

        RawSnapshot close() {
            return new RawSnapshot(kind, time, rows);
        }
    }

    SnapshotGrouper(Consumer<RawSnapshot> sink) {
        this.sink = sink;
    }

    void accept(SnapshotKind kind, RecordedEvent e) {
        if (kind.single) {
            emit(new RawSnapshot(kind, e.getStartTime(), List.of(e)));
            return;
        }
        long id = e.getLong(SnapshotSchema.SNAPSHOT);
        String key = kind.name() + '/' + threadKey(e);
        Open g = open.get(key);
        if (g != null && g.id != id) {
            open.remove(key);
            emit(g.close());
            g = null;
        }
        if (g == null) {
            g = new Open(kind, id, e.getStartTime());
            open.put(key, g);
        }
        g.rows.add(e);
    }

    /**
     * Emits the groups still open. If the recording was cut off, the last capture of a kind may miss
     * rows: one whose shape differs from the capture before it is dropped.
     */
    void finish(boolean cut) {
        List<Open> rest = new ArrayList<>(open.values());
        open.clear();
        rest.sort(Comparator.comparing(o -> o.time));
        for (Open g : rest) {
            RawSnapshot s = g.close();
            String before = lastShape.get(s.kind());
            if (cut && before != null && !before.equals(s.shape())) {
                dropped++;
                continue;
            }
            emit(s);
        }
    }

    /** Captures dropped by {@link #finish} as incomplete. */
    int dropped() {
        return dropped;
    }

    private void emit(RawSnapshot s) {
        if (!s.kind().single) {
            lastShape.put(s.kind(), s.shape());
        }
        sink.accept(s);
    }

    private static String threadKey(RecordedEvent e) {
        RecordedThread t = e.getThread();
        return t == null ? "-" : Long.toString(t.getJavaThreadId());
    }
}
