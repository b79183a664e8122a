package dev.physmem.cli;

import picocli.CommandLine;

/** A failure the user can act on: printed as one line, never as a stack trace (unless --verbose). */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CliException(String message) {
        this(message, CommandLine.ExitCode.SOFTWARE);
    }

    public CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = CommandLine.ExitCode.SOFTWARE;
    }

    /** A mistake in how the command was called: exit code 2. */
    public static CliException usage(String message) {
        return new CliException(message, CommandLine.ExitCode.USAGE);
    }

    public int exitCode() {
        return exitCode;
    }
}
