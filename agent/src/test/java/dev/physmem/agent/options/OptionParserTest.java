package dev.physmem.agent.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.agent.io.Throttle;
import dev.physmem.agent.jit.KernelJit;
import dev.physmem.model.machine.Arch;
import dev.physmem.model.machine.ThpMode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionParserTest {
    @TempDir
    Path dir;

    @Test
    void noOptionsIsTheDefaultMachine() throws OptionException {
        AgentOptions o = OptionParser.parse(null);
        assertThat(o.machine().ramBytes()).isEqualTo(1L << 30);
        assertThat(o.machine().arch()).isEqualTo(Arch.X86_64);
        assertThat(o.machine().diskBandwidth()).isEqualTo(200L << 20);
        assertThat(o.machine().diskLatencyNanos()).isEqualTo(500_000);
        assertThat(o.record()).isNull();
        assertThat(o.jfc()).isEqualTo("default");
        assertThat(o.throttle()).isEqualTo(Throttle.RECORD);
        assertThat(o.kernelJit()).isEqualTo(KernelJit.C1);
        assertThat(o.strict()).isFalse();
        assertThat(o.help()).isFalse();
        assertThat(o.sysctls()).isEmpty();
    }

    @Test
    void everyOption() throws OptionException {
        String rec = dir.resolve("app.jfr").toString();
        AgentOptions o = OptionParser.parse("ram=4g, arch=arm64,nodes=2,cpus=4,hugepages=64,hugepages_1g=1,thp=never,"
                + "swap=512m,disk=50m/s,disk_latency=2ms,record=" + rec
                + ",jfc=detailed,throttle=sleep,kernel_jit=C2,strict=true,seed=7,vm.dirty_ratio=30,vm.dirty_background_ratio=5");
        assertThat(o.machine().ramBytes()).isEqualTo(4L << 30);
        assertThat(o.machine().arch()).isEqualTo(Arch.ARM64);
        assertThat(o.machine().nodes()).isEqualTo(2);
        assertThat(o.machine().cpus()).isEqualTo(4);
        assertThat(o.machine().hugepages()).isEqualTo(64);
        assertThat(o.machine().hugepages1g()).isEqualTo(1);
        assertThat(o.machine().thp()).isEqualTo(ThpMode.NEVER);
        assertThat(o.machine().swapBytes()).isEqualTo(512L << 20);
        assertThat(o.machine().diskBandwidth()).isEqualTo(50L << 20);
        assertThat(o.machine().diskLatencyNanos()).isEqualTo(2_000_000);
        assertThat(o.machine().strict()).isTrue();
        assertThat(o.machine().seed()).isEqualTo(7);
        assertThat(o.record()).isEqualTo(Path.of(rec));
        assertThat(o.jfc()).isEqualTo("detailed");
        assertThat(o.throttle()).isEqualTo(Throttle.SLEEP);
        assertThat(o.kernelJit()).isEqualTo(KernelJit.C2);
        assertThat(o.sysctls()).containsExactly(java.util.Map.entry("dirty_ratio", "30"),
                java.util.Map.entry("dirty_background_ratio", "5"));
        assertThat(OptionParser.parse("help").help()).isTrue();
    }

    @Test
    void eachMistakeIsOneLineNamingOptionValueAndWhatIsAccepted() {
        assertThatThrownBy(() -> OptionParser.parse("ram=3x")).hasMessage(
                "option ram=3x: not a size (accepted: a size like 512m or 2g, 64m .. 1t, a multiple of 2m)");
        assertThatThrownBy(() -> OptionParser.parse("ram=32m")).hasMessage(
                "option ram=32m is out of range (64m .. 1t)");
        assertThatThrownBy(() -> OptionParser.parse("arch=sparc")).hasMessage(
                "option arch=sparc: not a supported architecture (accepted: x86_64 or arm64)");
        assertThatThrownBy(() -> OptionParser.parse("cpus=0")).hasMessage(
                "option cpus=0: not a number in range (accepted: 1 .. 256)");
        assertThatThrownBy(() -> OptionParser.parse("disk_latency=5")).hasMessage(
                "option disk_latency=5: not a duration (accepted: a number with ns, us, ms or s, like 500us or 2ms)");
        assertThatThrownBy(() -> OptionParser.parse("throttle=maybe")).hasMessage(
                "option throttle=maybe: no such mode (accepted: off, record or sleep)");
        assertThatThrownBy(() -> OptionParser.parse("jfc=nowhere.jfc")).hasMessage(
                "option jfc=nowhere.jfc: no such settings (accepted: default, detailed or a readable .jfc file)");
        assertThatThrownBy(() -> OptionParser.parse("record=/no/such/dir/x.jfr")).hasMessage(
                "option record=/no/such/dir/x.jfr: cannot write a recording there "
                        + "(accepted: a .jfr file in an existing, writable directory)");
        assertThatThrownBy(() -> OptionParser.parse("kernel_jit=graal")).hasMessage(
                "option kernel_jit=graal: no such compiler (accepted: c1 or c2)");
        assertThatThrownBy(() -> OptionParser.parse("strict=yes")).hasMessage(
                "option strict=yes: not a boolean (accepted: true or false)");
        assertThatThrownBy(() -> OptionParser.parse("colour=red")).hasMessage("option colour=red: unknown option "
                + "(accepted: ram, arch, nodes, cpus, hugepages, hugepages_1g, thp, swap, disk, disk_latency, record, jfc, throttle, "
                + "kernel_jit, strict, seed, vm.NAME, help)");
        assertThatThrownBy(() -> OptionParser.parse("thp=sometimes")).hasMessage(
                "option thp=sometimes: not a THP mode (accepted: always, madvise or never)");
        assertThatThrownBy(() -> OptionParser.parse("ram=1g,hugepages=300")).hasMessage(
                "option hugepages=300 and hugepages_1g=0 would take more than half of ram=1g");
        assertThatThrownBy(() -> OptionParser.parse("ram=1g,ram=2g")).hasMessage("option ram is given twice");
        assertThatThrownBy(() -> OptionParser.parse("nodes=2,cpus=1")).hasMessage(
                "option cpus=1 is out of range (2 .. 256; at least one per node)");
    }

    @Test
    void strictIsFoundEvenWhenAnotherOptionIsWrong() {
        assertThat(OptionParser.strictRequested("ram=3x, strict=true")).isTrue();
        assertThat(OptionParser.strictRequested("ram=3x")).isFalse();
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        assertThat(OptionParser.help()).contains("ram=SIZE", "(default 1g)", "arch=ARCH", "nodes=N", "cpus=N",
                "hugepages=N", "hugepages_1g=N", "thp=MODE", "(default madvise)", "swap=SIZE", "disk=SIZE", "(default 200m)", "disk_latency=TIME", "(default 500us)", "record=FILE.jfr", "jfc=SETTINGS",
                "throttle=MODE", "kernel_jit=JIT", "(default c1)", "strict=BOOL", "seed=N", "(default 42)", "vm.NAME=VALUE", "help");
    }
}
