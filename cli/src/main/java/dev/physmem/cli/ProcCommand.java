package dev.physmem.cli;

import dev.physmem.cli.source.Moment;
import dev.physmem.cli.source.ProcSnapshot;
import dev.physmem.cli.source.Source;
import dev.physmem.cli.source.Sources;
import dev.physmem.model.proc.BuddyInfo;
import dev.physmem.model.proc.MemInfo;
import dev.physmem.model.proc.PageTypeInfo;
import dev.physmem.model.proc.VmStatFile;
import dev.physmem.model.proc.ZoneInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** physmem proc NAME SOURCE [--at TIME]: one /proc file, exactly as the kernel formats it. */
@Command(name = "proc", header = "Print one /proc file: meminfo, vmstat, buddyinfo, zoneinfo or pagetypeinfo.",
        mixinStandardHelpOptions = true,
        description = {"Print one /proc file of the simulated kernel, byte-compatible with Linux 6.18.",
            "SOURCE: a recording, a JFR repository directory, or a PID."})
final class ProcCommand implements Callable<Integer> {
    /** The /proc files the simulated kernel renders. */
    enum ProcFile { meminfo, vmstat, buddyinfo, zoneinfo, pagetypeinfo }

    @Parameters(index = "0", paramLabel = "NAME", description = "${COMPLETION-CANDIDATES}")
    ProcFile name;

    @Parameters(index = "1", paramLabel = "SOURCE")
    String source;

    @Mixin
    AtOption at;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Moment moment = at.moment();
        try (Source src = Sources.open(source)) {
            ProcSnapshot s = src.at(moment);
            spec.commandLine().getOut().print(render(name, s));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    static String render(ProcFile file, ProcSnapshot s) {
        switch (file) {
            case meminfo: return MemInfo.render(s.meminfo());
            case vmstat: return VmStatFile.render(s.vmstat());
            case buddyinfo: return BuddyInfo.render(s.freeAreas());
            case zoneinfo: return ZoneInfo.render(s.zoneinfo());
            case pagetypeinfo: return PageTypeInfo.render(s.freeAreas());
            default: throw new IllegalStateException(file.name());
        }
    }
}
