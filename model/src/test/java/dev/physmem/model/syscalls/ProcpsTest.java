package dev.physmem.model.syscalls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.physmem.model.machine.Machine;
import dev.physmem.model.proc.MemInfo;
import dev.physmem.model.proc.MemInfoField;
import dev.physmem.model.proc.MemInfoSnapshot;
import dev.physmem.model.proc.VmStatFile;
import dev.physmem.model.proc.VmStatSnapshot;
import dev.physmem.model.testing.TestMachines;
import dev.physmem.model.time.VirtualScheduler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real procps tools read the simulated machine's /proc/meminfo and /proc/vmstat, bind-mounted
 * over the host's in a private mount namespace ({@code unshare -m}), and print its numbers. Skipped,
 * saying why, where the host cannot do that (not Linux, no procps, no permission for mount
 * namespaces).
 */
class ProcpsTest {
    @TempDir
    Path dir;

    @Test
    void freeAndVmstatReadTheSimulatedMachine() throws Exception {
        String why = whyNot();
        assumeTrue(why == null, why);
        TestMachines.Booted b = TestMachines.boot("1g");
        Machine m = b.machine();
        VirtualScheduler clock = b.clock();
        Syscalls sys = m.syscalls();
        int f = sys.createInode("data");
        clock.advance(sys.write(f, 0, 100L << 20));
        clock.advance(sys.fsync(f));
        sys.dropCaches(1);
        clock.advance(sys.read(f, 0, 1L << 20));
        sys.write(f, 100L << 20, 10L << 20);
        sys.mmapAnonymous(50L << 20);
        sys.mmap(f, 0, 4L << 20);
        clock.advance(1_000_000);
        m.vmStat.refresh();
        MemInfoSnapshot info = MemInfo.capture(m);
        VmStatSnapshot vmstat = VmStatFile.capture(m);
        Path meminfo = dir.resolve("meminfo");
        Path vmstatFile = dir.resolve("vmstat");
        Files.writeString(meminfo, MemInfo.render(info));
        Files.writeString(vmstatFile, VmStatFile.render(vmstat));

        String out = run("unshare", "-m", "sh", "-c", "mount --bind " + meminfo + " /proc/meminfo && mount --bind "
                + vmstatFile + " /proc/vmstat && free -k -w && echo @@ && vmstat -s");
        String[] parts = out.split("@@\n");
        long total = info.get(MemInfoField.MEM_TOTAL);
        long available = info.get(MemInfoField.MEM_AVAILABLE);
        // free -w: total used free shared buffers cache available; procps-ng 4 computes used as
        // MemTotal - MemAvailable and cache as Cached + SReclaimable.
        Matcher mem = Pattern.compile("Mem:\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)").matcher(parts[0]);
        assertThat(mem.find()).as(parts[0]).isTrue();
        assertThat(Long.parseLong(mem.group(1))).isEqualTo(total);
        assertThat(Long.parseLong(mem.group(2))).isEqualTo(total - available);
        assertThat(Long.parseLong(mem.group(3))).isEqualTo(info.get(MemInfoField.MEM_FREE));
        assertThat(Long.parseLong(mem.group(4))).isEqualTo(info.get(MemInfoField.SHMEM));
        assertThat(Long.parseLong(mem.group(5))).isEqualTo(info.get(MemInfoField.BUFFERS));
        assertThat(Long.parseLong(mem.group(6))).isEqualTo(info.get(MemInfoField.CACHED) + info.get(MemInfoField.SRECLAIMABLE));
        assertThat(Long.parseLong(mem.group(7))).isEqualTo(available);
        assertThat(parts[0]).containsPattern("Swap:\\s+0\\s+0\\s+0");
        // The machine's own figures, not the host's: 4 MiB read back (1 MiB read, 3 MiB more by the
        // mapping) and 10 MiB dirty are cached; 50 MiB anonymous.
        assertThat(info.get(MemInfoField.CACHED)).isEqualTo(14 * 1024);
        assertThat(info.get(MemInfoField.DIRTY)).isEqualTo(10 * 1024);
        assertThat(info.get(MemInfoField.ANON_PAGES)).isEqualTo(50 * 1024);
        assertThat(info.get(MemInfoField.MAPPED)).isEqualTo(4 * 1024);

        Map<String, Long> s = vmstatS(parts[1]);
        assertThat(s.get("K total memory")).isEqualTo(total);
        assertThat(s.get("K used memory")).isEqualTo(total - available);
        assertThat(s.get("K active memory")).isEqualTo(info.get(MemInfoField.ACTIVE));
        assertThat(s.get("K inactive memory")).isEqualTo(info.get(MemInfoField.INACTIVE));
        assertThat(s.get("K free memory")).isEqualTo(info.get(MemInfoField.MEM_FREE));
        assertThat(s.get("K buffer memory")).isEqualTo(info.get(MemInfoField.BUFFERS));
        assertThat(s.get("K swap cache")).isEqualTo(info.get(MemInfoField.CACHED) + info.get(MemInfoField.SRECLAIMABLE));
        assertThat(s.get("K total swap")).isZero();
        // From /proc/vmstat: pgpgin/pgpgout, already in kB.
        assertThat(s.get("K paged in")).isEqualTo(vmstat.values()[VmStatFile.indexOf("pgpgin")]).isEqualTo(4 * 1024);
        assertThat(s.get("K paged out")).isEqualTo(vmstat.values()[VmStatFile.indexOf("pgpgout")]).isEqualTo(100 * 1024);
    }

    /** Parses {@code vmstat -s}: "      1013764 K total memory". */
    private static Map<String, Long> vmstatS(String text) {
        Map<String, Long> values = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher l = Pattern.compile("^\\s*(\\d+) (.+)$").matcher(line);
            if (l.matches()) {
                values.put(l.group(2).trim(), Long.parseLong(l.group(1)));
            }
        }
        return values;
    }

    /** Why this host cannot run the test, or null if it can. */
    private static String whyNot() {
        if (!System.getProperty("os.name").toLowerCase().contains("linux")) {
            return "needs Linux (procps and mount namespaces); this is " + System.getProperty("os.name");
        }
        for (String tool : new String[] {"free", "vmstat", "unshare", "mount"}) {
            if (!onPath(tool)) {
                return "needs '" + tool + "' on the PATH (procps / util-linux)";
            }
        }
        try {
            Process p = new ProcessBuilder("unshare", "-m", "true").redirectErrorStream(true).start();
            String err = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "cannot create a private mount namespace (unshare -m: " + err
                        + "); it needs root or CAP_SYS_ADMIN";
            }
        } catch (IOException | InterruptedException e) {
            return "cannot run unshare: " + e.getMessage();
        }
        return null;
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
