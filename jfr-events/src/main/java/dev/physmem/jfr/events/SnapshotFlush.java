package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * Marks the round of /proc snapshots taken as a chunk ends (and so as a recording stops, even from JFR's
 * own shutdown hook): the last state of a recording is always in it.
 */
@Name(EventNames.SNAPSHOT_FLUSH)
@Label("Snapshot Flush")
@Description("The /proc snapshots were taken once more as the recording's chunk ended, so its end shows the "
        + "final state.")
@Category({Categories.LINUX_MEMORY, Categories.SNAPSHOTS})
@StackTrace(false)
@Period("endChunk")
public final class SnapshotFlush extends Event {
}
