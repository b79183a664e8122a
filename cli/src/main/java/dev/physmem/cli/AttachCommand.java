package dev.physmem.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.VirtualMachine;
import dev.physmem.cli.live.AgentJar;
import dev.physmem.cli.live.LiveJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** physmem attach PID [OPTIONS]: loads the agent into a running JVM. */
@Command(name = "attach", header = "Load the physmem agent into a running JVM.",
        mixinStandardHelpOptions = true,
        description = {"Load the physmem agent into a running JVM (dynamic attach).",
            "OPTIONS are the agent's key=value options, e.g. ram=2g record=app.jfr vm.dirty_ratio=30.",
            "On JDK 21+ start the target with -XX:+EnableDynamicAgentLoading to avoid its warning."})
final class AttachCommand implements Callable<Integer> {
    /** How long a freshly loaded agent may take to boot its machine and register its MBeans. */
    private static final Duration AGENT_START = Duration.ofSeconds(15);

    @Parameters(index = "0", paramLabel = "PID")
    String pid;

    @Parameters(index = "1..*", paramLabel = "OPTION", description = "Agent options (key=value).")
    List<String> options = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        long target = LiveJvm.parsePid(pid);
        Path jar = AgentJar.locate();
        VirtualMachine vm = LiveJvm.attach(target);
        try {
            vm.loadAgent(jar.toString(), String.join(",", options));
        } catch (AgentLoadException | AgentInitializationException e) {
            throw new CliException("PID " + target + " refused the agent: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CliException("cannot load the agent into PID " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                vm.detach();
            } catch (IOException ignored) {
                // loaded or not, there is nothing left to release
            }
        }
        try (LiveJvm jvm = LiveJvm.connect(target, AGENT_START)) {
            spec.commandLine().getOut().println("physmem agent running in PID " + jvm.pid()
                    + "; try: physmem top " + jvm.pid());
        }
        return 0;
    }
}
