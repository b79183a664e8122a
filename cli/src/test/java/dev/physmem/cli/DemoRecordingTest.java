package dev.physmem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.physmem.model.proc.BuddyInfo;
import dev.physmem.model.proc.MemInfo;
import dev.physmem.model.proc.MemInfoField;
import dev.physmem.model.proc.MemInfoSnapshot;
import dev.physmem.model.proc.PageTypeInfo;
import dev.physmem.model.proc.VmStatFile;
import dev.physmem.model.proc.ZoneInfo;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import jdk.jfr.Recording;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.InputSource;

/**
 * {@code physmem demo} for real (a child JVM under the agent, the dirty_ratio change over JMX, the
 * recording), then every recording command over the recording it made. One demo run serves the class.
 */
class DemoRecordingTest {
    @TempDir
    static Path dir;

    static Cli demo;
    static Path recording;

    @BeforeAll
    static void runTheDemo() {
        demo = Cli.run("demo", "--seconds", "6", "--ram", "256m", "--out", dir.toString());
        recording = dir.resolve("demo.jfr");
    }

    @Test
    void theDemoSaysWhatItDidAndWhereItsOutputIs() {
        assertThat(demo.exitCode).as(demo.toString()).isZero();
        assertThat(demo.out).contains("over JMX, as in JConsole: vm.dirty_ratio = 40",
                "over JMX: vm.compact_memory = 1 (compaction migrated ",
                "physmem report: demo.jfr", "Recording:   " + recording, "HTML report: " + dir.resolve("demo-report.html"));
        // One status line per phase, in order, however short the phase was between two samples.
        int at = 0;
        for (String phase : List.of("log", "burst", "sysctl", "burst-after-sysctl", "random-reads", "direct-buffers",
                "mapped-file", "socket-dma", "cleanup")) {
            Matcher line = Pattern.compile("\\] " + Pattern.quote(phase) + " +Dirty").matcher(demo.out);
            assertThat(line.find(at)).as("phase " + phase + " after offset " + at + " of\n" + demo.out).isTrue();
            at = line.end();
        }
        // The status line's throttle threshold doubles when vm.dirty_ratio goes from 20 to 40 (give or take
        // the change in dirtyable memory between the two samples).
        assertThat(throttleAt("burst ")).isGreaterThan(0);
        assertThat((double) throttleAt("burst-after-sysctl") / throttleAt("burst ")).isBetween(1.8, 2.2);
        assertThat(Files.isRegularFile(recording)).isTrue();
    }

    @Test
    void everyProcFileIsInTheKernelsExactFormat() {
        String meminfo = ok("proc", "meminfo", recording.toString());
        assertThat(MemInfo.render(MemInfo.parse(meminfo))).isEqualTo(meminfo);
        String vmstat = ok("proc", "vmstat", recording.toString());
        assertThat(VmStatFile.render(VmStatFile.parse(vmstat))).isEqualTo(vmstat);
        String zoneinfo = ok("proc", "zoneinfo", recording.toString());
        assertThat(ZoneInfo.render(ZoneInfo.parse(zoneinfo))).isEqualTo(zoneinfo);
        String pagetypeinfo = ok("proc", "pagetypeinfo", recording.toString());
        assertThat(PageTypeInfo.render(PageTypeInfo.parse(pagetypeinfo))).isEqualTo(pagetypeinfo);
        // buddyinfo is pagetypeinfo's free lists summed over migrate types, from the same snapshot.
        assertThat(ok("proc", "buddyinfo", recording.toString()))
                .isEqualTo(BuddyInfo.render(PageTypeInfo.parse(pagetypeinfo)))
                .startsWith("Node 0, zone      DMA ");
        MemInfoSnapshot m = MemInfo.parse(meminfo);
        assertThat(m.get(MemInfoField.MEM_TOTAL)).isBetween(200L << 10, 256L << 10);
        assertThat(m.get(MemInfoField.MEM_FREE)).isBetween(1L, m.get(MemInfoField.MEM_TOTAL));
    }

