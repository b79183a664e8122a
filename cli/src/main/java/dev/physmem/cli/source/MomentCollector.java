package dev.physmem.cli.source;

import dev.physmem.cli.CliException;
import dev.physmem.jfr.read.RecordingVisitor;
import dev.physmem.model.proc.MemInfoSnapshot;
import dev.physmem.model.proc.PageTypes;
import dev.physmem.model.proc.VmStatSnapshot;
import dev.physmem.model.proc.ZoneFreeArea;
import dev.physmem.model.proc.ZoneInfoSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Keeps, during a pass, each /proc file's last snapshot at or before a moment. */
public final class MomentCollector implements RecordingVisitor {
    private final Instant start;
    private final Instant limit;
    private Instant memTime;
    private MemInfoSnapshot mem;
    private Instant vmTime;
    private VmStatSnapshot vm;
    private Instant zoneTime;
    private List<ZoneInfoSnapshot> zones;
    private Instant freeTime;
    private List<ZoneFreeArea> free;
    private Instant typesTime;
    private List<PageTypes.Row> types;

    public MomentCollector(Instant start, Moment at) {
        this.start = start;
        this.limit = at.isEnd() ? Instant.MAX : start.plusNanos((long) (at.seconds() * 1e9));
    }

    @Override
    public Set<String> eventNames() {
        return Set.of();
    }

    private boolean better(Instant candidate, Instant current) {
        return !candidate.isAfter(limit) && (current == null || !candidate.isBefore(current));
    }

    @Override
    public void memInfo(Instant time, MemInfoSnapshot s) {
        if (better(time, memTime)) {
            memTime = time;
            mem = s;
        }
    }

    @Override
    public void vmStat(Instant time, VmStatSnapshot s) {
        if (better(time, vmTime)) {
            vmTime = time;
            vm = s;
        }
    }

    @Override
    public void zoneInfo(Instant time, List<ZoneInfoSnapshot> z) {
        if (better(time, zoneTime)) {
            zoneTime = time;
            zones = z;
        }
    }

    @Override
    public void freeAreas(Instant time, List<ZoneFreeArea> z) {
        if (better(time, freeTime)) {
            freeTime = time;
            free = z;
        }
    }

    @Override
    public void pageTypes(Instant time, List<PageTypes.Row> rows) {
        if (better(time, typesTime)) {
            typesTime = time;
            types = rows;
        }
    }

    /** The snapshot; a usage error if the moment precedes the recording's first snapshots. */
    public ProcSnapshot snapshot(String source) {
        if (mem == null || vm == null || zones == null || free == null) {
            throw CliException.usage(source + " has no /proc snapshot at or before the time asked for");
        }
        return new ProcSnapshot(Duration.between(start, memTime).toNanos() / 1e9, mem, vm, zones, free, types);
    }
}
