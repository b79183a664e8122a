package dev.physmem.cli.demo;

import dev.physmem.cli.CliException;
import dev.physmem.cli.live.AgentJar;
import dev.physmem.cli.live.JmxErrors;
import dev.physmem.cli.live.LiveJvm;
import dev.physmem.cli.live.Sysctls;
import dev.physmem.cli.plot.TimelineBuilder;
import dev.physmem.cli.report.ReportRenderer;
import dev.physmem.cli.report.Story;
import dev.physmem.cli.report.StoryBuilder;
import dev.physmem.cli.source.Moment;
import dev.physmem.cli.source.MomentCollector;
import dev.physmem.cli.source.RecordingSource;
import dev.physmem.cli.source.Visitors;
import dev.physmem.cli.term.Terminal;
import dev.physmem.model.machine.Arch;
import dev.physmem.model.machine.ByteSize;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;

/**
 * One run of {@code physmem demo}: the workload in a child JVM under the agent with a recording, a live
 * status line read over JMX, vm.dirty_ratio raised over JMX when the workload reaches its "sysctl"
 * phase (as a user would in JConsole), and the report at the end.
 */
public final class DemoRun {
    /** The ratio the demo raises vm.dirty_ratio to halfway. */
    static final int RAISED_DIRTY_RATIO = 40;

    private final long ram;
    private final Arch arch;
    private final double seconds;
    private final Path out;
    private final PrintWriter stdout;
    private final PrintWriter stderr;
    private volatile String phase = "starting";
    /**
     * Every phase the workload announced and the status loop has not shown yet: a short phase that began
     * and ended between two samples still gets its line, and the sysctl step is never missed.
     */
    private final BlockingQueue<String> announced = new LinkedBlockingQueue<>();
    /** When the workload announced its first phase: the JVM and the agent are up from then on. */
    private volatile long workloadStart;

    public DemoRun(long ram, Arch arch, double seconds, Path out, PrintWriter stdout, PrintWriter stderr) {
        this.ram = ram;
        this.arch = arch;
        this.seconds = seconds;
        this.out = out;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public int run() throws IOException, InterruptedException {
        Files.createDirectories(out);
        Path recording = out.resolve("demo.jfr").toAbsolutePath();
        Files.deleteIfExists(recording);
        Process child = start(recording);
        List<String> childErr = new ArrayList<>();
        Thread phases = follow(child, childErr);
        boolean interactive = Terminal.isInteractive();
        stdout.printf("physmem demo: %s of simulated RAM on %s, %.0f s, recording to %s%n", ByteSize.format(ram), arch, seconds,
                recording);
        stdout.println("(waited: how long the simulated kernel has held the application's threads so far, in disk reads,"
                + " fsync and dirty throttling)");
        stdout.flush();
        boolean raised = false;
        boolean compacted = false;
        try (LiveJvm jvm = connect(child)) {
            while (child.isAlive()) {
                String started = announced.poll(250, TimeUnit.MILLISECONDS);
                String shown = started != null ? started : phase;
                double elapsed = workloadStart == 0 ? 0 : (System.nanoTime() - workloadStart) / 1e9;
                if (jvm != null) {
                    String status = status(jvm, elapsed, shown);
                    if (interactive) {
                        stdout.print("\r" + status);
                    } else if (started != null) {
                        stdout.println(status);
                    }
                    if (!raised && shown.equals("sysctl")) {
                        raised = true;
                        String line = new Sysctls(jvm).set("vm.dirty_ratio", Integer.toString(RAISED_DIRTY_RATIO));
                        stdout.printf("%s[%5.1fs] over JMX, as in JConsole: %s%n", interactive ? "\n" : "", elapsed, line);
                    }
                    if (!compacted && (shown.equals("socket-dma") || shown.equals("cleanup"))) {
                        compacted = true;
                        stdout.printf("%s[%5.1fs] over JMX: %s%n", interactive ? "\n" : "", elapsed, compact(jvm));
                    }
                    stdout.flush();
                }
            }
        }
        phases.join(2000);
        if (interactive) {
            stdout.println();
        }
        int code = child.waitFor();
        if (code != 0 || !Files.isRegularFile(recording)) {
            throw new CliException("the demo workload failed (exit " + code + ")"
                    + (childErr.isEmpty() ? "" : ": " + childErr.get(childErr.size() - 1)));
        }
        report(recording);
        return 0;
    }

    /** echo 1 > /proc/sys/vm/compact_memory on the page cache the random reads left behind. */
    private static String compact(LiveJvm jvm) {
        try {
            long before = (Long) jvm.getAttribute(LiveJvm.VMSTAT, "pgmigrate_success");
            String line = new Sysctls(jvm).set("vm.compact_memory", "1");
            long moved = (Long) jvm.getAttribute(LiveJvm.VMSTAT, "pgmigrate_success") - before;
            return line + " (compaction migrated " + moved + " pages)";
        } catch (Exception e) {
            return "vm.compact_memory: " + JmxErrors.message(e);
        }
    }

    private Process start(Path recording) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String agent = AgentJar.locate() + "=ram=" + ByteSize.format(ram) + ",arch=" + arch + ",record=" + recording
                + ",throttle=sleep"; // the simulated kernel paces the workload as Linux would
        List<String> cmd = List.of(java, "-Xmx256m", "-javaagent:" + agent,
                "-cp", System.getProperty("java.class.path"), DemoWorkload.class.getName(),
                Double.toString(seconds), Long.toString(ram), out.resolve("data").toAbsolutePath().toString());
        return new ProcessBuilder(cmd).start();
    }

