package dev.physmem.cli.plot;

import dev.physmem.jfr.events.EventNames;
import dev.physmem.jfr.read.RecordingVisitor;
import dev.physmem.model.Mm;
import dev.physmem.model.proc.MemInfoField;
import dev.physmem.model.proc.MemInfoSnapshot;
import dev.physmem.model.proc.VmStatSnapshot;
import dev.physmem.model.proc.ZoneFreeArea;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;

/**
 * Gathers a {@link Timeline} in one streaming pass. Samples arrive roughly in time order; at most
 * {@link #MAX_POINTS} of each kind are kept, by dropping every other one whenever the limit is passed,
 * so a recording of any length is drawn from bounded memory.
 */
public final class TimelineBuilder implements RecordingVisitor {
    private static final Set<String> EVENTS = Set.of(EventNames.DIRTY_THROTTLE, EventNames.KSWAPD_WAKE,
            EventNames.KSWAPD_SLEEP, EventNames.DIRECT_RECLAIM);

    static final int MAX_POINTS = 2000;
    static final int MAX_MARKS = 5000;

    private final Instant start;
    private final TreeMap<Instant, double[]> memory = new TreeMap<>();
    private final TreeMap<Instant, double[]> thresholds = new TreeMap<>();
    private final TreeMap<Instant, long[]> buddy = new TreeMap<>();
    private final TreeMap<Instant, double[]> throttles = new TreeMap<>();
    private final List<double[]> kswapdRuns = new ArrayList<>();
    private final List<double[]> directReclaims = new ArrayList<>();
    private final Map<Integer, Instant> kswapdAwake = new HashMap<>();

    public TimelineBuilder(Instant start) {
        this.start = start;
    }

    @Override
    public Set<String> eventNames() {
        return EVENTS;
    }

    @Override
    public void event(RecordedEvent e) {
        switch (e.getEventType().getName()) {
            case EventNames.DIRTY_THROTTLE:
                double ms = e.getLong("pause") / 1e6;
                if (ms > 0) {
                    throttles.merge(e.getStartTime(), new double[] {seconds(e.getStartTime()), ms},
                            (a, b) -> a[1] >= b[1] ? a : b);
                    thin(throttles, MAX_MARKS);
                }
                break;
            case EventNames.KSWAPD_WAKE:
                kswapdAwake.putIfAbsent(e.getInt("node"), e.getStartTime());
                break;
            case EventNames.KSWAPD_SLEEP:
                Instant since = kswapdAwake.remove(e.getInt("node"));
                if (since != null && kswapdRuns.size() < MAX_MARKS) {
                    kswapdRuns.add(new double[] {seconds(since), seconds(e.getStartTime())});
                }
                break;
            case EventNames.DIRECT_RECLAIM:
                if (directReclaims.size() < MAX_MARKS) {
                    directReclaims.add(new double[] {seconds(e.getStartTime()), seconds(e.getEndTime())});
                }
                break;
            default:
                break;
        }
    }

    @Override
    public void memInfo(Instant time, MemInfoSnapshot s) {
        memory.put(time, new double[] {kbToPages(s.get(MemInfoField.MEM_FREE)), kbToPages(s.get(MemInfoField.CACHED)),
            kbToPages(s.get(MemInfoField.DIRTY)), kbToPages(s.get(MemInfoField.WRITEBACK))});
        thin(memory, MAX_POINTS);
    }

    @Override
    public void vmStat(Instant time, VmStatSnapshot s) {
        thresholds.put(time, new double[] {s.get("nr_dirty_background_threshold"), s.get("nr_dirty_threshold")});
        thin(thresholds, MAX_POINTS);
    }

    @Override
    public void freeAreas(Instant time, List<ZoneFreeArea> zones) {
        long[] perOrder = new long[Mm.NR_PAGE_ORDERS];
        for (ZoneFreeArea z : zones) {
            for (int o = 0; o < perOrder.length; o++) {
                perOrder[o] += z.nrFree(o);
            }
        }
        buddy.put(time, perOrder);
        thin(buddy, MAX_POINTS);
    }

    public Timeline build(String title) {
        int n = memory.size();
        double[] t = new double[n];
        double[][] mem = new double[4][n];
        double[] bg = new double[n];
        double[] thresh = new double[n];
        long[][] blocks = new long[n][];
        int i = 0;
        for (Map.Entry<Instant, double[]> e : memory.entrySet()) {
            t[i] = seconds(e.getKey());
            for (int k = 0; k < 4; k++) {
                mem[k][i] = e.getValue()[k];
            }
            double[] th = atOrBefore(thresholds, e.getKey());
            bg[i] = th == null ? 0 : th[0];
            thresh[i] = th == null ? 0 : th[1];
            long[] b = atOrBefore(buddy, e.getKey());
            blocks[i] = b == null ? new long[Mm.NR_PAGE_ORDERS] : b;
            i++;
        }
        List<double[]> runs = new ArrayList<>(kswapdRuns);
        kswapdAwake.values().forEach(since -> runs.add(new double[] {seconds(since), n == 0 ? seconds(since) : t[n - 1]}));
        return new Timeline(title, t, mem[0], mem[1], mem[2], mem[3], bg, thresh, blocks,
                new ArrayList<>(throttles.values()), runs, directReclaims);
    }

    private static <T> T atOrBefore(NavigableMap<Instant, T> map, Instant t) {
        Map.Entry<Instant, T> e = map.floorEntry(t);
        if (e == null) {
            e = map.ceilingEntry(t);
        }
        return e == null ? null : e.getValue();
    }

    /** Past {@code max} entries, keep every other one. */
    private static <T> void thin(TreeMap<Instant, T> map, int max) {
        if (map.size() <= max) {
            return;
        }
        Iterator<Instant> it = map.keySet().iterator();
        boolean drop = false;
        while (it.hasNext()) {
            it.next();
            if (drop) {
                it.remove();
            }
            drop = !drop;
        }
    }

    private double seconds(Instant t) {
        return Duration.between(start, t).toNanos() / 1e9;
    }

    private static double kbToPages(long kb) {
        return kb / (Mm.PAGE_SIZE / 1024.0);
    }
}
