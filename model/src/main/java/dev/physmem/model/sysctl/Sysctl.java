package dev.physmem.model.sysctl;

import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One {@code vm.*} entry of the sysctl table (struct ctl_table): its kernel name, type, bounds, unit and
 * description, and how it is read and written. Writes are validated the way the kernel's proc handlers
 * validate them (proc_dointvec_minmax, proc_doulongvec_minmax) before anything changes.
 */
public final class Sysctl {
    /** How the value is stored and parsed. */
    public enum Kind {
        /** int, proc_dointvec_minmax. */
        INT,
        /** unsigned long, proc_doulongvec_minmax. */
        ULONG,
        /** an int vector printed tab-separated (lowmem_reserve_ratio). */
        INT_VECTOR,
        /** a write-only trigger (drop_caches, compact_memory): reads are refused. */
        TRIGGER
    }

    /** A custom writer: gets the parsed value after the range check, may still refuse it. */
    public interface Writer {
        void write(long value);
    }

    /** A custom vector writer. */
    public interface VectorWriter {
        void write(int[] values);
    }

    public final String name;
    public final Kind kind;
    public final long min;
    public final long max;
    public final String unit;
    public final String description;
    final LongSupplier reader;
    final Writer writer;
    final Supplier<int[]> vectorReader;
    final VectorWriter vectorWriter;
    final String defaultValue;

    private Sysctl(String name, Kind kind, long min, long max, String unit, String description, LongSupplier reader,
                   Writer writer, Supplier<int[]> vectorReader, VectorWriter vectorWriter) {
        this.name = name;
        this.kind = kind;
        this.min = min;
        this.max = max;
        this.unit = unit;
        this.description = description;
        this.reader = reader;
        this.writer = writer;
        this.vectorReader = vectorReader;
        this.vectorWriter = vectorWriter;
        this.defaultValue = kind == Kind.TRIGGER ? "" : read();
    }

    public static Sysctl ofInt(String name, long min, long max, String unit, String description, LongSupplier reader,
                               Writer writer) {
        return new Sysctl(name, Kind.INT, min, max, unit, description, reader, writer, null, null);
    }

    public static Sysctl ofUlong(String name, long min, long max, String unit, String description,
                                 LongSupplier reader, Writer writer) {
        return new Sysctl(name, Kind.ULONG, min, max, unit, description, reader, writer, null, null);
    }

    public static Sysctl ofVector(String name, long min, long max, String unit, String description,
                                  Supplier<int[]> reader, VectorWriter writer) {
        return new Sysctl(name, Kind.INT_VECTOR, min, max, unit, description, null, null, reader, writer);
    }

    public static Sysctl ofTrigger(String name, long min, long max, String description, LongConsumer action) {
        return new Sysctl(name, Kind.TRIGGER, min, max, "", description, null, action::accept, null, null);
    }

    /** vm.NAME, as sysctl(8) names it. */
    public String fullName() {
        return "vm." + name;
    }

    /** The value as /proc/sys/vm/NAME reads (vectors tab-separated). */
    public String read() {
        switch (kind) {
            case INT_VECTOR: {
                StringBuilder sb = new StringBuilder();
                for (int v : vectorReader.get()) {
                    if (sb.length() > 0) {
                        sb.append('\t');
                    }
                    sb.append(v);
                }
                return sb.toString();
            }
            case TRIGGER:
                throw new SysctlException("EPERM", fullName() + " is write-only");
            default:
                return Long.toString(reader.getAsLong());
        }
    }

    public long readLong() {
        return reader.getAsLong();
    }

    public String defaultValue() {
        return defaultValue;
    }

    /** The accepted range in words: "0 .. 100", "at least 8192", "any". */
    public String range() {
        boolean hasMin = min != Long.MIN_VALUE;
        boolean hasMax = max != Long.MAX_VALUE;
        if (hasMin && hasMax) {
            return min + " .. " + max;
        }
        if (hasMin) {
            return "at least " + min;
        }
        if (hasMax) {
            return "at most " + max;
        }
        return "any integer";
    }

    /** Parses, checks and applies {@code text}; throws SysctlException (nothing changed) if the kernel would. */
    void write(String text) {
        if (kind == Kind.INT_VECTOR) {
            String[] parts = text.trim().split("\\s+");
            int[] values = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                values[i] = (int) parse(parts[i], Integer.MIN_VALUE, Integer.MAX_VALUE);
            }
            vectorWriter.write(values);
            return;
        }
        long lo = kind == Kind.ULONG ? 0 : Integer.MIN_VALUE;
        long hi = kind == Kind.ULONG ? Long.MAX_VALUE : Integer.MAX_VALUE;
        long value = parse(text, lo, hi);
        if (value < min || value > max) {
            throw new SysctlException("EINVAL", fullName() + " = " + text.trim() + ": Invalid argument (accepted: "
                    + range() + (unit.isEmpty() ? "" : " " + unit) + ")");
        }
        writer.write(value);
    }

    private long parse(String text, long lo, long hi) {
        String t = text.trim();
        try {
            long v = Long.parseLong(t);
            if (v < lo || v > hi) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new SysctlException("EINVAL", fullName() + " = " + t + ": Invalid argument (accepted: " + range()
                    + (unit.isEmpty() ? "" : " " + unit) + ")");
        }
    }
}
