package dev.physmem.cli.term;

import java.io.IOException;
import java.io.InputStream;

/**
 * Single key presses without Enter, for full-screen views: the terminal is switched to non-canonical,
 * no-echo mode with stty(1) and restored on close (and at JVM exit).
 */
public final class RawKeyboard implements AutoCloseable {
    private final String saved;
    private final Thread restoreAtExit;

    private RawKeyboard(String saved) {
        this.saved = saved;
        this.restoreAtExit = new Thread(this::restore, "physmem-tty-restore");
        Runtime.getRuntime().addShutdownHook(restoreAtExit);
    }

    /** Raw mode on the controlling terminal, or null if there is none. */
    public static RawKeyboard open() {
        if (System.console() == null) {
            return null;
        }
        try {
            String saved = stty("-g").trim();
            stty("-icanon", "-echo", "min", "0");
            return new RawKeyboard(saved);
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    /** The key pressed since the last call, or -1. */
    public int poll() {
        try {
            InputStream in = System.in;
            return in.available() > 0 ? in.read() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private void restore() {
        try {
            stty(saved);
        } catch (IOException | InterruptedException ignored) {
            // the terminal is gone; nothing left to restore
        }
    }

    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restoreAtExit);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook restores
        }
    }

    private static String stty(String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "stty";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
