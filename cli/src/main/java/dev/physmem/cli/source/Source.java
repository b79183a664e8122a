package dev.physmem.cli.source;

/**
 * Where /proc views come from: a recording (a .jfr file or a JFR repository directory), or the PID of a
 * running JVM with the agent. Opened by {@link Sources#open}.
 */
public interface Source extends AutoCloseable {

    /** "PID 4242" or the recording's file name, for messages. */
    String describe();

    /** The /proc files at {@code at}; a live source knows only "now" and takes any moment to mean it. */
    ProcSnapshot at(Moment at);

    /** Whether the source keeps changing (a live JVM) or is fixed (a recording). */
    boolean live();

    @Override
    void close();
}