    @Test
    void anEarlierMomentHasItsOwnProcFiles() {
        String atBoot = ok("proc", "meminfo", recording.toString(), "--at", "0.5");
        String atEnd = ok("proc", "meminfo", recording.toString());
        assertThat(MemInfo.parse(atBoot).get(MemInfoField.MEM_TOTAL)).isEqualTo(MemInfo.parse(atEnd).get(MemInfoField.MEM_TOTAL));
        assertThat(atBoot).isNotEqualTo(ok("proc", "meminfo", recording.toString(), "--at", "3"));

        Cli after = Cli.run("proc", "meminfo", recording.toString(), "--at", "999");
        assertThat(after.exitCode).as(after.toString()).isEqualTo(2);
        assertThat(after.err).matches("physmem: 999\\.0 is outside the recording \\(0 \\.\\. \\d+\\.\\d s\\)\\n");
    }

    @Test
    void theReportInEveryFormat() throws IOException {
        String text = ok("report", recording.toString());
        assertThat(text).contains("Writeback works by reason", "Writer throttling", "Reclaim: kswapd woke", "Compaction: ",
                "DMA device", "eth0", "What the application did", "fsyncs");

        JsonNode json = new ObjectMapper().readTree(ok("report", "--format", "json", recording.toString()));
        assertThat(json.at("/story/seconds").asDouble()).isBetween(5.0, 60.0);
        // What the demo is for: the bursts are throttled under vm.dirty_ratio = 20, the cache outgrows
        // memory and kswapd reclaims, the disk and the NIC do DMA.
        JsonNode throttling = json.at("/story/throttling");
        assertThat(throttling.get("pauses").asLong()).isPositive();
        assertThat(throttling.at("/periods/0/setting").asText()).isEqualTo("vm.dirty_ratio = 20");
        assertThat(throttling.at("/periods/0/pauses").asLong()).isPositive();
        assertThat(throttling.at("/periods/1/setting").asText()).isEqualTo("vm.dirty_ratio = 40");
        assertThat(json.at("/story/reclaim/kswapdWakes").asLong()).isPositive();
        assertThat(json.at("/story/reclaim/pgstealKswapd").asLong()).isPositive();
        assertThat(json.at("/story/writeback/0/reason").asText()).isEqualTo("background");
        // The compaction the demo asks for over JMX: compact_zone() ran on every populated zone.
        assertThat(json.at("/story/compaction/zoneRuns").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(json.at("/story/compaction/migrateScanned").asLong()).isPositive();
        Map<String, JsonNode> dma = new HashMap<>();
        json.at("/story/dma").forEach(d -> dma.put(d.get("device").asText(), d));
        assertThat(dma.get("8:0").get("mappings").asLong()).as("writeback and reads map for the disk").isPositive();
        assertThat(dma.get("8:0").get("mappedBytes").asLong()).isPositive();
        assertThat(dma.get("eth0").get("mappings").asLong()).as("socket I/O maps for the NIC").isPositive();
        assertThat(dma.get("eth0").get("syncs").asLong()).as("page_pool RX syncs").isPositive();
        assertThat(json.at("/proc/meminfo").asText()).isEqualTo(ok("proc", "meminfo", recording.toString()));
        assertThat(json.at("/story/workload/fsyncs").asLong()).isPositive();

        Path html = dir.resolve("report.html");
        Cli written = Cli.run("report", "--format", "html", "-o", html.toString(), recording.toString());
        assertThat(written.exitCode).as(written.toString()).isZero();
        String page = Files.readString(html);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("<svg", "MemTotal:");
        assertThat(externalReferences(page)).as("the report opens offline").isEmpty();
    }

    @Test
    void vmstatPrintsOneRowPerInterval() {
        List<String> lines = ok("vmstat", recording.toString(), "1").lines().toList();
        assertThat(lines.get(0)).contains("memory", "io", "writeback", "reclaim");
        assertThat(lines.get(1).trim().split(" +")).startsWith("time", "s", "free", "buff", "cache");
        List<String> rows = lines.subList(2, lines.size());
        assertThat(rows).hasSizeBetween(4, 60);
        double previous = -1;
        for (String row : rows) {
            double t = Double.parseDouble(row.trim().split(" +")[0]);
            assertThat(t).isGreaterThan(previous);
            previous = t;
        }
    }

    @Test
    void theTimelineIsAWellFormedSvgOrASelfContainedPage() throws Exception {
        Path svg = dir.resolve("timeline.svg");
        assertThat(Cli.run("timeline", recording.toString(), "-o", svg.toString()).exitCode).isZero();
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(Files.readString(svg))));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(Files.readString(svg)).contains("dirty", "free");

