package dev.physmem.cli;

import dev.physmem.cli.plot.TimelineBuilder;
import dev.physmem.cli.report.JsonReport;
import dev.physmem.cli.report.ReportRenderer;
import dev.physmem.cli.report.Story;
import dev.physmem.cli.report.StoryBuilder;
import dev.physmem.cli.source.Moment;
import dev.physmem.cli.source.MomentCollector;
import dev.physmem.cli.source.ProcSnapshot;
import dev.physmem.cli.source.RecordingSource;
import dev.physmem.cli.source.Source;
import dev.physmem.cli.source.Sources;
import dev.physmem.cli.source.Visitors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** physmem report SOURCE: every /proc view plus the story of the recording, as text, JSON or HTML. */
@Command(name = "report", header = "All /proc views at one moment plus the story of a recording.",
        mixinStandardHelpOptions = true,
        description = {"All /proc views at one moment plus what happened: writeback by reason, throttling, reclaim, "
            + "allocation failures and OOM, DMA per device, kernel bugs caught, and the workload the agent saw."})
final class ReportCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format { text, json, html }

    @Parameters(index = "0", paramLabel = "SOURCE", description = "A recording or a JFR repository directory.")
    String source;

    @Mixin
    AtOption at;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "${COMPLETION-CANDIDATES} (default text).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Moment moment = at.moment();
        try (Source src = Sources.open(source)) {
            if (src.live()) {
                throw CliException.usage("report reads recordings; for a running JVM use: physmem top " + source);
            }
            RecordingSource rec = (RecordingSource) src;
            String text = render(rec, moment, format);
            if (output == null) {
                spec.commandLine().getOut().print(text);
                spec.commandLine().getOut().flush();
            } else {
                Files.writeString(output, text, StandardCharsets.UTF_8);
                spec.commandLine().getErr().println("physmem: wrote " + output);
            }
        }
        return 0;
    }

    /** One pass: the story, the timeline (for HTML) and the /proc files at the moment. */
    static String render(RecordingSource rec, Moment moment, Format format) {
        if (!moment.isEnd() && moment.seconds() > rec.duration() + 1) {
            throw CliException.usage(String.format("--at %s is past the end of %s (%.1f s)", moment, rec.describe(),
                    rec.duration()));
        }
        StoryBuilder story = new StoryBuilder(rec.start());
        TimelineBuilder timeline = new TimelineBuilder(rec.start());
        MomentCollector procs = new MomentCollector(rec.start(), moment);
        rec.scan(Visitors.of(story, timeline, procs));
        Story s = story.build(rec.describe());
        ProcSnapshot snapshot = procs.snapshot(rec.describe());
        String when = moment.isEnd() ? String.format("the end (%.1f s)", snapshot.seconds())
                : String.format("%.1f s", snapshot.seconds());
        switch (format) {
            case json: return JsonReport.render(s, snapshot, when);
            case html: return ReportRenderer.html(s, snapshot, when, timeline.build(rec.describe()));
            default: return ReportRenderer.text(s, snapshot, when);
        }
    }
}
