package dev.physmem.jfr.read;

import dev.physmem.model.proc.MemInfoSnapshot;
import dev.physmem.model.proc.PageTypes;
import dev.physmem.model.proc.VmStatSnapshot;
import dev.physmem.model.proc.ZoneFreeArea;
import dev.physmem.model.proc.ZoneInfoSnapshot;
import java.time.Instant;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;

/**
 * What {@link RecordingReader#read} hands over while it streams a recording. Events arrive in file
 * order: chunk by chunk, and within a chunk each thread's events in the order it committed them, so
 * times are not strictly increasing. Each snapshot callback fires once per capture, for the
 * captures of each thread in order. Nothing handed over may be kept past the callback unless copied:
 * the reader keeps memory flat by letting go of everything it has passed on.
 */
public interface RecordingVisitor {
    /** Every physmem event ({@code dev.physmem.*}), snapshot rows included. */
    default void event(RecordedEvent event) {}

    default void memInfo(Instant time, MemInfoSnapshot snapshot) {}

    default void vmStat(Instant time, VmStatSnapshot snapshot) {}

    /** Every zone of every node, as /proc/zoneinfo lists them. */
    default void zoneInfo(Instant time, List<ZoneInfoSnapshot> zones) {}

    /** The populated zones' free lists, from which /proc/buddyinfo and /proc/pagetypeinfo are printed. */
    default void freeAreas(Instant time, List<ZoneFreeArea> zones) {}

    default void pageTypes(Instant time, List<PageTypes.Row> rows) {}
}
