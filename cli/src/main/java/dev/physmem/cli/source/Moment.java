package dev.physmem.cli.source;

import dev.physmem.cli.CliException;

/** --at TIME: seconds from the start of a recording, or its end. */
public record Moment(double seconds) {
    public static final Moment END = new Moment(Double.POSITIVE_INFINITY);

    public boolean isEnd() {
        return Double.isInfinite(seconds);
    }

    public static Moment parse(String text) {
        if (text == null || text.equalsIgnoreCase("end")) {
            return END;
        }
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.endsWith("s")) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            double s = Double.parseDouble(t);
            if (s < 0 || Double.isNaN(s) || Double.isInfinite(s)) {
                throw new NumberFormatException();
            }
            return new Moment(s);
        } catch (NumberFormatException e) {
            throw CliException.usage("--at '" + text + "' is not a time (seconds from the start, e.g. 12.5, or 'end')");
        }
    }

    @Override
    public String toString() {
        return isEnd() ? "end" : seconds + " s";
    }
}
