package dev.physmem.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.jfr.events.EventNames;
import dev.physmem.jfr.read.ProcFile;
import dev.physmem.jfr.read.ProcSnapshot;
import dev.physmem.jfr.read.ProgressListener;
import dev.physmem.jfr.read.RecordingReader;
import dev.physmem.model.Mm;
import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.machine.Arch;
import dev.physmem.model.machine.ByteSize;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.testing.MemoryInvariants;
import dev.physmem.model.testing.TestMachines;
import dev.physmem.model.time.VirtualScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The /proc files rebuilt from a recording at a moment T print exactly what the live machine printed
 * at T: the machine goes through phases, each phase's files are rendered by the model and snapshotted,
 * a marker event records the moment, and the reader is asked for that moment.
 */
class ProcRebuildTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"1g,x86_64,1,2", "4g,x86_64,2,4", "6g,arm64,1,2"})
    void everyProcFileRebuiltAtAMomentEqualsWhatTheMachinePrintedThen(String ram, String arch, int nodes, int cpus)
            throws Exception {
        TestMachines.Booted b = TestMachines.boot(MachineConfig.defaults().withRam(ByteSize.parse(ram))
                .withArch(Arch.parse(arch)).withNodes(nodes).withCpus(cpus), PhysmemJfr.tracepoints());
        Machine m = b.machine();
        List<Map<ProcFile, String>> phases = new ArrayList<>();
        Path file = dir.resolve("phases.jfr");
        try (Recording r = new Recording(PhysmemJfr.configuration(PhysmemJfr.DEFAULT))) {
            r.enable(PhaseMarker.class);
            r.start();
            for (int phase = 0; phase < 4; phase++) {
                drive(m, b.clock(), phase);
                MemoryInvariants.check(m);
                phases.add(ProcTexts.render(m));
                PhysmemJfr.commitSnapshots(m);
                PhaseMarker.mark(phase);
            }
            r.stop();
            r.dump(file);
        }
        Map<Integer, Instant> marks = markers(file);
        try (RecordingReader reader = RecordingReader.open(file)) {
            for (int phase = 0; phase < phases.size(); phase++) {
                ProcSnapshot s = reader.snapshotAt(marks.get(phase), ProgressListener.NONE);
                for (ProcFile f : ProcFile.values()) {
                    assertThat(s.text(f)).as("phase %d, %s", phase, f.procName).isEqualTo(phases.get(phase).get(f));
                    assertThat(s.time(f)).isBeforeOrEqualTo(marks.get(phase));
                }
            }
            ProcSnapshot end = reader.snapshotAtEnd(ProgressListener.NONE);
            for (ProcFile f : ProcFile.values()) {
                assertThat(end.text(f)).as("end, %s", f.procName).isEqualTo(phases.get(phases.size() - 1).get(f));
            }
            Duration sinceStart = Duration.between(reader.start(), marks.get(1));
            assertThat(reader.snapshotAt(sinceStart, ProgressListener.NONE).text(ProcFile.BUDDYINFO))
                    .isEqualTo(phases.get(1).get(ProcFile.BUDDYINFO));
        }
    }

    /**
     * The machine's state in four steps: as booted; after allocations of every order and migrate type
     * plus 2 MiB hugetlb pages; after freeing half, a watermark change and two seconds of vmstat work;
     * after more allocations on the other CPU.
     */
    private static void drive(Machine m, VirtualScheduler clock, int phase) {
        if (phase == 0) {
            return;
        }
        if (phase == 1) {
            m.sysctl.set("vm.nr_hugepages", 4, "test");
            for (int i = 0; i < 400; i++) {
                HELD.computeIfAbsent(m, k -> new ArrayList<>())
                        .add(alloc(m, i % 3 == 0 ? Gfp.GFP_KERNEL : Gfp.GFP_HIGHUSER_MOVABLE, i % 4));
            }
        } else if (phase == 2) {
            List<int[]> held = HELD.get(m);
            for (int i = 0; i < held.size(); i += 2) {
                m.pageAlloc.freePages(held.get(i)[0], held.get(i)[1]);
                held.set(i, null);
            }
            held.removeIf(h -> h == null);
            m.sysctl.set("vm.min_free_kbytes", m.sysctl.getLong("min_free_kbytes") + 1024, "test");
            clock.advance(2_000_000_000L);
        } else {
            m.cpus.bind(m.cpus.count() - 1);
            for (int i = 0; i < 100; i++) {
                HELD.get(m).add(alloc(m, Gfp.GFP_KERNEL | Gfp.__GFP_RECLAIMABLE, i % 2));
            }
            m.cpus.bind(0);
        }
    }

    private static final Map<Machine, List<int[]>> HELD = new HashMap<>();

    private static int[] alloc(Machine m, int gfp, int order) {
        int pfn = m.pageAlloc.allocPages(gfp, order);
        assertThat(pfn).isNotEqualTo(MemMap.NONE);
        return new int[] {pfn, order};
    }

    private static Map<Integer, Instant> markers(Path file) throws Exception {
        Map<Integer, Instant> marks = new HashMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getEventType().getName().equals("test.PhaseMarker")) {
                marks.put(e.getInt("phase"), e.getStartTime());
            }
        }
        return marks;
    }

    /**
     * The same through JFR's periodic hooks (every 200 ms here): after the machine changes, two captures
     * of each file are awaited (the second surely started after the change), and the moment after them
     * must rebuild to the changed machine.
     */
    @Test
    void periodicSnapshotsRebuildTheFilesOfTheirMoment() throws Exception {
        TestMachines.Booted b = TestMachines.boot(MachineConfig.defaults().withRam(Mm.PAGE_SIZE * 262144L),
                PhysmemJfr.tracepoints());
        Machine m = b.machine();
        PhysmemJfr.registerPeriodicEvents(m);
        Map<String, String> settings = new HashMap<>(PhysmemJfr.configuration(PhysmemJfr.DEFAULT).getSettings());
        for (String name : List.of(EventNames.MEM_INFO, EventNames.VM_STAT, EventNames.ZONE_INFO,
                EventNames.BUDDY_INFO, EventNames.PAGE_TYPES)) {
            settings.put(name + "#period", "200 ms");
        }
        Path file = dir.resolve("periodic.jfr");
        List<Map<ProcFile, String>> phases = new ArrayList<>();
        Map<String, AtomicLong> seenAfterChange = new HashMap<>();
        AtomicLong changeMark = new AtomicLong(Long.MAX_VALUE);
        try (RecordingStream rs = new RecordingStream()) {
            rs.setSettings(settings);
            rs.enable(PhaseMarker.class);
            for (String name : List.of(EventNames.MEM_INFO, EventNames.VM_STAT, EventNames.ZONE_INFO,
                    EventNames.BUDDY_INFO, EventNames.PAGE_TYPES)) {
                AtomicLong seen = new AtomicLong();
                seenAfterChange.put(name, seen);
                rs.onEvent(name, e -> {
                    if (nanos(e.getStartTime()) > changeMark.get()) {
                        seen.incrementAndGet();
                    }
                });
            }
            rs.onEvent("test.PhaseMarker", e -> {
                if (e.getInt("phase") < 0) {
                    changeMark.set(nanos(e.getStartTime()));
                }
            });
            rs.startAsync();
            for (int phase = 0; phase < 2; phase++) {
                if (phase == 1) {
                    for (int i = 0; i < 300; i++) {
                        alloc(m, Gfp.GFP_HIGHUSER_MOVABLE, i % 4);
                    }
                }
                phases.add(ProcTexts.render(m));
                seenAfterChange.values().forEach(c -> c.set(0));
                changeMark.set(Long.MAX_VALUE);
                PhaseMarker.mark(-1 - phase);
                awaitCaptures(seenAfterChange, 2);
                PhaseMarker.mark(phase);
            }
            rs.dump(file);
        } finally {
            PhysmemJfr.unregisterPeriodicEvents(m);
        }
        Map<Integer, Instant> marks = markers(file);
        try (RecordingReader reader = RecordingReader.open(file)) {
            for (int phase = 0; phase < phases.size(); phase++) {
                ProcSnapshot s = reader.snapshotAt(marks.get(phase), ProgressListener.NONE);
                for (ProcFile f : ProcFile.values()) {
                    assertThat(s.text(f)).as("phase %d, %s", phase, f.procName).isEqualTo(phases.get(phase).get(f));
                }
            }
        }
        assertThat(Files.size(file)).isPositive();
    }

    /** Waits (up to a minute: this machine is shared) until every kind was captured {@code n} times. */
    private static void awaitCaptures(Map<String, AtomicLong> seen, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (seen.values().stream().anyMatch(c -> c.get() < n)) {
            assertThat(System.nanoTime()).as("periodic captures seen: %s", seen).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
