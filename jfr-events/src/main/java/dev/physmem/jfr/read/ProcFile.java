package dev.physmem.jfr.read;

/** The /proc files (and the page-types summary) a recording's snapshots rebuild. */
public enum ProcFile {
    MEMINFO("meminfo"),
    VMSTAT("vmstat"),
    ZONEINFO("zoneinfo"),
    BUDDYINFO("buddyinfo"),
    PAGETYPEINFO("pagetypeinfo"),
    PAGE_TYPES("page-types");

    /** The name under /proc (or the tool's), as users type it. */
    public final String procName;

    ProcFile(String procName) {
        this.procName = procName;
    }

    /** By its /proc name; null if there is none. */
    public static ProcFile byName(String name) {
        for (ProcFile f : values()) {
            if (f.procName.equals(name)) {
                return f;
            }
        }
        return null;
    }
}
