package dev.physmem.cli;

import dev.physmem.cli.source.LiveSource;
import dev.physmem.cli.source.Moment;
import dev.physmem.cli.source.ProcSnapshot;
import dev.physmem.cli.live.LiveJvm;
import dev.physmem.cli.term.RawKeyboard;
import dev.physmem.cli.term.Terminal;
import dev.physmem.cli.views.TopScreen;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** physmem top PID: a live full-screen view refreshed every second until q. */
@Command(name = "top", header = "A live full-screen view of a JVM's simulated memory.",
        mixinStandardHelpOptions = true,
        description = "A live full-screen view of a running JVM's simulated memory, refreshed every second; q quits.")
final class TopCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PID")
    String pid;

    @Option(names = {"-n", "--iterations"}, paramLabel = "N",
            description = "Stop after N frames (default: until q; without a terminal, 1).")
    int iterations;

    @Option(names = {"-d", "--delay"}, paramLabel = "SECONDS", defaultValue = "1", description = "Seconds between frames.")
    double delay;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        boolean screen = Terminal.isInteractive();
        int frames = iterations > 0 ? iterations : (screen ? Integer.MAX_VALUE : 1);
        try (LiveSource src = new LiveSource(LiveJvm.connect(LiveJvm.parsePid(pid)));
             RawKeyboard keys = screen ? RawKeyboard.open() : null) {
            ProcSnapshot prev = null;
            for (int frame = 0; frame < frames; frame++) {
                ProcSnapshot cur = src.at(Moment.END);
                String title = "physmem top - " + src.describe() + " - " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS)
                        + (screen ? "   (q quits)" : "");
                String text = TopScreen.render(title, prev, cur, Terminal.columns());
                out.print(screen ? "\u001b[H\u001b[2J" + text : text + "\n");
                out.flush();
                prev = cur;
                if (frame + 1 < frames && waitForQuit(keys)) {
                    break;
                }
            }
        }
        return 0;
    }

    /** Sleeps one refresh interval; true if q was pressed meanwhile. */
    private boolean waitForQuit(RawKeyboard keys) throws InterruptedException {
        long until = System.nanoTime() + (long) (delay * 1e9);
        while (System.nanoTime() < until) {
            if (keys != null) {
                int k = keys.poll();
                if (k == 'q' || k == 'Q') {
                    return true;
                }
            }
            Thread.sleep(50);
        }
        return false;
    }
}
