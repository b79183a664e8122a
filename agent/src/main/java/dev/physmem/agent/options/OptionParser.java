package dev.physmem.agent.options;

import dev.physmem.agent.io.Throttle;
import dev.physmem.agent.jit.KernelJit;
import dev.physmem.agent.jfr.JfrBridge;
import dev.physmem.model.machine.Arch;
import dev.physmem.model.machine.ByteSize;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.machine.ThpMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code -javaagent:physmem-agent.jar=key=value,...}. Every problem is one line naming the
 * option, the value and what is accepted. vm.* values are only collected here: the sysctl table of the
 * booted machine validates them, as /proc/sys/vm would.
 */
public final class OptionParser {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ns|us|ms|s)");

    private OptionParser() {}

    /** The help text, with defaults: what {@code help} prints. */
    public static String help() {
        MachineConfig d = MachineConfig.defaults();
        return String.join("\n",
                "physmem agent: -javaagent:physmem-agent.jar=key=value,...",
                "  ram=SIZE            installed RAM, 64m .. 1t, a multiple of 2m (default " + ByteSize.format(d.ramBytes()) + ")",
                "  arch=ARCH           x86_64 or arm64 (default " + d.arch().kernelName() + ")",
                "  nodes=N             NUMA nodes, 1 .. " + MachineConfig.MAX_NODES + " (default " + d.nodes() + ")",
                "  cpus=N              simulated CPUs, nodes .. " + MachineConfig.MAX_CPUS + " (default " + d.cpus() + ")",
                "  hugepages=N         2 MiB hugetlb pages reserved at boot, as the kernel's hugepages= (default 0)",
                "  hugepages_1g=N      1 GiB hugetlb pages carved out at boot (hugepagesz=1G hugepages=N; default 0)",
                "  thp=MODE            transparent_hugepage: always, madvise or never (default " + d.thp() + ")",
                "  swap=SIZE           a swap device of SIZE, so anonymous memory can be reclaimed (default none)",
                "  disk=SIZE           block device bandwidth per second (default " + ByteSize.format(d.diskBandwidth()) + ")",
                "  disk_latency=TIME   block device latency per request: ns, us, ms or s (default "
                        + d.diskLatencyNanos() / 1000 + "us)",
                "  record=FILE.jfr     start a JFR recording and write it to FILE when the JVM exits (default: none)",
                "  jfc=SETTINGS        default, detailed or a .jfc file, for record= (default default)",
                "  throttle=MODE       off, record or sleep: what a simulated wait does to the thread (default record)",
                "  kernel_jit=JIT      c1 or c2: the JIT compiler the simulated kernel gets; c1 leaves the cores to the",
                "                      application in its first seconds, c2 runs the kernel fastest (default c1)",
                "  strict=BOOL         true: a bad option stops the JVM; kernel bugs throw (default false)",
                "  seed=N              seed of everything the simulator randomises (default " + d.seed() + ")",
                "  vm.NAME=VALUE       any vm.* sysctl, e.g. vm.dirty_ratio=30, checked like /proc/sys/vm/NAME",
                "  help                print this and run the application without the agent");
    }

    public static AgentOptions parse(String args) throws OptionException {
        AgentOptions o = AgentOptions.defaults();
        MachineConfig m = o.machine();
        Path record = null;
        String jfc = o.jfc();
        Throttle throttle = o.throttle();
        KernelJit kernelJit = o.kernelJit();
        boolean strict = false;
        boolean help = false;
        long diskBandwidth = m.diskBandwidth();
        long diskLatency = m.diskLatencyNanos();
        int hugepages = m.hugepages();
        int hugepages1g = m.hugepages1g();
        Map<String, String> sysctls = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (String item : (args == null ? "" : args).split(",")) {
            String it = item.trim();
            if (it.isEmpty()) {
                continue;
            }
            int eq = it.indexOf('=');
            String key = (eq < 0 ? it : it.substring(0, eq)).trim();
            String value = eq < 0 ? null : it.substring(eq + 1).trim();
            if (key.equals("help") && value == null) {
                help = true;
                continue;
            }
            if (value == null || value.isEmpty()) {
                throw new OptionException("option " + key + " needs a value (key=value; 'help' lists the options)");
            }
            if (!seen.add(key)) {
                throw new OptionException("option " + key + " is given twice");
            }
            if (key.startsWith("vm.")) {
                sysctls.put(key.substring(3), value);
                continue;
            }
            switch (key) {
                case "ram": m = m.withRam(size(key, value, "a size like 512m or 2g, 64m .. 1t, a multiple of 2m")); break;
                case "arch": m = m.withArch(arch(value)); break;
                case "nodes": m = m.withNodes(integer(key, value, 1, MachineConfig.MAX_NODES)); break;
                case "cpus": m = m.withCpus(integer(key, value, 1, MachineConfig.MAX_CPUS)); break;
                case "hugepages": hugepages = integer(key, value, 0, Integer.MAX_VALUE); break;
                case "hugepages_1g": hugepages1g = integer(key, value, 0, Integer.MAX_VALUE); break;
                case "thp": m = m.withThp(thp(value)); break;
                case "swap": m = m.withSwap(size(key, value, "a size like 256m or 1g, or 0 for none")); break;
                case "disk": diskBandwidth = size(key, stripPerSecond(value), "a bandwidth like 200m or 1g (per second), at least 4k"); break;
                case "disk_latency": diskLatency = duration(key, value); break;
                case "record": record = recordFile(value); break;
                case "jfc": jfc = jfc(value); break;
                case "throttle": throttle = throttle(value); break;
                case "kernel_jit": kernelJit = kernelJit(value); break;
                case "strict": strict = bool(key, value); break;
                case "seed": m = m.withSeed(longValue(key, value)); break;
                default:
                    throw OptionException.of(key, value, "unknown option",
                            "ram, arch, nodes, cpus, hugepages, hugepages_1g, thp, swap, disk, disk_latency, record, jfc, throttle, "
                                    + "kernel_jit, strict, seed, vm.NAME, help");
            }
        }
        m = m.withHugepages(hugepages, hugepages1g).withDisk(diskBandwidth, diskLatency).withStrict(strict);
        try {
            m.validate();
        } catch (IllegalArgumentException e) {
            throw new OptionException("option " + e.getMessage());
        }
        return new AgentOptions(m, record, jfc, throttle, kernelJit, strict, help, Collections.unmodifiableMap(sysctls));
    }

    /** strict=true anywhere in the string, even if another option is wrong: it decides what an error does. */
    public static boolean strictRequested(String args) {
        for (String item : (args == null ? "" : args).split(",")) {
            String it = item.trim().replace(" ", "").toLowerCase(Locale.ROOT);
            if (it.equals("strict=true")) {
                return true;
            }
        }
        return false;
    }

    private static long size(String key, String value, String accepted) throws OptionException {
        try {
            return ByteSize.parse(value);
        } catch (IllegalArgumentException e) {
            throw OptionException.of(key, value, "not a size", accepted);
        }
    }

    private static String stripPerSecond(String value) {
        return value.endsWith("/s") ? value.substring(0, value.length() - 2) : value;
    }

    private static Arch arch(String value) throws OptionException {
        try {
            return Arch.parse(value);
        } catch (IllegalArgumentException e) {
            throw OptionException.of("arch", value, "not a supported architecture", "x86_64 or arm64");
        }
    }

    private static ThpMode thp(String value) throws OptionException {
        try {
            return ThpMode.parse(value);
        } catch (IllegalArgumentException e) {
            throw OptionException.of("thp", value, "not a THP mode", "always, madvise or never");
        }
    }

    private static int integer(String key, String value, int min, int max) throws OptionException {
        try {
            int v = Integer.parseInt(value);
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw OptionException.of(key, value, "not a number in range", min + " .. " + max);
        }
    }

    private static long longValue(String key, String value) throws OptionException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw OptionException.of(key, value, "not a number", "a 64-bit integer");
        }
    }

    private static long duration(String key, String value) throws OptionException {
        if (value.equals("0")) {
            return 0;
        }
        Matcher d = DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (!d.matches()) {
            throw OptionException.of(key, value, "not a duration", "a number with ns, us, ms or s, like 500us or 2ms");
        }
        long n = Long.parseLong(d.group(1));
        switch (d.group(2)) {
            case "ns": return n;
            case "us": return n * 1_000L;
            case "ms": return n * 1_000_000L;
            default: return n * 1_000_000_000L;
        }
    }

    private static Path recordFile(String value) throws OptionException {
        Path p = Path.of(value).toAbsolutePath();
        Path dir = p.getParent();
        if (!value.endsWith(".jfr") || dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw OptionException.of("record", value, "cannot write a recording there",
                    "a .jfr file in an existing, writable directory");
        }
        return p;
    }

    private static String jfc(String value) throws OptionException {
        if (!JfrBridge.isConfiguration(value)) {
            throw OptionException.of("jfc", value, "no such settings", "default, detailed or a readable .jfc file");
        }
        return value;
    }

    private static Throttle throttle(String value) throws OptionException {
        try {
            return Throttle.parse(value);
        } catch (IllegalArgumentException e) {
            throw OptionException.of("throttle", value, "no such mode", "off, record or sleep");
        }
    }

    private static KernelJit kernelJit(String value) throws OptionException {
        try {
            return KernelJit.parse(value);
        } catch (IllegalArgumentException e) {
            throw OptionException.of("kernel_jit", value, "no such compiler", "c1 or c2");
        }
    }

    private static boolean bool(String key, String value) throws OptionException {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true": return true;
            case "false": return false;
            default: throw OptionException.of(key, value, "not a boolean", "true or false");
        }
    }
}
