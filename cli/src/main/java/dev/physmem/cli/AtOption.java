package dev.physmem.cli;

import dev.physmem.cli.source.Moment;
import picocli.CommandLine.Option;

/** {@code --at TIME}, mixed into the commands that show the simulated kernel at one moment. */
final class AtOption {
    @Option(names = "--at", paramLabel = "TIME", description = "Seconds from the recording's start, or 'end' (default).")
    String at;

    /** The moment asked for; a usage error if TIME is not one. */
    Moment moment() {
        return Moment.parse(at);
    }
}
