package dev.physmem.jfr.read;

import dev.physmem.model.proc.BuddyInfo;
import dev.physmem.model.proc.MemInfo;
import dev.physmem.model.proc.MemInfoSnapshot;
import dev.physmem.model.proc.PageTypeInfo;
import dev.physmem.model.proc.PageTypes;
import dev.physmem.model.proc.VmStatFile;
import dev.physmem.model.proc.VmStatSnapshot;
import dev.physmem.model.proc.ZoneFreeArea;
import dev.physmem.model.proc.ZoneInfo;
import dev.physmem.model.proc.ZoneInfoSnapshot;
import java.time.Instant;
import java.util.List;

/**
 * The /proc files at one moment of a recording: for each file the last snapshot taken at or before
 * that moment (null where the recording has none), and when it was taken.
 */
public record ProcSnapshot(Instant at,
                           MemInfoSnapshot memInfo, Instant memInfoTime,
                           VmStatSnapshot vmStat, Instant vmStatTime,
                           List<ZoneInfoSnapshot> zoneInfo, Instant zoneInfoTime,
                           List<ZoneFreeArea> freeAreas, Instant freeAreasTime,
                           List<PageTypes.Row> pageTypes, Instant pageTypesTime) {

    /** When the snapshot behind {@code file} was taken, or null if there is none. */
    public Instant time(ProcFile file) {
        switch (file) {
            case MEMINFO: return memInfoTime;
            case VMSTAT: return vmStatTime;
            case ZONEINFO: return zoneInfoTime;
            case BUDDYINFO:
            case PAGETYPEINFO: return freeAreasTime;
            case PAGE_TYPES: return pageTypesTime;
            default: throw new IllegalArgumentException(file.toString());
        }
    }

    public boolean has(ProcFile file) {
        return time(file) != null;
    }

    /**
     * The file's text, by the model's own renderer.
     *
     * @throws RecordingException ({@code NOT_IN_RECORDING}) if the recording has no snapshot for it
     */
    public String text(ProcFile file) throws RecordingException {
        if (!has(file)) {
            String event = SnapshotKind.of(file).eventNames[0];
            throw new RecordingException(RecordingException.Kind.NOT_IN_RECORDING, "the recording has no "
                    + file.procName + " snapshot at or before that time (" + event + " was not recorded then)");
        }
        switch (file) {
            case MEMINFO: return MemInfo.render(memInfo);
            case VMSTAT: return VmStatFile.render(vmStat);
            case ZONEINFO: return ZoneInfo.render(zoneInfo);
            case BUDDYINFO: return BuddyInfo.render(freeAreas);
            case PAGETYPEINFO: return PageTypeInfo.render(freeAreas);
            case PAGE_TYPES: return PageTypes.render(pageTypes);
            default: throw new IllegalArgumentException(file.toString());
        }
    }
}
