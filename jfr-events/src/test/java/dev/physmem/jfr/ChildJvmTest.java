package dev.physmem.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.jfr.events.EventNames;
import dev.physmem.jfr.read.ProcFile;
import dev.physmem.jfr.read.ProcSnapshot;
import dev.physmem.jfr.read.ProgressListener;
import dev.physmem.jfr.read.RecordingReader;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Recordings made by other JVMs, as users make them: -XX:StartFlightRecording with the JDK's default
 * settings and the shipped physmem.jfc stacked on them, on this JDK and on JDK 25 when it is installed;
 * a JVM killed while recording, whose repository is all that is left; and a recording made here read
 * by a JDK 25 JVM.
 */
class ChildJvmTest {
    static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    @TempDir
    Path dir;

    static Stream<Path> jdks() {
        List<Path> homes = new ArrayList<>();
        homes.add(Path.of(System.getProperty("java.home")));
        if (Files.isExecutable(JDK25.resolve("bin/java"))) {
            homes.add(JDK25);
        }
        return homes.stream();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aRecordingMadeWithStartFlightRecordingAndPhysmemJfcRebuildsEveryPhase(Path javaHome) throws Exception {
        Path jfr = dir.resolve("app.jfr");
        Process p = start(javaHome, "filename=" + jfr, "exit");
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output(p)).isZero();
        Map<Integer, Instant> marks = markers(jfr);
        try (RecordingReader r = RecordingReader.open(jfr)) {
            for (int phase = 0; phase < 3; phase++) {
                ProcSnapshot s = r.snapshotAt(marks.get(phase), ProgressListener.NONE);
                for (ProcFile f : ProcFile.values()) {
                    assertThat(s.text(f)).as("%s phase %d %s", javaHome, phase, f.procName)
                            .isEqualTo(Files.readString(dir.resolve("phase-" + phase + "-" + f.procName)));
                }
            }
        }
        List<String> names = new ArrayList<>();
        RecordingFile.readAllEvents(jfr).forEach(e -> names.add(e.getEventType().getName()));
        assertThat(names).contains(EventNames.MACHINE_CONFIG, EventNames.ZONE_WATERMARKS, EventNames.ALLOC_EXTFRAG)
                .doesNotContain(EventNames.PAGE_ALLOC);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theRepositoryOfAKilledJvmIsReadUpToItsLastFlush(Path javaHome) throws Exception {
        Path repo = dir.resolve("repo");
        Process p = start(javaHome, "flush-interval=1s", "hang", "-XX:FlightRecorderOptions:repository=" + repo);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals("READY")) {
            // the JVM's own start-up lines
        }
        assertThat(line).isEqualTo("READY");
        // The flusher writes the recording to the repository every second: wait for two flushes.
        Thread.sleep(2500);
        p.destroyForcibly().waitFor();
        try (RecordingReader r = RecordingReader.open(repo)) {
            assertThat(r.skipped()).anyMatch(s -> s.contains("was still being written"));
            ProcSnapshot s = r.snapshotAtEnd(ProgressListener.NONE);
            for (ProcFile f : ProcFile.values()) {
                assertThat(s.text(f)).as("%s %s", javaHome, f.procName)
                        .isEqualTo(Files.readString(dir.resolve("phase-2-" + f.procName)));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aRecordingMadeHereIsReadTheSameByEachJdk(Path javaHome) throws Exception {
        Path jfr = EveryEventScenario.shared().recording;
        Map<ProcFile, String> here = new HashMap<>();
        try (RecordingReader r = RecordingReader.open(jfr)) {
            ProcSnapshot s = r.snapshotAtEnd(ProgressListener.NONE);
            for (ProcFile f : ProcFile.values()) {
                here.put(f, s.text(f));
            }
        }
        Process p = new ProcessBuilder(javaHome.resolve("bin/java").toString(), "-cp", classPath(),
                ReadRecording.class.getName(), jfr.toString(), dir.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output(p)).isZero();
        for (ProcFile f : ProcFile.values()) {
            assertThat(Files.readString(dir.resolve("end-" + f.procName))).as("%s %s", javaHome, f.procName)
                    .isEqualTo(here.get(f));
        }
    }

    private Process start(Path javaHome, String recordingOption, String mode, String... jvmOptions) throws Exception {
        Path jfc = Path.of(PhysmemJfr.class.getResource("physmem.jfc").toURI());
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin/java").toString());
        cmd.addAll(List.of(jvmOptions));
        cmd.add("-XX:StartFlightRecording:settings=default,settings=" + jfc + "," + recordingOption);
        cmd.addAll(List.of("-cp", classPath(), RecordingWorkload.class.getName(), mode, dir.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectErrorStream(true);
        return pb.start();
    }

    private static String classPath() {
        return System.getProperty("java.class.path").replace(File.pathSeparator + File.pathSeparator, File.pathSeparator);
    }

    private static String output(Process p) throws Exception {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
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
}
