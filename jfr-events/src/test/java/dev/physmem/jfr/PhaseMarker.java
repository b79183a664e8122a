package dev.physmem.jfr;

import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A test's own event marking a moment of the recording: "phase N of the scenario is in place". */
@Name("test.PhaseMarker")
@Label("Phase Marker")
@StackTrace(false)
final class PhaseMarker extends Event {
    @Label("Phase")
    int phase;

    static void mark(int phase) {
        PhaseMarker m = new PhaseMarker();
        m.phase = phase;
        m.commit();
    }
}
