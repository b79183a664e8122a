package dev.physmem.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writer throttle pauses split at every change of a dirty limit (vm.dirty_ratio, dirty_bytes and
 * their background twins), so a report shows what the change did: "while vm.dirty_ratio = 20: 46
 * pauses; after it became 40: none". Pauses are kept in 10 ms buckets, so memory stays bounded by the
 * recording's length rather than its number of pauses.
 */
final class ThrottlePeriods {
    private static final Set<String> DIRTY_LIMITS = Set.of("vm.dirty_ratio", "vm.dirty_bytes",
            "vm.dirty_background_ratio", "vm.dirty_background_bytes");
    private static final double BUCKET_SECONDS = 0.01;

    private record Change(double at, String name, String oldValue, String newValue) {}

    private final List<Change> changes = new ArrayList<>();
    /** Bucket index → {pauses, milliseconds}. */
    private final TreeMap<Long, double[]> buckets = new TreeMap<>();

    /** A SysctlChange event: kept if it moves a dirty limit. */
    void sysctlChange(double at, String name, String oldValue, String newValue) {
        if (DIRTY_LIMITS.contains(name)) {
            changes.add(new Change(at, name, oldValue, newValue));
        }
    }

    void pause(double at, double millis) {
        double[] b = buckets.computeIfAbsent((long) Math.floor(at / BUCKET_SECONDS), k -> new double[2]);
        b[0]++;
        b[1] += millis;
    }

    /** One period per setting, in time order; empty if no dirty limit changed. */
    List<Story.ThrottlePeriod> periods(double end) {
        if (changes.isEmpty()) {
            return List.of();
        }
        changes.sort((a, b) -> Double.compare(a.at, b.at));
        List<Story.ThrottlePeriod> out = new ArrayList<>();
        Change first = changes.get(0);
        double from = 0;
        String setting = first.name + " = " + first.oldValue;
        for (Change c : changes) {
            out.add(period(from, c.at, setting));
            from = c.at;
            setting = c.name + " = " + c.newValue;
        }
        out.add(period(from, Math.max(from, end), setting));
        return out;
    }

    private Story.ThrottlePeriod period(double from, double to, String setting) {
        long pauses = 0;
        double millis = 0;
        long lo = (long) Math.floor(from / BUCKET_SECONDS);
        long hi = (long) Math.floor(to / BUCKET_SECONDS);
        for (Map.Entry<Long, double[]> b : buckets.subMap(lo, true, hi, false).entrySet()) {
            pauses += (long) b.getValue()[0];
            millis += b.getValue()[1];
        }
        return new Story.ThrottlePeriod(from, to, setting, pauses, millis);
    }
}
