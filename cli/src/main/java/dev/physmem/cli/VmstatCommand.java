package dev.physmem.cli;

import dev.physmem.cli.source.Moment;
import dev.physmem.cli.source.ProcSnapshot;
import dev.physmem.cli.source.RecordingSource;
import dev.physmem.cli.source.SeriesCollector;
import dev.physmem.cli.source.Source;
import dev.physmem.cli.source.Sources;
import dev.physmem.cli.views.VmstatTable;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** physmem vmstat SOURCE [INTERVAL]: vmstat(8)-style rows over a recording, or live every INTERVAL seconds. */
@Command(name = "vmstat", header = "vmstat(8) rows over a recording, or live from a JVM.",
        mixinStandardHelpOptions = true,
        description = {"Memory, I/O, writeback and reclaim figures in the layout of vmstat(8).",
            "For a recording: one row per INTERVAL seconds of its timeline. For a PID: a row every INTERVAL seconds."})
final class VmstatCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SOURCE")
    String source;

    @Parameters(index = "1", paramLabel = "INTERVAL", defaultValue = "1", description = "Seconds between rows (default 1).")
    double interval;

    @Option(names = {"-n", "--count"}, paramLabel = "N", description = "Stop after N rows (live; default: until interrupted).")
    int count;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (interval <= 0) {
            throw CliException.usage("INTERVAL must be positive");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Source src = Sources.open(source)) {
            out.print(VmstatTable.header(!src.live()));
            if (src.live()) {
                ProcSnapshot prev = src.at(Moment.END);
                out.print(VmstatTable.row(null, prev, false));
                out.flush();
                for (int n = 1; count == 0 || n < count; n++) {
                    Thread.sleep((long) (interval * 1000));
                    ProcSnapshot cur = src.at(Moment.END);
                    out.print(VmstatTable.row(prev, cur, false));
                    out.flush();
                    prev = cur;
                }
            } else {
                RecordingSource rec = (RecordingSource) src;
                SeriesCollector series = new SeriesCollector(rec.start(), interval);
                rec.scan(series);
                ProcSnapshot prev = null;
                for (ProcSnapshot cur : series.series()) {
                    out.print(VmstatTable.row(prev, cur, true));
                    prev = cur;
                }
                out.flush();
            }
        }
        return 0;
    }
}
