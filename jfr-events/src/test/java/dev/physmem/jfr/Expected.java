package dev.physmem.jfr;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;

/** An event a scenario must have recorded: its name and the field values it must carry. */
record Expected(String name, Map<String, Object> fields) {

    static Expected event(String name, Object... keyValues) {
        Map<String, Object> f = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            f.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new Expected(name, f);
    }

    boolean matches(RecordedEvent e) {
        if (!e.getEventType().getName().equals(name)) {
            return false;
        }
        for (Map.Entry<String, Object> f : fields.entrySet()) {
            if (!e.hasField(f.getKey()) || !same(f.getValue(), e.getValue(f.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean same(Object want, Object got) {
        if (want instanceof Number && got instanceof Number) {
            return ((Number) want).longValue() == ((Number) got).longValue();
        }
        return want == null ? got == null : want.equals(got);
    }

    /** The closest event of this type, to say what differed when none matches. */
    String closest(List<RecordedEvent> events) {
        StringBuilder sb = new StringBuilder();
        for (RecordedEvent e : events) {
            if (e.getEventType().getName().equals(name)) {
                for (Map.Entry<String, Object> f : fields.entrySet()) {
                    Object got = e.hasField(f.getKey()) ? e.getValue(f.getKey()) : "<no such field>";
                    if (!same(f.getValue(), got)) {
                        sb.append(f.getKey()).append(": want ").append(f.getValue()).append(", got ").append(got)
                                .append("; ");
                    }
                }
                sb.append('\n');
            }
        }
        return sb.length() == 0 ? "no " + name + " event at all" : sb.toString();
    }
}