        Path html = dir.resolve("timeline.html");
        assertThat(Cli.run("timeline", recording.toString(), "-o", html.toString()).exitCode).isZero();
        assertThat(externalReferences(Files.readString(html))).isEmpty();
    }

    @Test
    void pageTypesCountsEveryPageFrameOnce() {
        List<String> lines = ok("page-types", recording.toString()).lines().toList();
        assertThat(lines.get(0)).isEqualTo("             flags\tpage-count       MB  symbolic-flags\t\t\tlong-symbolic-flags");
        String total = lines.get(lines.size() - 1);
        assertThat(total).startsWith("             total\t");
        long sum = 0;
        for (String row : lines.subList(1, lines.size() - 1)) {
            sum += Long.parseLong(row.split("\t")[1].trim().split(" +")[0]);
        }
        long pages = Long.parseLong(total.split("\t")[1].trim().split(" +")[0]);
        assertThat(sum).isEqualTo(pages);
        assertThat(pages).isBetween((256L << 20) / 4096 - 1, (256L << 20) / 4096);
    }

    @Test
    void aRecordingCutShortIsOneLineAndExitOne() throws IOException {
        byte[] bytes = Files.readAllBytes(recording);
        Path cut = Files.write(dir.resolve("cut.jfr"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Cli r = Cli.run("report", cut.toString());
        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        assertThat(r.err).startsWith("physmem: " + cut + ": no complete chunk to read: chunk 1 is cut off, ");
        assertThat(r.err.lines()).hasSize(1);
    }

    @Test
    void aRecordingOfAnotherJvmSaysHowToMakeOne() throws Exception {
        Path other = dir.resolve("other.jfr");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:StartFlightRecording:filename=" + other, "-Xlog:jfr*=off", "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor()).isZero();
        Cli r = Cli.run("proc", "meminfo", other.toString());
        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        assertThat(r.err).isEqualTo("physmem: " + other
                + " has no physmem events: record them with -javaagent:physmem-agent.jar=record=FILE.jfr\n");
    }

    @Test
    void aRecordingWithoutSnapshotsSaysWhichEventsAreMissing() throws IOException {
        Path noSnapshots = dir.resolve("no-snapshots.jfr");
        try (Recording r = new Recording()) { // this JVM knows physmem's event types; none is enabled
            r.enable("jdk.CPULoad");
            r.start();
            r.stop();
            r.dump(noSnapshots);
        }
        Cli r = Cli.run("proc", "meminfo", noSnapshots.toString());
        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        assertThat(r.err).startsWith("physmem: " + noSnapshots + " has no /proc snapshots: ");
    }

    private static String ok(String... args) {
        Cli r = Cli.run(args);
        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.err).isEmpty();
        return r.out;
    }

    /** The "throttle at N MiB" of the demo's first status line in {@code phase}. */
    private static long throttleAt(String phase) {
        Matcher m = Pattern.compile("\\] " + Pattern.quote(phase) + ".*throttle at +(\\d+) MiB").matcher(demo.out);
        assertThat(m.find()).as("a status line for " + phase + " in\n" + demo.out).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** src= and href= that leave the file (the SVG namespace is a name, not a fetch). */
    private static List<String> externalReferences(String page) {
        return Pattern.compile("(?:src|href)\\s*=\\s*\"(https?:[^\"]*)\"").matcher(page).results()
                .map(r -> r.group(1)).toList();
    }
}
