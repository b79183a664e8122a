package dev.physmem.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.Attribute;
import javax.management.AttributeChangeNotification;
import javax.management.InvalidAttributeValueException;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.ObjectName;
import jdk.jfr.consumer.RecordedEvent;
import jdk.management.jfr.FlightRecorderMXBean;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real JVMs (JDK 17, and JDK 25 where installed) running {@link IoApp} with the agent jar the build
 * made. Launches are few and shared: one run without the agent per JDK is the reference every agent
 * run's output and exit status must equal.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentIT {
    static final Path JDK17 = Path.of(System.getProperty("java.home"));
    static final Path JDK25 = Path.of(System.getProperty("physmem.it.jdk25"));
    static final String AGENT = System.getProperty("physmem.it.agent");
    static final String JOLOKIA = System.getProperty("physmem.it.jolokia");

    /** What IoApp prints on any JDK, with or without an agent. */
    static final String OUTPUT = String.join("\n",
            "c.bin 8192",
            "a.bin 1048576 bytes, sum -524288",
            "b.bin 10000 bytes",
            "error NoSuchFileException missing.bin",
            "error IOException Stream Closed",
            "b.bin deleted true",
            "a.bin exists false",
            "direct buffer capacity 1048576", "");

    /** The agent's counters over IoApp's work: 256 + 2 + 2 writes, 4 KiB + 1 MiB + 10000 bytes read, ... */
    static final Map<String, Long> WORK = Map.ofEntries(
            Map.entry("Opens", 7L), Map.entry("Writes", 260L), Map.entry("WriteBytes", 1_048_576L + 10_100 + 8192 + 4096),
            Map.entry("ReadBytes", 4096L + 1_048_576 + 10_000), Map.entry("Fsyncs", 2L), Map.entry("Truncates", 1L),
            Map.entry("Unlinks", 2L), Map.entry("Mmaps", 1L), Map.entry("DirectAllocs", 2L),
            Map.entry("DirectAllocBytes", 2L << 20), Map.entry("SuppressedThrowables", 0L));

    static final ObjectName AGENT_MBEAN = name("dev.physmem:type=Agent");
    static final ObjectName SYSCTL = name("dev.physmem:type=Sysctl,name=vm");
    static final ObjectName VMSTAT = name("dev.physmem:type=VmStat");
    static final ObjectName MEMINFO = name("dev.physmem:type=MemInfo");
    static final ObjectName KERNEL = name("dev.physmem:type=Kernel");

    @TempDir
    Path tmp;
    final Map<Path, String> referenceOutput = new HashMap<>();

    static ObjectName name(String s) {
        try {
            return new ObjectName(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static boolean jdk25() {
        return Files.isExecutable(JDK25.resolve("bin/java"));
    }

    @BeforeAll
    void referenceRuns(@TempDir Path dir) throws Exception {
        for (Path jdk : jdk25() ? List.of(JDK17, JDK25) : List.of(JDK17)) {
            Path work = Files.createDirectories(dir.resolve(jdk.getFileName().toString()));
            try (Child c = Child.start(jdk, List.of(), work.toString())) {
                assertThat(c.waitFor()).isEqualTo(3);
                assertThat(c.stderr()).isEmpty();
                assertThat(c.stdout()).isEqualTo(OUTPUT);
                referenceOutput.put(jdk, c.stdout());
            }
        }
    }

    private Path workDir(String name) throws Exception {
        return Files.createDirectories(tmp.resolve(name));
    }

    private static Map<String, Long> counters(MBeanServerConnection c) throws Exception {
        Map<String, Long> m = new HashMap<>();
        for (String k : WORK.keySet()) {
            m.put(k, ((Number) c.getAttribute(AGENT_MBEAN, k)).longValue());
        }
        for (String k : List.of("Reads")) {
            m.put(k, ((Number) c.getAttribute(AGENT_MBEAN, k)).longValue());
        }
        return m;
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new HashMap<>();
        after.forEach((k, v) -> d.put(k, v - before.get(k)));
        return d;
    }

    /** The application's output without the "ready" and "done" lines of a paused run. */
    private static String appOutput(Child child) {
        return child.stdout().replace("ready\n", "").replace("done\n", "");
    }

    /** A /proc/vmstat line after echo 1 &gt; /proc/sys/vm/stat_refresh: exact, no per-CPU deltas pending. */
    /** A pattern of the directive kernel_jit=c1 adds, as Compiler.directives_print shows it. */
    private static final String MODEL_DIRECTIVE = "dev/physmem/model/*.*";

    /** The JVM's compiler directives, as {@code jcmd PID Compiler.directives_print} prints them. */
    private static String compilerDirectives(MBeanServerConnection c) throws Exception {
        return (String) c.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
    }

    private static long vmstat(MBeanServerConnection c, String line) throws Exception {
        c.setAttribute(SYSCTL, new Attribute("stat_refresh", 1));
        return (Long) c.getAttribute(VMSTAT, line);
    }

    /**
     * Runs IoApp's work between "ready" and "done" and checks what the agent passed on, the same on
     * every JDK; returns the connection for more checks while the application still waits.
     */
    private MBeanServerConnection checkWork(Child child) throws Exception {
        child.awaitLine("ready");
        MBeanServerConnection jmx = child.jmx();
        Map<String, Long> before = counters(jmx);
        long dirtiedBefore = vmstat(jmx, "nr_dirtied");
        long cachedBefore = (Long) jmx.getAttribute(MEMINFO, "Cached");
        child.send("go");
        child.awaitLine("done");
        Map<String, Long> d = delta(before, counters(jmx));
        for (Map.Entry<String, Long> e : WORK.entrySet()) {
            assertThat(d.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
        // 1 + 16 + 1 calls at least: JDKs may split Files.readAllBytes differently; bytes are exact above.
        assertThat(d.get("Reads")).isGreaterThanOrEqualTo(18);
        // Dirtied pages are pages, not calls. a.bin 256, b.bin 3 (the second write lands on a page that
        // is still dirty), c.bin 2 + 1; fsync and unlink leave nothing dirty; the deleted files left the
        // cache, so only c.bin's 2 pages were added to it.
        assertThat(vmstat(jmx, "nr_dirtied") - dirtiedBefore).isEqualTo(262);
        assertThat(jmx.getAttribute(MEMINFO, "Dirty")).isEqualTo(0L);
        assertThat((Long) jmx.getAttribute(MEMINFO, "Cached") - cachedBefore).isEqualTo(8L);
        return jmx;
    }

    @Test
    void jdk17WithTheAgent() throws Exception {
        Path work = workDir("jdk17");
        Path recording = work.resolve("app.jfr");
        try (Child child = Child.start(JDK17, List.of("-javaagent:" + AGENT + "=ram=512m,record=" + recording),
                work.toString(), "pause")) {
            MBeanServerConnection jmx = checkWork(child);
            assertThat((String[]) jmx.getAttribute(AGENT_MBEAN, "Unobservable")).hasSize(2);
            assertThat((String[]) jmx.getAttribute(AGENT_MBEAN, "InstrumentationFailures")).isEmpty();

            // A JMX client changes dirty_ratio: nr_dirty_threshold follows; 150 is refused with the range.
            List<Notification> heard = new CopyOnWriteArrayList<>();
            jmx.addNotificationListener(SYSCTL, (n, hb) -> {
                if ("dirty_ratio".equals(((AttributeChangeNotification) n).getAttributeName())) {
                    heard.add(n);
                }
            }, null, null);
            long at20 = vmstat(jmx, "nr_dirty_threshold");
            jmx.setAttribute(SYSCTL, new Attribute("dirty_ratio", 40));
            long at40 = vmstat(jmx, "nr_dirty_threshold");
            assertThat(Math.abs(at40 - 2 * at20)).as("1638/4096 of avail vs 819/4096").isLessThanOrEqualTo(1);
            assertThatThrownBy(() -> jmx.setAttribute(SYSCTL, new Attribute("dirty_ratio", 150)))
                    .isInstanceOf(InvalidAttributeValueException.class)
                    .hasMessage("vm.dirty_ratio = 150: Invalid argument (accepted: 0 .. 100 %)");
            assertThat(jmx.getAttribute(SYSCTL, "dirty_ratio")).isEqualTo(40);
            for (int i = 0; i < 100 && heard.isEmpty(); i++) {
                Thread.sleep(100);
            }
            assertThat(heard).hasSize(1);
            assertThat(((AttributeChangeNotification) heard.get(0)).getNewValue()).isEqualTo(40);

            assertThat((String) jmx.invoke(KERNEL, "proc", new Object[] {"meminfo"}, new String[] {"java.lang.String"}))
                    .startsWith("MemTotal:");
            assertThat((String) jmx.invoke(KERNEL, "proc", new Object[] {"buddyinfo"}, new String[] {"java.lang.String"}))
                    .startsWith("Node 0, zone      DMA");

            // The mapping and one of the two direct buffers are garbage now: their cleaners unmap and free them.
            ObjectName memory = new ObjectName("java.lang:type=Memory");
            for (int i = 0; i < 100 && ((Long) jmx.getAttribute(AGENT_MBEAN, "Munmaps") < 1
                    || (Long) jmx.getAttribute(AGENT_MBEAN, "DirectFrees") < 1); i++) {
                jmx.invoke(memory, "gc", null, null);
                Thread.sleep(100);
            }
            assertThat(jmx.getAttribute(AGENT_MBEAN, "Munmaps")).isEqualTo(1L);
            assertThat((Long) jmx.getAttribute(AGENT_MBEAN, "DirectFrees")).isPositive();

            // Loading the agent a second time does nothing but say so.
            child.loadAgent(AGENT, "ram=2g");
            child.send("exit");
            assertThat(child.waitFor()).isEqualTo(3);
            assertThat(appOutput(child)).isEqualTo(referenceOutput.get(JDK17));
            assertThat(child.stderr()).matches(
                    "physmem: the agent is already running in this JVM \\(physmem .*, ram=512m\\); this load does nothing\n");
        }
        // The recording is complete: every write of the work, as the agent saw it, and the sysctl change.
        Map<String, long[]> events = new HashMap<>();
        List<String> sysctlChanges = new ArrayList<>();
        List<String> writers = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            String type = e.getEventType().getName();
            if (type.equals("dev.physmem.FileWrite") && e.getString("path").startsWith(work.toString())) {
                writers.add(e.getThread("thread").getJavaName() + " by " + e.getThread().getJavaName());
            }
            if (type.equals("dev.physmem.SysctlChange")) {
                sysctlChanges.add(e.getString("name") + " " + e.getString("oldValue") + " -> " + e.getString("newValue")
                        + " " + e.getString("source"));
            } else if (type.startsWith("dev.physmem.") && (!e.hasField("path") || e.getString("path").startsWith(work.toString()))) {
                long[] v = events.computeIfAbsent(type, k -> new long[2]);
                v[0]++;
                v[1] += e.hasField("length") ? e.getLong("length") : 0;
            }
        }
        assertThat(events.get("dev.physmem.FileWrite")).containsExactly(260, WORK.get("WriteBytes"));
        // IoApp's main thread wrote; the syscall thread translated each write and committed its event.
        assertThat(writers).hasSize(260).containsOnly("main by physmem-syscalls");
        assertThat(events.get("dev.physmem.FileRead")[1]).isEqualTo(WORK.get("ReadBytes"));
        assertThat(events.get("dev.physmem.FileSync")[0]).isEqualTo(2);
        assertThat(events.get("dev.physmem.FileTruncate")[0]).isEqualTo(1);
        assertThat(events.get("dev.physmem.FileMap")[0]).isEqualTo(1);
        assertThat(events.get("dev.physmem.DirectBufferAlloc")[0]).isEqualTo(2);
        // The test's own writes of vm.stat_refresh (before exact counter reads) are sysctl writes too.
        assertThat(sysctlChanges).filteredOn(c -> !c.startsWith("vm.stat_refresh ")).containsExactly("vm.dirty_ratio 20 -> 40 jmx");
    }

    /**
     * A plain agent lets the application start before the machine is up: what it does meanwhile is kept
     * and handed over, so the work of an application that starts at once is all there, page for page.
     * 8g makes the boot outlast the start of the work when the woven classes are cached (CallsWhileBooting
     * is then in the hundreds); with a cold cache the weaving outlasts the boot and nothing needs keeping.
     * Either way the counts must be exact.
     */
    @Test
    void workDoneWhileTheMachineBootsIsNotLost() throws Exception {
        Path work = workDir("early");
        try (Child child = Child.start(JDK17, List.of("-javaagent:" + AGENT + "=ram=8g,kernel_jit=c2"), work.toString(),
                "early")) {
            child.awaitLine("done");
            MBeanServerConnection jmx = child.jmx();
            assertThat(compilerDirectives(jmx)).as("kernel_jit=c2 leaves the JIT alone").doesNotContain(MODEL_DIRECTIVE);
            Map<String, Long> total = counters(jmx);
            for (String counter : List.of("Writes", "WriteBytes", "Fsyncs", "Truncates", "Unlinks", "Mmaps",
                    "DirectAllocs", "DirectAllocBytes", "SuppressedThrowables")) {
                assertThat(total.get(counter)).as(counter).isEqualTo(WORK.get(counter));
            }
            assertThat(vmstat(jmx, "nr_dirtied")).isEqualTo(262);
            assertThat(jmx.getAttribute(MEMINFO, "Dirty")).isEqualTo(0L);
            assertThat(jmx.getAttribute(AGENT_MBEAN, "WorkFailures")).isEqualTo(0L);
            child.send("exit");
            assertThat(child.waitFor()).isEqualTo(3);
            assertThat(appOutput(child)).isEqualTo(referenceOutput.get(JDK17));
        }
    }

    @Test
    void jdk25WithTheAgentPrintsNothingAndSeesTheSame() throws Exception {
        assumeTrue(jdk25(), "JDK 25 is not installed at " + JDK25);
        Path work = workDir("jdk25");
        try (Child child = Child.start(JDK25, List.of("-javaagent:" + AGENT), work.toString(), "pause")) {
            MBeanServerConnection jmx = checkWork(child);
            assertThat((String[]) jmx.getAttribute(AGENT_MBEAN, "Unobservable"))
                    .as("FileDescriptor.sync and RandomAccessFile.setLength are Java methods on 25").isEmpty();
            assertThat(compilerDirectives(jmx)).as("kernel_jit=c1, the default").contains(MODEL_DIRECTIVE);
            child.send("exit");
            assertThat(child.waitFor()).isEqualTo(3);
            assertThat(appOutput(child)).isEqualTo(referenceOutput.get(JDK25));
            assertThat(child.stderr()).as("no CDS warning, no sun.misc.Unsafe warning").isEmpty();
        }
    }

    /** agentmain into a running JVM (JDK 25 where installed), with Jolokia reading and writing the MBeans. */
    @Test
    void dynamicAttachAndJolokia() throws Exception {
        Path jdk = jdk25() ? JDK25 : JDK17;
        Path work = workDir("attach");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (Child child = Child.start(jdk, List.of("-XX:+EnableDynamicAgentLoading",
                "-javaagent:" + JOLOKIA + "=host=127.0.0.1,port=" + port), work.toString(), "pause")) {
            child.awaitLine("ready");
            child.loadAgent(AGENT, "ram=256m,vm.dirty_ratio=25");
            child.send("go");
            child.awaitLine("done");
            MBeanServerConnection jmx = child.jmx();
            assertThat(jmx.getAttribute(AGENT_MBEAN, "WriteBytes")).isEqualTo(WORK.get("WriteBytes"));
            assertThat(jmx.getAttribute(AGENT_MBEAN, "Unlinks")).isEqualTo(2L);

            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port + "/jolokia/";
            assertThat(get(http, base + "read/dev.physmem:type=Sysctl,name=vm/dirty_ratio")).contains("\"value\":25");
            assertThat(get(http, base + "read/dev.physmem:type=MemInfo/MemTotal")).contains("\"status\":200");
            String refused = post(http, base, "{\"type\":\"write\",\"mbean\":\"dev.physmem:type=Sysctl,name=vm\","
                    + "\"attribute\":\"dirty_ratio\",\"value\":150}");
            assertThat(refused).contains("InvalidAttributeValueException").contains("accepted: 0 .. 100 %");
            assertThat(post(http, base, "{\"type\":\"write\",\"mbean\":\"dev.physmem:type=Sysctl,name=vm\","
                    + "\"attribute\":\"dirty_ratio\",\"value\":30}")).contains("\"value\":25").contains("\"status\":200");
            assertThat(post(http, base, "{\"type\":\"exec\",\"mbean\":\"dev.physmem:type=Kernel\",\"operation\":\"proc\","
                    + "\"arguments\":[\"vmstat\"]}")).contains("nr_dirty_threshold");
            assertThat(get(http, base + "list/dev.physmem/name=vm,type=Sysctl")).contains("Percentage of dirtyable memory");
            // Jolokia's HTTP server is SocketChannel I/O in the application's JVM: the agent saw it as network traffic.
            assertThat((Long) jmx.getAttribute(AGENT_MBEAN, "SocketReceiveBytes")).isPositive();
            assertThat((Long) jmx.getAttribute(AGENT_MBEAN, "SocketSendBytes")).isPositive();
            assertThat(jmx.getAttribute(SYSCTL, "dirty_ratio")).isEqualTo(30);
            lateRecordingGetsTheMachine(jmx, work.resolve("late.jfr"));
            child.send("exit");
            assertThat(child.waitFor()).isEqualTo(3);
        }
    }

    /**
     * Nothing recorded when the agent started, so JFR was never set up; a recording started later over
     * JMX (as JMC does) still gets the machine's configuration and its periodic /proc snapshots.
     */
    private static void lateRecordingGetsTheMachine(MBeanServerConnection jmx, Path file) throws Exception {
        FlightRecorderMXBean jfr = ManagementFactory.newPlatformMXBeanProxy(jmx, "jdk.management.jfr:type=FlightRecorder",
                FlightRecorderMXBean.class);
        long id = jfr.newRecording();
        jfr.setRecordingSettings(id, Map.of("dev.physmem.MachineConfig#enabled", "true",
                "dev.physmem.MachineConfig#period", "beginChunk", "dev.physmem.MemInfo#enabled", "true",
                "dev.physmem.MemInfo#period", "100 ms"));
        jfr.startRecording(id);
        Thread.sleep(1500);
        jfr.stopRecording(id);
        jfr.copyTo(id, file.toString());
        jfr.closeRecording(id);
        Map<String, Integer> events = new HashMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            events.merge(e.getEventType().getName(), 1, Integer::sum);
        }
        assertThat(events.get("dev.physmem.MachineConfig")).isPositive();
        assertThat(events.get("dev.physmem.MemInfo")).isGreaterThanOrEqualTo(5);
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String post(HttpClient http, String url, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void aBadOptionIsOneLineAndTheApplicationRunsWithoutTheAgent() throws Exception {
        try (Child child = Child.start(JDK17, List.of("-javaagent:" + AGENT + "=ram=3x"), workDir("bad").toString())) {
            assertThat(child.waitFor()).isEqualTo(3);
            assertThat(child.stdout()).isEqualTo(referenceOutput.get(JDK17));
            assertThat(child.stderr()).isEqualTo("physmem: option ram=3x: not a size (accepted: a size like 512m or 2g, "
                    + "64m .. 1t, a multiple of 2m); the application runs without physmem\n");
        }
        try (Child child = Child.start(JDK17, List.of("-javaagent:" + AGENT + "=vm.dirty_ratio=101,strict=true"),
                workDir("strict").toString())) {
            assertThat(child.waitFor()).isEqualTo(1);
            assertThat(child.stdout()).isEmpty();
            assertThat(child.stderr()).isEqualTo("physmem: option vm.dirty_ratio=101: Invalid argument (accepted: 0 .. 100 %)"
                    + "; stopping the JVM (strict=true)\n");
        }
    }
}
