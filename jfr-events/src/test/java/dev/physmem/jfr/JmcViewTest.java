package dev.physmem.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.jfr.events.EventNames;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import jdk.jfr.DataAmount;
import jdk.jfr.EventType;
import jdk.jfr.Timespan;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openjdk.jmc.common.IDisplayable;
import org.openjdk.jmc.common.item.IAccessorKey;
import org.openjdk.jmc.common.item.IItem;
import org.openjdk.jmc.common.item.IMemberAccessor;
import org.openjdk.jmc.common.item.IType;
import org.openjdk.jmc.common.unit.ContentType;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.flightrecorder.internal.EventArray;
import org.openjdk.jmc.flightrecorder.internal.EventArrays;
import org.openjdk.jmc.flightrecorder.internal.FlightRecordingLoader;

/**
 * The scenario's recording as JDK Mission Control 9.1.2 sees it, through its own parser: the event
 * arrays its Event Browser is built from carry each event's label, description and category path, and
 * each field's label and content type (what decides "16 KiB" rather than "16384").
 */
class JmcViewTest {
    private static List<EventType> physmemTypes;
    /** JMC keeps the events of one type in several arrays (one per chunk); the first names the type. */
    private static Map<String, List<EventArray>> jmcArrays;

    @BeforeAll
    static void load() throws Exception {
        EveryEventScenario s = EveryEventScenario.shared();
        try (RecordingFile f = new RecordingFile(s.recording)) {
            physmemTypes = f.readEventTypes().stream().filter(t -> t.getName().startsWith(EventNames.PREFIX))
                    .toList();
        }
        EventArrays arrays;
        try (InputStream in = Files.newInputStream(s.recording)) {
            arrays = FlightRecordingLoader.loadStream(in, false, false);
        }
        jmcArrays = new HashMap<>();
        for (EventArray a : arrays.getArrays()) {
            jmcArrays.computeIfAbsent(a.getType().getIdentifier(), k -> new ArrayList<>()).add(a);
        }
    }

    @Test
    void everyPhysmemEventTypeHasItsLabelDescriptionAndCategoryPath() {
        assertThat(physmemTypes).hasSize(EventNames.all().size());
        for (EventType t : physmemTypes) {
            assertThat(jmcArrays.get(t.getName())).as(t.getName()).isNotNull();
            EventArray a = jmcArrays.get(t.getName()).get(0);
            assertThat(jmcArrays.get(t.getName()).stream().mapToInt(x -> x.getEvents().length).sum()).isPositive();
            assertThat(a.getType().getName()).isEqualTo(t.getLabel());
            // JMC appends the event name in brackets.
            assertThat(a.getType().getDescription()).startsWith(t.getDescription()).contains(t.getName());
            assertThat(t.getDescription()).endsWith(".");
            assertThat(a.getTypeCategory()).as(t.getName()).hasSize(2).startsWith("Linux Memory")
                    .containsExactlyElementsOf(t.getCategoryNames());
        }
    }

    @Test
    void everyFieldShowsWithItsLabelAndAUnitJmcRenders() {
        for (EventType t : physmemTypes) {
            IType<IItem> jmc = jmcArrays.get(t.getName()).get(0).getType();
            for (ValueDescriptor v : t.getFields()) {
                IAccessorKey<?> key = key(jmc, v.getName());
                assertThat(key).as("%s.%s", t.getName(), v.getName()).isNotNull();
                // The Event Browser names a column by the type's own description of the field.
                assertThat(jmc.getAccessorKeys().get(key).getName()).isEqualTo(v.getLabel());
                assertThat(key.getContentType()).as("%s.%s", t.getName(), v.getName()).isIn(expected(v));
            }
        }
    }

    /** The units JMC 9.1.2 gets wrong are never used: @Unsigned, bits, microseconds. */
    @Test
    void noFieldUsesAUnitJmcMisrenders() {
        for (EventType t : physmemTypes) {
            for (ValueDescriptor v : t.getFields()) {
                assertThat(v.getAnnotation(jdk.jfr.Unsigned.class)).as("%s.%s", t.getName(), v.getName()).isNull();
                DataAmount d = v.getAnnotation(DataAmount.class);
                assertThat(d == null ? DataAmount.BYTES : d.value()).as("%s.%s", t.getName(), v.getName())
                        .isEqualTo(DataAmount.BYTES);
                Timespan ts = v.getAnnotation(Timespan.class);
                // TICKS only on JFR's own duration field.
                assertThat(ts == null ? Timespan.NANOSECONDS : ts.value()).as("%s.%s", t.getName(), v.getName())
                        .isIn(Timespan.NANOSECONDS, Timespan.MILLISECONDS,
                                v.getName().equals("duration") ? Timespan.TICKS : Timespan.NANOSECONDS);
            }
        }
    }

    @Test
    void quantitiesRenderAsAPersonReadsThem() {
        assertThat(display(EventNames.PAGE_ALLOC, "size")).contains("16 KiB");
        assertThat(display(EventNames.DIRTY_THROTTLE, "pause")).containsExactly("20 ms");
        assertThat(display(EventNames.WRITEBACK, "size")).containsExactly("1 MiB");
        assertThat(display(EventNames.DMA_ALLOC, "dmaAddr")).singleElement().asString().isEqualToIgnoringCase("0x01000000");
        assertThat(display(EventNames.MACHINE_CONFIG, "ram")).contains("1 GiB");
    }

    /** The field of every event of the type, as JMC displays it. */
    private static Set<String> display(String event, String field) {
        Set<String> shown = new TreeSet<>();
        for (EventArray a : jmcArrays.get(event)) {
            IMemberAccessor<?, IItem> acc = a.getType().getAccessor(key(a.getType(), field));
            for (IItem item : a.getEvents()) {
                shown.add(((IQuantity) acc.getMember(item)).displayUsing(IDisplayable.AUTO).replace('\u00a0', ' '));
            }
        }
        return shown;
    }

    private static IAccessorKey<?> key(IType<IItem> type, String id) {
        for (IAccessorKey<?> k : type.getAccessorKeys().keySet()) {
            if (k.getIdentifier().equals(id)) {
                return k;
            }
        }
        return null;
    }

    private static List<ContentType<?>> expected(ValueDescriptor v) {
        String ct = v.getContentType();
        if (ct != null) {
            switch (ct) {
                case "jdk.jfr.DataAmount": return List.of(UnitLookup.MEMORY);
                case "jdk.jfr.Timespan": return List.of(UnitLookup.TIMESPAN);
                case "jdk.jfr.Timestamp": return List.of(UnitLookup.TIMESTAMP);
                case "jdk.jfr.MemoryAddress": return List.of(UnitLookup.ADDRESS);
                case "jdk.jfr.Percentage": return List.of(UnitLookup.PERCENTAGE);
                case "jdk.jfr.Frequency": return List.of(UnitLookup.FREQUENCY);
                default: throw new AssertionError(v.getName() + ": unexpected content type " + ct);
            }
        }
        switch (v.getTypeName()) {
            case "java.lang.String": return List.of(UnitLookup.PLAIN_TEXT);
            case "boolean": return List.of(UnitLookup.FLAG);
            case "java.lang.Thread": return List.of(UnitLookup.THREAD);
            case "jdk.types.StackTrace": return List.of(UnitLookup.STACKTRACE);
            default: return List.of(UnitLookup.NUMBER, UnitLookup.RAW_NUMBER, UnitLookup.RAW_LONG);
        }
    }
}