    /** Reads the child's stdout for "PHASE name" lines and keeps its stderr for a failure message. */
    private Thread follow(Process child, List<String> childErr) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("PHASE ")) {
                        if (workloadStart == 0) {
                            workloadStart = System.nanoTime();
                        }
                        phase = line.substring(6);
                        announced.add(phase);
                    }
                }
            } catch (IOException ignored) {
                // the child is gone; its exit code says how it went
            }
        }, "demo-phases");
        t.setDaemon(true);
        t.start();
        Thread e = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (childErr) {
                        childErr.add(line);
                    }
                }
            } catch (IOException ignored) {
                // as above
            }
        }, "demo-stderr");
        e.setDaemon(true);
        e.start();
        return t;
    }

    /** The agent registers its MBeans a moment after the JVM starts: retry until it has, or the child ended. */
    private static LiveJvm connect(Process child) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (child.isAlive() && System.nanoTime() < deadline) {
            try {
                return LiveJvm.connect(child.pid());
            } catch (CliException notYet) {
                Thread.sleep(200);
            }
        }
        return null;
    }

    private String status(LiveJvm jvm, double elapsed, String phase) {
        try {
            long wait = (Long) jvm.getAttribute(new ObjectName("dev.physmem:type=Agent"), "WaitNanos");
            return DemoStatus.line(elapsed, seconds, phase, jvm.proc("meminfo"), jvm.proc("vmstat"), wait);
        } catch (Exception e) {
            return String.format("[%5.1fs/%.0fs] %s", elapsed, seconds, phase);
        }
    }

    private void report(Path recording) throws IOException {
        try (RecordingSource rec = RecordingSource.open(recording)) {
            StoryBuilder story = new StoryBuilder(rec.start());
            TimelineBuilder timeline = new TimelineBuilder(rec.start());
            MomentCollector procs = new MomentCollector(rec.start(), Moment.END);
            rec.scan(Visitors.of(story, timeline, procs));
            Story s = story.build(rec.describe());
            stdout.println();
            stdout.print(ReportRenderer.storyText(s));
            Path html = out.resolve("demo-report.html").toAbsolutePath();
            Files.writeString(html, ReportRenderer.html(s, procs.snapshot(rec.describe()), "the end",
                    timeline.build("physmem demo")), StandardCharsets.UTF_8);
            stdout.println();
            stdout.println("Recording:   " + recording);
            stdout.println("HTML report: " + html + " (timeline, story and /proc files; opens offline)");
            stdout.println("Open the recording in JDK Mission Control (File > Open File...): the simulated kernel's");
            stdout.println("events are under Event Browser > Linux Memory. Or try: ./physmem proc meminfo " + recording);
            stdout.flush();
        }
    }
}
