package dev.physmem.model.proc;

/** Helpers for reading /proc text back, the way procps reads it: whitespace-separated decimal fields. */
final class ProcParse {
    private ProcParse() {}

    static long[] numbers(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return new long[0];
        }
        String[] parts = t.split("\\s+");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Long.parseLong(parts[i].startsWith(">") ? parts[i].substring(1) : parts[i]);
        }
        return out;
    }

    static long lastNumber(String line) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[parts.length - 1]);
    }

    static IllegalArgumentException malformed(String file, String line) {
        return new IllegalArgumentException("not a /proc/" + file + " line: '" + line + "'");
    }
}
