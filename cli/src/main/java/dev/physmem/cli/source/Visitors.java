package dev.physmem.cli.source;

import dev.physmem.jfr.read.RecordingVisitor;
import dev.physmem.model.proc.MemInfoSnapshot;
import dev.physmem.model.proc.PageTypes;
import dev.physmem.model.proc.VmStatSnapshot;
import dev.physmem.model.proc.ZoneFreeArea;
import dev.physmem.model.proc.ZoneInfoSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;

/** Several visitors fed by one pass over a recording. */
public final class Visitors implements RecordingVisitor {
    private final List<RecordingVisitor> all;
    /** Each visitor's event names (null: all), asked once: the pass consults them for every event. */
    private final List<Set<String>> wanted = new ArrayList<>();

    private Visitors(List<RecordingVisitor> all) {
        this.all = all;
        all.forEach(v -> wanted.add(v.eventNames()));
    }

    public static RecordingVisitor of(RecordingVisitor... visitors) {
        return new Visitors(List.of(visitors));
    }

    @Override
    public Set<String> eventNames() {
        Set<String> names = new HashSet<>();
        for (Set<String> w : wanted) {
            if (w == null) {
                return null;
            }
            names.addAll(w);
        }
        return names;
    }

    @Override
    public void event(RecordedEvent event) {
        String name = event.getEventType().getName();
        for (int i = 0; i < all.size(); i++) {
            Set<String> w = wanted.get(i);
            if (w == null || w.contains(name)) {
                all.get(i).event(event);
            }
        }
    }

    @Override
    public void memInfo(Instant time, MemInfoSnapshot s) {
        all.forEach(v -> v.memInfo(time, s));
    }

    @Override
    public void vmStat(Instant time, VmStatSnapshot s) {
        all.forEach(v -> v.vmStat(time, s));
    }

    @Override
    public void zoneInfo(Instant time, List<ZoneInfoSnapshot> zones) {
        all.forEach(v -> v.zoneInfo(time, zones));
    }

    @Override
    public void freeAreas(Instant time, List<ZoneFreeArea> zones) {
        all.forEach(v -> v.freeAreas(time, zones));
    }

    @Override
    public void pageTypes(Instant time, List<PageTypes.Row> rows) {
        all.forEach(v -> v.pageTypes(time, rows));
    }
}
