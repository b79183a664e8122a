package dev.physmem.jfr.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.jfr.PhysmemJfr;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.proc.BuddyInfo;
import dev.physmem.model.proc.FreeAreas;
import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.testing.TestMachines;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged and wrong inputs give one-line errors of the documented kind, and a damaged recording gives
 * what is complete in it. The recording here has three chunks (another recording starting, then
 * stopping, makes JFR rotate), each holding the snapshots of one phase of the machine.
 */
class ReaderErrorsTest {
    @TempDir
    static Path dir;
    static Path recording;
    static List<String> buddyinfo = new ArrayList<>();
    static List<ChunkHeader> chunks;

    @BeforeAll
    static void threeChunks() throws Exception {
        Machine m = TestMachines.boot(MachineConfig.defaults().withRam(256L << 20), PhysmemJfr.tracepoints())
                .machine();
        recording = dir.resolve("three-chunks.jfr");
        try (Recording r = new Recording(PhysmemJfr.configuration(PhysmemJfr.DEFAULT));
             Recording rotate = new Recording()) {
            r.start();
            for (int phase = 0; phase < 3; phase++) {
                for (int i = 0; i < 50; i++) {
                    m.pageAlloc.allocPages(Gfp.GFP_KERNEL, phase);
                }
                buddyinfo.add(BuddyInfo.render(FreeAreas.capture(m)));
                PhysmemJfr.commitSnapshots(m);
                if (phase == 0) {
                    rotate.start();
                } else if (phase == 1) {
                    rotate.stop();
                }
            }
            r.stop();
            r.dump(recording);
        }
        chunks = RecordingPart.scan(recording).chunks;
    }

    @Test
    void theTestRecordingHasOneChunkPerPhase() {
        assertThat(chunks).hasSize(3);
    }

    @Test
    void aPathThatDoesNotExist() {
        Path p = dir.resolve("nope.jfr");
        assertThatThrownBy(() -> RecordingReader.open(p)).isInstanceOf(RecordingException.class)
                .hasMessage(p + ": no such file or directory")
                .extracting(e -> ((RecordingException) e).kind()).isEqualTo(RecordingException.Kind.NOT_FOUND);
    }

