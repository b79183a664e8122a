package dev.physmem.cli.term;

/** What the output is connected to: colours, progress bars and full-screen views only on a terminal. */
public final class Terminal {
    private Terminal() {}

    /** A console is attached and NO_COLOR is not set. */
    public static boolean isInteractive() {
        return System.console() != null && System.getenv("NO_COLOR") == null
                && !"dumb".equals(System.getenv("TERM"));
    }

    /** Terminal width from $COLUMNS, else 80. */
    public static int columns() {
        try {
            String c = System.getenv("COLUMNS");
            return c == null ? 80 : Math.max(40, Integer.parseInt(c.trim()));
        } catch (NumberFormatException e) {
            return 80;
        }
    }
}
