package dev.physmem.cli.term;

import java.io.PrintStream;
import java.util.Locale;

/**
 * "reading app.jfr [#######.......] 48% 512/1066 MiB" on stderr while a long read runs, redrawn in place
 * at most ten times a second; silent when stderr is not a terminal. {@link #done()} clears the line.
 */
public final class ProgressBar {
    private final String label;
    private final PrintStream out;
    private final boolean enabled;
    private long lastDraw;
    private boolean drawn;

    public ProgressBar(String label) {
        this(label, System.err, Terminal.isInteractive());
    }

    ProgressBar(String label, PrintStream out, boolean enabled) {
        this.label = label;
        this.out = out;
        this.enabled = enabled;
    }

    public void progress(long read, long total) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (drawn && now - lastDraw < 100_000_000L && read < total) {
            return;
        }
        lastDraw = now;
        drawn = true;
        out.print("\r" + line(read, total, Math.min(40, Terminal.columns() - label.length() - 30)));
        out.flush();
    }

    String line(long read, long total, int width) {
        double f = total <= 0 ? 1 : Math.min(1, (double) read / total);
        int fill = (int) Math.round(f * width);
        return String.format(Locale.ROOT, "%s [%s%s] %3d%% %d/%d MiB", label, "#".repeat(fill), ".".repeat(width - fill),
                Math.round(f * 100), read >> 20, total >> 20);
    }

    public void done() {
        if (drawn) {
            out.print("\r\u001b[2K");
            out.flush();
            drawn = false;
        }
    }
}
