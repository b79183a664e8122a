package dev.physmem.jfr.read;

import dev.physmem.jfr.events.EventNames;

/** A kind of snapshot and the events it is made of; one capture of a kind gives one group of rows. */
enum SnapshotKind {
    MEM_INFO(true, EventNames.MEM_INFO),
    VM_STAT(false, EventNames.VM_STAT, EventNames.VM_EVENTS),
    ZONE_INFO(false, EventNames.ZONE_INFO, EventNames.NODE_STAT, EventNames.PER_CPU_PAGES),
    BUDDY_INFO(false, EventNames.BUDDY_INFO),
    PAGE_TYPES(false, EventNames.PAGE_TYPES);

    /** One event is the whole snapshot. */
    final boolean single;
    final String[] eventNames;

    SnapshotKind(boolean single, String... eventNames) {
        this.single = single;
        this.eventNames = eventNames;
    }

    static SnapshotKind of(String eventName) {
        for (SnapshotKind k : values()) {
            for (String n : k.eventNames) {
                if (n.equals(eventName)) {
                    return k;
                }
            }
        }
        return null;
    }

    /** The snapshot kind a /proc file is rendered from. */
    static SnapshotKind of(ProcFile f) {
        switch (f) {
            case MEMINFO: return MEM_INFO;
            case VMSTAT: return VM_STAT;
            case ZONEINFO: return ZONE_INFO;
            case BUDDYINFO:
            case PAGETYPEINFO: return BUDDY_INFO;
            case PAGE_TYPES: return PAGE_TYPES;
            default: throw new IllegalArgumentException(f.toString());
        }
    }
}
