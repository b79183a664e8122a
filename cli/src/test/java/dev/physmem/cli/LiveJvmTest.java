package dev.physmem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.cli.live.AgentJar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CLI against real JVMs: one started with the agent, one without it that the CLI attaches to.
 * Two JVM launches for the whole class.
 */
class LiveJvmTest {
    private static Process withAgent;
    private static Process without;

    @BeforeAll
    static void start() throws IOException {
        withAgent = launch(List.of("-javaagent:" + AgentJar.locate() + "=ram=256m"));
        without = launch(List.of("-XX:+EnableDynamicAgentLoading"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process p : new Process[] {withAgent, without}) {
            if (p != null) {
                try (OutputStream in = p.getOutputStream()) {
                    in.write("exit\n".getBytes(StandardCharsets.UTF_8));
                } catch (IOException alreadyGone) {
                    // nothing to tell it
                }
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private static Process launch(List<String> jvmOptions) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(IdleApp.class.getName());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String first = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(first).isEqualTo("ready");
        return p;
    }

    private static String pid(Process p) {
        return Long.toString(p.pid());
    }

    @Test
    void procPrintsTheLiveKernelsFiles() {
        Cli meminfo = Cli.run("proc", "meminfo", pid(withAgent));
        assertThat(meminfo.exitCode).as(meminfo.toString()).isZero();
        assertThat(meminfo.out).startsWith("MemTotal:").contains("\nDirty:").contains("\nHugePages_Total:");
        Cli zoneinfo = Cli.run("proc", "zoneinfo", pid(withAgent));
        assertThat(zoneinfo.out).startsWith("Node 0, zone      DMA\n  per-node stats\n");
        Cli buddy = Cli.run("proc", "buddyinfo", pid(withAgent));
        assertThat(buddy.out).startsWith("Node 0, zone      DMA ").endsWith(" \n");
    }

    @Test
    void sysctlReadsAndWritesLikeSysctl8() {
        assertThat(Cli.run("sysctl", pid(withAgent), "vm.dirty_background_ratio").out)
                .isEqualTo("vm.dirty_background_ratio = 10\n");
        Cli set = Cli.run("sysctl", pid(withAgent), "vm.dirty_background_ratio=15");
        assertThat(set.exitCode).as(set.toString()).isZero();
        assertThat(set.out).isEqualTo("vm.dirty_background_ratio = 15\n");
        assertThat(Cli.run("sysctl", pid(withAgent), "dirty_background_ratio").out)
                .isEqualTo("vm.dirty_background_ratio = 15\n");
        Cli all = Cli.run("sysctl", pid(withAgent), "-a");
        assertThat(all.out).contains("vm.dirty_ratio = ", "vm.min_free_kbytes = ", "vm.lowmem_reserve_ratio = 256\t256\t32\t0\t0");
    }

    @Test
    void sysctlRefusesWhatTheKernelRefuses() {
        Cli tooBig = Cli.run("sysctl", pid(withAgent), "vm.dirty_ratio=101");
        assertThat(tooBig.exitCode).isEqualTo(1);
        assertThat(tooBig.err).isEqualTo(
                "physmem: sysctl: setting key \"vm.dirty_ratio\": Invalid argument (accepted: 0 .. 100 %)\n");
        Cli unknown = Cli.run("sysctl", pid(withAgent), "vm.no_such_knob");
        assertThat(unknown.exitCode).isEqualTo(1);
        assertThat(unknown.err).isEqualTo("physmem: sysctl: cannot stat /proc/sys/vm/no_such_knob: No such file or directory\n");
        assertThat(Cli.run("sysctl", pid(withAgent), "vm.dirty_ratio").out).isEqualTo("vm.dirty_ratio = 20\n");
    }

    @Test
    void vmstatTopAndPageTypesLive() {
        Cli vmstat = Cli.run("vmstat", pid(withAgent), "0.2", "-n", "3");
        assertThat(vmstat.exitCode).as(vmstat.toString()).isZero();
        assertThat(vmstat.out.lines()).hasSize(5);
        assertThat(vmstat.out.lines().toList().get(1)).contains("free", "buff", "cache", "bi", "bo", "dirty", "thresh");
        Cli top = Cli.run("top", pid(withAgent), "-n", "1");
        assertThat(top.out).contains("physmem top - PID " + pid(withAgent), "free blocks by order", "Node 0 DMA32");
        Cli types = Cli.run("page-types", pid(withAgent));
        assertThat(types.out).startsWith("             flags\tpage-count       MB  symbolic-flags");
    }

    @Test
    void aJvmWithoutTheAgentIsNamedAndCanBeAttached() {
        Cli before = Cli.run("proc", "meminfo", pid(without));
        assertThat(before.exitCode).isEqualTo(1);
        assertThat(before.err).isEqualTo("physmem: PID " + pid(without) + " runs no physmem agent; load it with: physmem attach "
                + pid(without) + "\n");
        Cli attach = Cli.run("attach", pid(without), "ram=128m");
        assertThat(attach.exitCode).as(attach.toString()).isZero();
        assertThat(attach.out).startsWith("physmem agent running in PID " + pid(without));
        assertThat(Cli.run("proc", "meminfo", pid(without)).out).startsWith("MemTotal:");
    }
}
