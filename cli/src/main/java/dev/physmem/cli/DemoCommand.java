package dev.physmem.cli;

import dev.physmem.cli.demo.DemoRun;
import dev.physmem.model.machine.Arch;
import dev.physmem.model.machine.ByteSize;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** physmem demo: a bundled workload under the agent, with a live status line, then the report. */
@Command(name = "demo", header = "Run the bundled workload under the agent, then report what the simulated kernel did.",
        mixinStandardHelpOptions = true,
        description = {"Run a bundled workload in a child JVM with the agent and a recording: a log with fsync, write bursts "
            + "past the background and dirty_ratio thresholds (vm.dirty_ratio is raised over JMX halfway), random reads "
            + "over more data than fits in memory, direct buffers, a mapped file and socket I/O through the simulated NIC; "
            + "then vm.compact_memory over JMX.",
            "Then print the report and say where the recording and the HTML report are."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--ram", paramLabel = "SIZE", defaultValue = "512m", description = "Simulated RAM (default 512m).")
    String ram;

    @Option(names = "--arch", paramLabel = "ARCH", defaultValue = "x86_64",
            description = "x86_64 (every device DMA-coherent) or arm64 (non-coherent devices: the DMA API cleans and "
                    + "invalidates cache lines) (default ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "20", description = "How long the workload runs (default 20).")
    double seconds;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "physmem-out", description = "Where the recording and report go (default ${DEFAULT-VALUE}).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long ramBytes;
        try {
            ramBytes = ByteSize.parse(ram);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--ram: " + e.getMessage());
        }
        Arch cpu;
        try {
            cpu = Arch.parse(arch);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--arch: " + e.getMessage());
        }
        if (seconds < 2 || seconds > 3600) {
            throw CliException.usage("--seconds must be between 2 and 3600");
        }
        return new DemoRun(ramBytes, cpu, seconds, out, spec.commandLine().getOut(), spec.commandLine().getErr()).run();
    }
}
