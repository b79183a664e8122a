package dev.physmem.model.proc;

/**
 * /proc/meminfo at one moment: one value per {@link MemInfoField} (kB, or a count for HugePages_*).
 * {@code directMap} says whether the DirectMap lines exist (x86 only).
 */
public record MemInfoSnapshot(long[] values, boolean directMap) {

    public MemInfoSnapshot {
        if (values.length != MemInfoField.values().length) {
            throw new IllegalArgumentException("one value per meminfo field expected");
        }
    }

    public long get(MemInfoField field) {
        return values[field.ordinal()];
    }
}
