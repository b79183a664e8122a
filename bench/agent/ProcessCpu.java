import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a run's CPU went, from /proc/self/task (Linux): the calling (application) thread, the simulated
 * kernel's threads (physmem-*) and the JIT compilers, in ms; how often the application thread was
 * preempted (nonvoluntary context switches) and how long it waited, runnable, for a core (schedstat's
 * run delay, in ms): the share of the overhead that is other threads taking its core, apart from its
 * own CPU. Printed as one "cpu ..." line; nothing where /proc is missing.
 */
final class ProcessCpu {
    private ProcessCpu() {
    }

    static void print() throws IOException {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return;
        }
        String self = Path.of("/proc/thread-self").toRealPath().getFileName().toString();
        long app = 0, kernel = 0, jit = 0, preempted = 0, waited = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tasks)) {
            for (Path task : ds) {
                String comm;
                long ms;
                try {
                    comm = Files.readString(task.resolve("comm")).trim();
                    ms = cpuMillis(Files.readString(task.resolve("stat")));
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                if (task.getFileName().toString().equals(self)) {
                    app = ms;
                    preempted = nonvoluntarySwitches(task);
                    waited = schedstat(task)[1] / 1_000_000;
                } else if (comm.startsWith("physmem-")) {
                    kernel += ms;
                } else if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                    jit += ms;
                }
            }
        }
        System.out.printf("cpu app %d kernel %d jit %d preempted %d waited %d%n", app, kernel, jit, preempted, waited);
    }

    /** The calling thread's CPU and run-queue wait so far, in ns. */
    static long[] thisThread() {
        return schedstat(Path.of("/proc/thread-self"));
    }

    /** "pass API N ms T cpu C waited W": one timed pass and what the calling thread did in it, in ms. */
    static void printPass(String api, int pass, long nanos, long[] before) {
        long[] after = thisThread();
        System.out.printf("pass %s %d ms %d cpu %d waited %d%n", api, pass, nanos / 1_000_000,
                (after[0] - before[0]) / 1_000_000, (after[1] - before[1]) / 1_000_000);
    }

    /** The first two fields of a task's schedstat: ns on a CPU and ns runnable on a run queue; zeros without it. */
    private static long[] schedstat(Path task) {
        try {
            String[] f = Files.readString(task.resolve("schedstat")).trim().split(" ");
            return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
        } catch (IOException | RuntimeException none) {
            return new long[2];
        }
    }

    /** utime + stime (fields 14 and 15 of /proc/PID/task/TID/stat, counted after the command name). */
    private static long cpuMillis(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / 100; // USER_HZ is 100 on Linux
    }

    private static long nonvoluntarySwitches(Path task) throws IOException {
        for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return 0;
    }
}
