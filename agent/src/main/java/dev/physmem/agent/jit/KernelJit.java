package dev.physmem.agent.jit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * How HotSpot compiles the simulated kernel, option {@code kernel_jit}: the model's classes, the agent's
 * code that runs them on the syscall thread ({@code dev.physmem.agent.io}) and the JFR events they commit.
 *
 * <p>{@link #C1}, the default, keeps C2 off them with a compiler directive; HotSpot then compiles their
 * methods at tier 1 (C1 without profiling). In a fresh JVM, C2 compiling the kernel took 2-3.7 s of CPU
 * over the first 2.5 GiB an application wrote, and on two cores that CPU is largely the application's:
 * on the build machine its first GiB ran 1.05-1.34x as long as without the agent, against 0.98-1.05x with
 * the directive (agent/README, Overhead); the kernel, on its own thread, takes a few per cent more CPU.
 * {@link #C2} leaves the JVM's policy alone: the kernel's fastest code, for long runs with cores to spare.
 *
 * <p>The directive is added as {@code jcmd PID Compiler.directives_add} does, through the
 * DiagnosticCommand MBean. It decides only for methods compiled on their own: code inlined into the JDK
 * methods the application calls (the hooks and the queue) is compiled with them, by C2. It matches
 * nothing outside physmem's packages, and directives other code added stay as they are (the first
 * directive that matches a method applies).
 */
public enum KernelJit {
    C1, C2;

    /** The directive: the kernel's classes, never C2. */
    static final String DIRECTIVE = "[{ \"match\": [\"dev/physmem/model/*.*\", \"dev/physmem/agent/io/*.*\", "
            + "\"dev/physmem/jfr/*.*\"], \"c2\": { \"Exclude\": true } }]\n";

    public static KernelJit parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /**
     * Tells the JVM, once; for {@link #C2} there is nothing to tell. Returns null, or why the JVM could
     * not be told (not a HotSpot JVM with diagnostic commands, no temporary file): the kernel is then
     * compiled as the JVM's policy has it.
     */
    public String apply() {
        if (this == C2) {
            return null;
        }
        Path file = null;
        try {
            file = Files.createTempFile("physmem-kernel-jit", ".json");
            Files.writeString(file, DIRECTIVE, StandardCharsets.UTF_8);
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
            String said = String.valueOf(out).trim();
            return said.startsWith("1 compiler directives added") ? null : said;
        } catch (JMException | IOException | RuntimeException e) {
            return e.toString();
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file of a few bytes; the JVM has read it
                }
            }
        }
    }
}
