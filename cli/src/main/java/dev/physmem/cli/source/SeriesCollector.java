package dev.physmem.cli.source;

import dev.physmem.jfr.read.RecordingVisitor;
import dev.physmem.model.proc.MemInfoSnapshot;
import dev.physmem.model.proc.VmStatSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The meminfo and vmstat snapshots of a recording at one per {@code interval} seconds (the last in each
 * interval), for vmstat rows. Memory grows with the recording's length over the interval, not with its
 * events.
 */
public final class SeriesCollector implements RecordingVisitor {
    private final Instant start;
    private final double interval;
    private final TreeMap<Long, Object[]> buckets = new TreeMap<>();

    public SeriesCollector(Instant start, double interval) {
        this.start = start;
        this.interval = interval;
    }

    @Override
    public Set<String> eventNames() {
        return Set.of();
    }

    private Object[] bucket(Instant t) {
        long b = (long) Math.floor(seconds(t) / interval);
        return buckets.computeIfAbsent(b, k -> new Object[4]);
    }

    @Override
    public void memInfo(Instant time, MemInfoSnapshot s) {
        Object[] b = bucket(time);
        if (b[0] == null || !time.isBefore((Instant) b[0])) {
            b[0] = time;
            b[1] = s;
        }
    }

    @Override
    public void vmStat(Instant time, VmStatSnapshot s) {
        Object[] b = bucket(time);
        if (b[2] == null || !time.isBefore((Instant) b[2])) {
            b[2] = time;
            b[3] = s;
        }
    }

    /** One snapshot per interval that has both files, in time order. */
    public List<ProcSnapshot> series() {
        List<ProcSnapshot> out = new ArrayList<>();
        for (Map.Entry<Long, Object[]> e : buckets.entrySet()) {
            Object[] b = e.getValue();
            if (b[1] != null && b[3] != null) {
                out.add(new ProcSnapshot(seconds((Instant) b[0]), (MemInfoSnapshot) b[1], (VmStatSnapshot) b[3],
                        List.of(), List.of(), null));
            }
        }
        return out;
    }

    private double seconds(Instant t) {
        return Duration.between(start, t).toNanos() / 1e9;
    }
}
