package dev.physmem.jfr.read;

import dev.physmem.model.proc.MemInfoSnapshot;
import dev.physmem.model.proc.PageTypes;
import dev.physmem.model.proc.VmStatSnapshot;
import dev.physmem.model.proc.ZoneFreeArea;
import dev.physmem.model.proc.ZoneInfoSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;

/**
 * What {@link RecordingReader#read} hands over while it streams a recording. Events arrive in file
 * order: chunk by chunk, and within a chunk in the segments JFR wrote, so times are not strictly
 * increasing (sort by time what must be in order). Each snapshot callback fires once per complete
 * capture, when its last row has been read. An event may not be kept past its callback (read its
 * values there): the reader keeps memory flat by letting go of everything it has passed on.
 */
public interface RecordingVisitor {
    /**
     * The events {@link #event} wants. {@code null}, the default, means every physmem event, read in a
     * pass that parses every event of the recording and so notices damage inside a chunk. A set of
     * names (physmem's, or the JDK's own such as {@code jdk.GarbageCollection}) is read several times
     * faster: the other events are skipped without being parsed, which is also why damage among them
     * goes unnoticed. The snapshot callbacks work either way.
     */
    default Set<String> eventNames() {
        return null;
    }

    /** Every event asked for, snapshot rows included. */
    default void event(RecordedEvent event) {}

    default void memInfo(Instant time, MemInfoSnapshot snapshot) {}

    default void vmStat(Instant time, VmStatSnapshot snapshot) {}

    /** Every zone of every node, as /proc/zoneinfo lists them. */
    default void zoneInfo(Instant time, List<ZoneInfoSnapshot> zones) {}

    /** The populated zones' free lists, from which /proc/buddyinfo and /proc/pagetypeinfo are printed. */
    default void freeAreas(Instant time, List<ZoneFreeArea> zones) {}

    default void pageTypes(Instant time, List<PageTypes.Row> rows) {}
}
