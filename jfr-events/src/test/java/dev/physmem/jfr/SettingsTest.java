package dev.physmem.jfr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.jfr.events.EventNames;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.testing.TestMachines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.SettingDescriptor;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    /** One event per page frame or per folio: off in the default settings, on in the detailed ones. */
    static final Set<String> PER_PAGE = Set.of(EventNames.PAGE_ALLOC, EventNames.PAGE_FREE, EventNames.PAGE_CACHE_ADD,
            EventNames.PAGE_CACHE_DELETE, EventNames.FOLIO_DIRTY, EventNames.FOLIO_WRITEBACK,
            EventNames.RECLAIM_WRITE_FOLIO);
    /** One event per I/O or per check of the dirty limits: off by default too. */
    static final Set<String> PER_IO = Set.of(EventNames.DMA_MAP, EventNames.DMA_UNMAP, EventNames.DMA_MAP_SG,
            EventNames.DMA_UNMAP_SG, EventNames.DMA_SYNC, EventNames.SWIOTLB_BOUNCE, EventNames.DIRTY_STATE);

    @TempDir
    Path dir;
    static Set<String> physmemEvents = new TreeSet<>();

    @BeforeAll
    static void registerEveryType() {
        EveryEventScenario.shared();
        for (EventType t : FlightRecorder.getFlightRecorder().getEventTypes()) {
            if (t.getName().startsWith(EventNames.PREFIX)) {
                physmemEvents.add(t.getName());
            }
        }
    }

    /** The JDK's I/O events, which the default settings turn off. */
    static final Set<String> JDK_IO = Set.of("jdk.FileRead", "jdk.FileWrite", "jdk.SocketRead", "jdk.SocketWrite");

    @Test
    void bothSettingsNameEveryPhysmemEventAndTheDefaultOnesTurnTheJdksIoEventsOff() {
        Set<String> detailed = new TreeSet<>();
        PhysmemJfr.configuration(PhysmemJfr.DETAILED).getSettings().keySet().forEach(k -> detailed.add(k.substring(0, k.indexOf('#'))));
        assertThat(detailed).isEqualTo(physmemEvents);
        Map<String, String> def = PhysmemJfr.configuration(PhysmemJfr.DEFAULT).getSettings();
        Set<String> named = new TreeSet<>();
        def.keySet().forEach(k -> named.add(k.substring(0, k.indexOf('#'))));
        Set<String> expected = new TreeSet<>(physmemEvents);
        expected.addAll(JDK_IO);
        assertThat(named).isEqualTo(expected);
        for (String e : JDK_IO) {
            assertThat(def).containsEntry(e + "#enabled", "false");
        }
    }

    @Test
    void perPageAndPerIoEventsAreOffByDefaultAndOnWhenDetailed() {
        Map<String, String> def = PhysmemJfr.configuration(PhysmemJfr.DEFAULT).getSettings();
        Map<String, String> detailed = PhysmemJfr.configuration(PhysmemJfr.DETAILED).getSettings();
        for (String e : physmemEvents) {
            boolean off = PER_PAGE.contains(e) || PER_IO.contains(e);
            assertThat(def.get(e + "#enabled")).as(e).isEqualTo(off ? "false" : "true");
            assertThat(detailed.get(e + "#enabled")).as(e).isEqualTo("true");
            if (PER_PAGE.contains(e)) {
                assertThat(def.get(e + "#stackTrace")).isEqualTo("false");
                assertThat(detailed.get(e + "#stackTrace")).isEqualTo("false");
            }
        }
        for (String snapshot : List.of(EventNames.MEM_INFO, EventNames.VM_STAT, EventNames.ZONE_INFO,
                EventNames.BUDDY_INFO)) {
            assertThat(def.get(snapshot + "#period")).isEqualTo("1 s");
        }
        assertThat(def.get(EventNames.MACHINE_CONFIG + "#period")).isEqualTo("beginChunk");
        assertThat(def.get(EventNames.SHRINK_INACTIVE + "#ratelimit")).isEqualTo("100/s");
        assertThat(detailed.get(EventNames.SHRINK_INACTIVE + "#ratelimit")).isEqualTo("off");
    }

    /** A recording with the JDK's settings only gets what physmem's default settings give. */
    @Test
    void theEventClassesDefaultsAreTheDefaultSettings() {
        Map<String, String> def = PhysmemJfr.configuration(PhysmemJfr.DEFAULT).getSettings();
        for (EventType t : FlightRecorder.getFlightRecorder().getEventTypes()) {
            if (!t.getName().startsWith(EventNames.PREFIX)) {
                continue;
            }
            for (SettingDescriptor s : t.getSettingDescriptors()) {
                String key = t.getName() + "#" + s.getName();
                if (s.getName().equals("enabled") || s.getName().equals("stackTrace")) {
                    assertThat(s.getDefaultValue()).as(key).isEqualTo(def.get(key));
                }
            }
        }
    }

    @Test
    void aJfcFileByPathAndOneThatCannotBeUsed() throws Exception {
        Path jfc = Files.writeString(dir.resolve("mine.jfc"), PhysmemJfr.jfcText(PhysmemJfr.DETAILED));
        assertThat(PhysmemJfr.configuration(jfc.toString()).getSettings())
                .isEqualTo(PhysmemJfr.configuration(PhysmemJfr.DETAILED).getSettings());
        Path missing = dir.resolve("missing.jfc");
        assertThatThrownBy(() -> PhysmemJfr.configuration(missing.toString())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(missing + ": no such file (settings are default, detailed or a .jfc file)");
        Path broken = Files.writeString(dir.resolve("broken.jfc"), "<configuration");
        assertThatThrownBy(() -> PhysmemJfr.configuration(broken.toString()))
                .hasMessageStartingWith(broken + ": not a readable .jfc file (");
    }

    @Test
    void recordingSettingsAreTheJdksDefaultWithPhysmemsOnTop() {
        Map<String, String> s = PhysmemJfr.recordingSettings(PhysmemJfr.DEFAULT);
        assertThat(s).containsEntry("jdk.GarbageCollection#enabled", "true")
                .containsEntry("jdk.FileWrite#enabled", "false")
                .containsEntry("jdk.FileWrite#threshold", "20 ms")
                .containsEntry(EventNames.PAGE_ALLOC + "#enabled", "false")
                .containsEntry(EventNames.MEM_INFO + "#period", "1 s");
    }

    /** 5/h lets exactly five through in this test's hour, as ___ratelimit's burst does; off lets all. */
    @Test
    void theRatelimitSettingCapsAnEventOnJdk17And25Alike() throws Exception {
        Machine m = TestMachines.boot(MachineConfig.defaults().withRam(256L << 20), PhysmemJfr.tracepoints()).machine();
        assertThat(count(m, "5/h")).isEqualTo(5);
        assertThat(count(m, "off")).isEqualTo(50);
    }

    private long count(Machine m, String ratelimit) throws Exception {
        Path file = Files.createTempFile(dir, "ratelimit", ".jfr");
        try (Recording r = new Recording()) {
            r.enable(EventNames.SHRINK_INACTIVE).with("ratelimit", ratelimit);
            r.start();
            for (int i = 0; i < 50; i++) {
                m.trace.mmVmscanLruShrinkInactive(0, 32, 16, 0, 0, 0, 0, 0, 0, 12, true);
            }
            r.stop();
            r.dump(file);
        }
        return RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(EventNames.SHRINK_INACTIVE)).count();
    }
}
