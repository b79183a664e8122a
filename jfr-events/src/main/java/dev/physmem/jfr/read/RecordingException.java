package dev.physmem.jfr.read;

/** A recording that cannot be read as asked, with a one-line message fit for a command line. */
public final class RecordingException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong, so a caller can choose an exit code. */
    public enum Kind {
        /** The path does not exist. */
        NOT_FOUND,
        /** The file is not a JFR recording, or a directory holds none. */
        NOT_A_RECORDING,
        /** Nothing complete could be read: the recording was cut off or is being written. */
        TRUNCATED,
        /** The recording is damaged where it claims to be complete. */
        CORRUPT,
        /** The recording is fine but holds no physmem events. */
        NO_PHYSMEM_EVENTS,
        /** The recording has physmem's event types but no /proc snapshots: they were not enabled. */
        NO_SNAPSHOTS,
        /** The requested time, or the requested /proc file, is not in the recording. */
        NOT_IN_RECORDING,
        /** Reading failed for a reason outside the recording (permissions, disk). */
        IO,
    }

    private final Kind kind;

    public RecordingException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public RecordingException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
