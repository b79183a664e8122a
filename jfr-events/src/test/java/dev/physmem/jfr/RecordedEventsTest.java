package dev.physmem.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.jfr.events.EventNames;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

class RecordedEventsTest {

    @Test
    void everyEventOfTheScenarioIsRecordedWithItsFieldValues() throws IOException {
        EveryEventScenario s = EveryEventScenario.shared();
        List<RecordedEvent> events = RecordingFile.readAllEvents(s.recording);
        for (Expected want : s.expected) {
            assertThat(events.stream().anyMatch(want::matches))
                    .as("%s %s\n%s", want.name(), want.fields(), want.closest(events)).isTrue();
        }
    }

    @Test
    void everyPhysmemEventTypeIsInTheRecording() throws IOException {
        EveryEventScenario s = EveryEventScenario.shared();
        Set<String> registered = new TreeSet<>();
        for (EventType t : FlightRecorder.getFlightRecorder().getEventTypes()) {
            if (t.getName().startsWith(EventNames.PREFIX)) {
                registered.add(t.getName());
            }
        }
        Set<String> recorded = new TreeSet<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(s.recording)) {
            recorded.add(e.getEventType().getName());
        }
        Set<String> expected = new TreeSet<>();
        s.expected.forEach(x -> expected.add(x.name()));
        assertThat(registered).isEqualTo(EventNames.all());
        assertThat(recorded).containsAll(registered);
        assertThat(expected).as("the scenario checks the field values of every event type").isEqualTo(registered);
    }

    @Test
    void dirtyThrottlingIsRecordedOnlyWhenTheWriterIsPaused() throws IOException {
        EveryEventScenario s = EveryEventScenario.shared();
        long throttles = RecordingFile.readAllEvents(s.recording).stream()
                .filter(e -> e.getEventType().getName().equals(EventNames.DIRTY_THROTTLE)).count();
        assertThat(throttles).isEqualTo(1);
    }

    @Test
    void durationEventsSpanFromTheirBeginTracepointToTheirEnd() throws IOException {
        EveryEventScenario s = EveryEventScenario.shared();
        // The scenario sleeps 2 ms between each begin tracepoint and its end. The machine's own work (the
        // allocation failure's reclaim, kswapd) may record shorter events of the same types beside them.
        List<RecordedEvent> events = RecordingFile.readAllEvents(s.recording);
        for (String name : List.of(EventNames.WRITEBACK, EventNames.KSWAPD_SLEEP, EventNames.DIRECT_RECLAIM)) {
            List<Duration> durations = events.stream().filter(x -> x.getEventType().getName().equals(name))
                    .map(RecordedEvent::getDuration).toList();
            assertThat(durations).as(name).anyMatch(d -> d.compareTo(Duration.ofMillis(2)) >= 0);
        }
    }

    @Test
    void workloadEventsCarryTheThreadThatDidTheIo() throws IOException {
        EveryEventScenario s = EveryEventScenario.shared();
        RecordedEvent write = RecordingFile.readAllEvents(s.recording).stream()
                .filter(x -> x.getEventType().getName().equals(EventNames.FILE_WRITE)).findFirst().orElseThrow();
        assertThat(write.getThread().getJavaName()).isEqualTo(Thread.currentThread().getName());
        assertThat(write.getThread("thread").getJavaName()).isEqualTo(Thread.currentThread().getName());
    }
}