    @Test
    void aFileThatIsNotARecording() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.jfr"), "MemTotal: 1024 kB\n");
        Path empty = Files.createFile(dir.resolve("empty.jfr"));
        for (Path p : List.of(text, empty)) {
            assertThatThrownBy(() -> RecordingReader.open(p)).hasMessage(p + ": not a JFR recording")
                    .extracting(e -> ((RecordingException) e).kind()).isEqualTo(RecordingException.Kind.NOT_A_RECORDING);
        }
    }

    @Test
    void aRecordingCutInsideItsFirstChunkHasNothingToRead() throws IOException {
        Path cut = copyPrefix(chunks.get(0).size() / 2, "cut-first.jfr");
        assertThatThrownBy(() -> RecordingReader.open(cut))
                .hasMessageStartingWith(cut + ": no complete chunk to read: chunk 1 is cut off, ")
                .hasMessageEndingWith(" bytes present")
                .extracting(e -> ((RecordingException) e).kind()).isEqualTo(RecordingException.Kind.TRUNCATED);
    }

    @Test
    void aRecordingCutInsideALaterChunkGivesTheCompleteChunksAndSaysWhatWasSkipped() throws Exception {
        long at = chunks.get(0).size() + chunks.get(1).size() / 2;
        Path cut = copyPrefix(at, "cut-second.jfr");
        try (RecordingReader r = RecordingReader.open(cut)) {
            assertThat(r.skipped()).containsExactly(String.format(
                    "cut-second.jfr: chunk 2 is cut off, %d of %d bytes present (skipped)",
                    at - chunks.get(0).size(), chunks.get(1).size()));
            assertThat(r.snapshotAtEnd(ProgressListener.NONE).text(ProcFile.BUDDYINFO)).isEqualTo(buddyinfo.get(0));
        }
    }

    @Test
    void aRecordingCutAtAChunkBoundaryIsACompleteShorterRecording() throws Exception {
        Path cut = copyPrefix(chunks.get(0).size() + chunks.get(1).size(), "two-chunks.jfr");
        try (RecordingReader r = RecordingReader.open(cut)) {
            assertThat(r.skipped()).isEmpty();
            assertThat(r.snapshotAtEnd(ProgressListener.NONE).text(ProcFile.BUDDYINFO)).isEqualTo(buddyinfo.get(1));
        }
    }

    @Test
    void garbageInsideAChunkIsReportedAndTheChunksBeforeItAreRead() throws Exception {
        Path bad = copyPrefix(Files.size(recording), "corrupt.jfr");
        ChunkHeader second = chunks.get(1);
        long from = second.position() + ChunkHeader.SIZE;
        overwrite(bad, from, (int) Math.min(4096, second.metadataOffset() - ChunkHeader.SIZE));
        try (RecordingReader r = RecordingReader.open(bad)) {
            ReadSummary s = r.read(new RecordingVisitor() {}, ProgressListener.NONE);
            assertThat(s.skipped()).singleElement().asString().startsWith("corrupt.jfr: corrupt after ")
                    .endsWith("; skipped the rest of it");
            assertThat(r.snapshotAtEnd(ProgressListener.NONE).text(ProcFile.BUDDYINFO)).isEqualTo(buddyinfo.get(0));
        }
    }

    @Test
    void aFileThatOnlyStartsLikeARecordingIsCorrupt() throws Exception {
        Path bad = copyPrefix(Files.size(recording), "garbage.jfr");
        overwrite(bad, ChunkHeader.SIZE, (int) (Files.size(bad) - ChunkHeader.SIZE));
        try (RecordingReader r = RecordingReader.open(bad)) {
            assertThatThrownBy(() -> r.read(new RecordingVisitor() {}, ProgressListener.NONE))
                    .hasMessageStartingWith(bad + " is corrupt: garbage.jfr: corrupt")
                    .extracting(e -> ((RecordingException) e).kind()).isEqualTo(RecordingException.Kind.CORRUPT);
        }
    }

    /** A JVM without physmem records no physmem event type at all. */
    @Test
    void aRecordingWithoutPhysmemEventsSaysHowToRecordThem() throws Exception {
        Path jdkOnly = dir.resolve("jdk-only.jfr");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:StartFlightRecording:filename=" + jdkOnly, "-version").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        try (RecordingReader r = RecordingReader.open(jdkOnly)) {
            assertThatThrownBy(() -> r.snapshotAtEnd(ProgressListener.NONE))
                    .hasMessage(jdkOnly + " has no physmem events: record them with "
                            + "-javaagent:physmem-agent.jar=record=FILE.jfr")
                    .extracting(e -> ((RecordingException) e).kind()).isEqualTo(RecordingException.Kind.NO_PHYSMEM_EVENTS);
        }
    }

    /** A JVM that has physmem's event types but recorded none of them (here: this test JVM). */
    @Test
    void aRecordingWithoutSnapshotsSaysSo() throws Exception {
        Path noSnapshots = dir.resolve("no-snapshots.jfr");
        try (Recording r = new Recording()) {
            r.enable("jdk.JavaMonitorWait").withThreshold(Duration.ZERO);
            r.start();
            Object lock = new Object();
            synchronized (lock) {
                lock.wait(5);
            }
            r.stop();
            r.dump(noSnapshots);
        }
        try (RecordingReader r = RecordingReader.open(noSnapshots)) {
            assertThatThrownBy(() -> r.snapshotAtEnd(ProgressListener.NONE))
                    .hasMessage(noSnapshots + " has no /proc snapshots: dev.physmem.MemInfo and the other snapshot "
                            + "events were not recorded (physmem's default settings record them)")
                    .extracting(e -> ((RecordingException) e).kind()).isEqualTo(RecordingException.Kind.NO_SNAPSHOTS);
            assertThatThrownBy(() -> r.read(new RecordingVisitor() {}, ProgressListener.NONE))
                    .hasMessage(noSnapshots + " has no physmem events: record them with "
                            + "-javaagent:physmem-agent.jar=record=FILE.jfr");
        }
    }

    @Test
    void aTimeOutsideTheRecordingOrBeforeItsFirstSnapshot() throws Exception {
        try (RecordingReader r = RecordingReader.open(recording)) {
            assertThatThrownBy(() -> r.snapshotAt(Duration.ofHours(1), ProgressListener.NONE))
                    .hasMessageMatching("3600\\.0 is outside the recording \\(0 \\.\\. \\d+\\.\\d s\\)")
                    .extracting(e -> ((RecordingException) e).kind()).isEqualTo(RecordingException.Kind.NOT_IN_RECORDING);
            assertThatThrownBy(() -> r.snapshotAt(Duration.ZERO, ProgressListener.NONE))
                    .hasMessageMatching("no /proc snapshot at or before 0\\.0 s \\(the first is at \\d+\\.\\d s\\)");
        }
    }

    @Test
    void aDirectoryWithoutRecordingsOrWithSeveralRepositories() throws IOException {
        Path none = Files.createDirectory(dir.resolve("none"));
        assertThatThrownBy(() -> RecordingReader.open(none))
                .hasMessage(none + ": no JFR recording or repository chunks in this directory");
        Path repos = Files.createDirectory(dir.resolve("repos"));
        for (String jvm : List.of("2026_01_01_10_00_00_111", "2026_01_01_11_00_00_222")) {
            Files.copy(recording, Files.createDirectory(repos.resolve(jvm)).resolve("2026_01_01_10_00_01.jfr"));
        }
        assertThatThrownBy(() -> RecordingReader.open(repos)).hasMessage(repos + ": the repositories of 2 JVMs "
                + "(2026_01_01_10_00_00_111, 2026_01_01_11_00_00_222); name one");
    }

    @Test
    void progressClimbsToTheReadableSize() throws Exception {
        List<long[]> seen = new ArrayList<>();
        try (RecordingReader r = RecordingReader.open(recording)) {
            r.read(new RecordingVisitor() {}, (read, total) -> seen.add(new long[] {read, total}));
            assertThat(seen).isNotEmpty();
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i)[0]).isGreaterThan(seen.get(i - 1)[0]);
            }
            assertThat(seen.get(seen.size() - 1)).containsExactly(Files.size(recording), Files.size(recording));
        }
    }

    private static Path copyPrefix(long bytes, String name) throws IOException {
        Path out = dir.resolve(name);
        try (FileChannel in = FileChannel.open(recording); FileChannel o = FileChannel.open(out,
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            in.transferTo(0, bytes, o);
        }
        return out;
    }

    private static void overwrite(Path file, long at, int length) throws IOException {
        byte[] junk = new byte[length];
        new java.util.Random(7).nextBytes(junk);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(junk), at);
        }
    }
}
