package dev.physmem.jfr.read;

import dev.physmem.jfr.events.EventNames;
import java.time.Instant;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;

/** The rows of one capture as recorded, decoded only when someone wants the snapshot. */
record RawSnapshot(SnapshotKind kind, Instant time, List<RecordedEvent> rows) {

    /**
     * What every capture of one machine has in common: the rows of each event type, and for page-types
     * the pages counted (every online page frame). A capture cut short by the end of a recording differs.
     */
    String shape() {
        if (kind == SnapshotKind.PAGE_TYPES) {
            long pages = 0;
            for (RecordedEvent e : rows) {
                pages += e.getLong("pages");
            }
            return "pages=" + pages;
        }
        StringBuilder sb = new StringBuilder();
        for (String name : kind.eventNames) {
            int n = 0;
            for (RecordedEvent e : rows) {
                if (e.getEventType().getName().equals(name)) {
                    n++;
                }
            }
            sb.append(name.substring(EventNames.PREFIX.length())).append('=').append(n).append(' ');
        }
        return sb.toString();
    }
}
