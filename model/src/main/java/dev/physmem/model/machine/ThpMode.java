package dev.physmem.model.machine;

import java.util.Locale;

/** /sys/kernel/mm/transparent_hugepage/enabled. With always or madvise khugepaged raises min_free_kbytes. */
public enum ThpMode {
    ALWAYS, MADVISE, NEVER;

    public static ThpMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a THP mode (always, madvise or never)");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
