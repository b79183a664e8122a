package dev.physmem.jfr.snapshot;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.AnnotationElement;
import jdk.jfr.Event;
import jdk.jfr.EventFactory;
import jdk.jfr.EventType;
import jdk.jfr.ValueDescriptor;

/** An {@link EventFactory} event type and the position of each of its fields, by name. */
public final class DynamicEventType {
    private final EventFactory factory;
    private final Class<? extends Event> eventClass;
    private final Map<String, Integer> index = new HashMap<>();

    DynamicEventType(List<AnnotationElement> annotations, List<ValueDescriptor> fields) {
        this.factory = EventFactory.create(annotations, fields);
        this.eventClass = factory.newEvent().getClass();
        for (int i = 0; i < fields.size(); i++) {
            index.put(fields.get(i).getName(), i);
        }
    }

    public EventType eventType() {
        return factory.getEventType();
    }

    /** The generated class, for {@code FlightRecorder.addPeriodicEvent}. */
    public Class<? extends Event> eventClass() {
        return eventClass;
    }

    Event newEvent() {
        return factory.newEvent();
    }

    /** The argument of {@link Event#set} for a field. */
    int index(String field) {
        Integer i = index.get(field);
        if (i == null) {
            throw new IllegalArgumentException("no field " + field + " in " + eventType().getName());
        }
        return i;
    }
}
