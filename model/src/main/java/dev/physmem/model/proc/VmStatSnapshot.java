package dev.physmem.model.proc;

/** /proc/vmstat at one moment: one value per line, in {@link VmStatFile#names()} order. */
public record VmStatSnapshot(long[] values) {

    public VmStatSnapshot {
        if (values.length != VmStatFile.names().size()) {
            throw new IllegalArgumentException("one value per /proc/vmstat line expected");
        }
    }

    /** The value of a line by its name, or throws if there is no such line. */
    public long get(String name) {
        int i = VmStatFile.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no /proc/vmstat line named " + name);
        }
        return values[i];
    }
}
