package dev.physmem.cli.source;

import dev.physmem.cli.CliException;
import dev.physmem.cli.term.ProgressBar;
import dev.physmem.jfr.read.ReadSummary;
import dev.physmem.jfr.read.RecordingException;
import dev.physmem.jfr.read.RecordingReader;
import dev.physmem.jfr.read.RecordingVisitor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** A recording (a .jfr file or a JFR repository directory), read by streaming with a progress bar. */
public final class RecordingSource implements Source {
    private final RecordingReader reader;
    private final PrintStream warnings;

    private RecordingSource(RecordingReader reader, PrintStream warnings) {
        this.reader = reader;
        this.warnings = warnings;
    }

    public static RecordingSource open(Path path) {
        try {
            RecordingSource s = new RecordingSource(RecordingReader.open(path), System.err);
            s.reader.skipped().forEach(line -> s.warnings.println("physmem: skipped " + line));
            return s;
        } catch (RecordingException e) {
            throw failure(e);
        }
    }

    /** A recording that cannot be used is a failure (1); asking for a moment it lacks is a usage error (2). */
    static CliException failure(RecordingException e) {
        return e.kind() == RecordingException.Kind.NOT_IN_RECORDING ? CliException.usage(e.getMessage())
                : new CliException(e.getMessage(), e);
    }

    @Override
    public String describe() {
        return reader.source().getFileName().toString();
    }

    public Instant start() {
        return reader.start();
    }

    /** Seconds the recording spans, from its chunk headers. */
    public double duration() {
        return Duration.between(reader.start(), reader.end()).toNanos() / 1e9;
    }

    public double secondsOf(Instant t) {
        return Duration.between(reader.start(), t).toNanos() / 1e9;
    }

    @Override
    public ProcSnapshot at(Moment at) {
        ProgressBar bar = new ProgressBar("reading " + describe());
        try {
            dev.physmem.jfr.read.ProcSnapshot s = at.isEnd() ? reader.snapshotAtEnd(bar::progress)
                    : reader.snapshotAt(Duration.ofNanos((long) (at.seconds() * 1e9)), bar::progress);
            return new ProcSnapshot(s.memInfoTime() == null ? 0 : secondsOf(s.memInfoTime()), s.memInfo(), s.vmStat(),
                    s.zoneInfo(), s.freeAreas(), s.pageTypes());
        } catch (RecordingException e) {
            throw failure(e);
        } finally {
            bar.done();
        }
    }

    /** One streaming pass over the whole recording. */
    public ReadSummary scan(RecordingVisitor visitor) {
        ProgressBar bar = new ProgressBar("reading " + describe());
        try {
            return reader.read(visitor, bar::progress);
        } catch (RecordingException e) {
            throw failure(e);
        } finally {
            bar.done();
        }
    }

    @Override
    public boolean live() {
        return false;
    }

    @Override
    public void close() {
        reader.close();
    }
}
