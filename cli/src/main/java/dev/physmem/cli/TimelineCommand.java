package dev.physmem.cli;

import dev.physmem.cli.plot.Timeline;
import dev.physmem.cli.plot.TimelineBuilder;
import dev.physmem.cli.plot.TimelineChart;
import dev.physmem.cli.source.RecordingSource;
import dev.physmem.cli.source.Source;
import dev.physmem.cli.source.Sources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** physmem timeline SOURCE -o FILE.html|FILE.svg: plots over the recording's time. */
@Command(name = "timeline", header = "Plot a recording over time, as SVG or a self-contained HTML page.",
        mixinStandardHelpOptions = true,
        description = {"Plot a recording: free, cached, dirty and writeback pages against the writeback thresholds, "
            + "writer throttle pauses, kswapd and direct reclaim, free blocks per order. Self-contained; no network."})
final class TimelineCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "A recording or a JFR repository directory.")
    String source;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "FILE.html or FILE.svg.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String name = output.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!name.endsWith(".html") && !name.endsWith(".svg")) {
            throw CliException.usage("-o must name a .html or .svg file");
        }
        try (Source src = Sources.open(source)) {
            if (src.live()) {
                throw CliException.usage("timeline plots recordings; record one with the agent's record= option");
            }
            RecordingSource rec = (RecordingSource) src;
            TimelineBuilder builder = new TimelineBuilder(rec.start());
            rec.scan(builder);
            Timeline t = builder.build("physmem timeline: " + rec.describe());
            if (t.seconds().length == 0) {
                throw new CliException(rec.describe() + " has no meminfo snapshots to plot");
            }
            Files.writeString(output, name.endsWith(".svg") ? TimelineChart.svg(t) : TimelineChart.html(t),
                    StandardCharsets.UTF_8);
            spec.commandLine().getOut().println("physmem: wrote " + output + " (open it in a browser)");
        }
        return 0;
    }
}
