package dev.physmem.cli;

import dev.physmem.cli.live.LiveJvm;
import dev.physmem.cli.live.Sysctls;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** physmem sysctl PID [-a] [vm.NAME[=VALUE] ...]: sysctl(8) for the simulated kernel of a live JVM. */
@Command(name = "sysctl", header = "Read or write a live JVM's simulated vm.* sysctls, as sysctl(8) does.",
        mixinStandardHelpOptions = true,
        description = {"Read or write the simulated vm.* sysctls of a running JVM, as sysctl(8) does.",
            "Examples: physmem sysctl 4242 -a; physmem sysctl 4242 vm.dirty_ratio=40"})
final class SysctlCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PID", description = "A JVM running the physmem agent.")
    String pid;

    @Parameters(index = "1..*", paramLabel = "vm.NAME[=VALUE]", description = "Keys to read, or to write with =.")
    List<String> keys = new ArrayList<>();

    @Option(names = {"-a", "--all"}, description = "Print every vm.* sysctl.")
    boolean all;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!all && keys.isEmpty()) {
            throw CliException.usage("name a key (vm.NAME or vm.NAME=VALUE) or use -a");
        }
        try (LiveJvm jvm = LiveJvm.connect(LiveJvm.parsePid(pid))) {
            Sysctls sysctls = new Sysctls(jvm);
            List<String> out = new ArrayList<>();
            if (all) {
                out.addAll(sysctls.all());
            }
            for (String key : keys) {
                int eq = key.indexOf('=');
                out.add(eq < 0 ? sysctls.get(key) : sysctls.set(key.substring(0, eq), key.substring(eq + 1)));
            }
            out.forEach(spec.commandLine().getOut()::println);
        }
        return 0;
    }
}
