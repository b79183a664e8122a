import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The simulated kernel's cost to the writer once everything is compiled, side by side in one JVM: passes
 * of 256 MiB in 4 KiB writes (WriteWorkload's loops) alternate between the agent as it is and the agent
 * with its hooks' sink taken out (Hooks.sink = null: the advice runs, nothing is queued or simulated).
 * Pairing each pass with its neighbour cancels the machine's speed phases, which last seconds and
 * swing 1.5x; comparing whole JVMs cannot. Each cycle runs its pair in ABBA order, and the syscall
 * thread is drained before every pass, so no pass pays for another's backlog.
 *
 * <p>Arguments: the directory to write in, the number of cycles, and optionally the APIs ("channel",
 * "stream" or both, comma-separated; both by default). Prints per API "steady API kernel MS hooks MS
 * ratio R (q1 Q1, q3 Q3)": median pass times and the median of the paired ratios. Without the agent it
 * prints "steady API none MS": the plain loop, for a rough hooks-only-against-none comparison across
 * JVMs.
 */
public final class SteadyState {
    static final long PASS = 256L << 20;

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]).resolve("steady.bin");
        int cycles = Integer.parseInt(args[1]);
        String[] apis = args.length > 2 ? args[2].split(",") : new String[] {"channel", "stream"};
        Agent agent = Agent.find();
        for (String api : apis) {
            pass(api, file); // warm-up
            pass(api, file);
            if (agent == null) {
                List<Long> plain = new ArrayList<>();
                for (int c = 0; c < cycles; c++) {
                    plain.add(pass(api, file));
                }
                System.out.printf("steady %s none %.1f%n", api, median(plain) / 1e6);
                continue;
            }
            List<Long> kernel = new ArrayList<>();
            List<Long> hooks = new ArrayList<>();
            for (int c = 0; c < cycles; c++) {
                boolean kernelFirst = c % 2 == 0;
                long first = agent.pass(api, file, kernelFirst);
                long second = agent.pass(api, file, !kernelFirst);
                kernel.add(kernelFirst ? first : second);
                hooks.add(kernelFirst ? second : first);
            }
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < cycles; i++) {
                ratios.add((double) kernel.get(i) / hooks.get(i));
            }
            Collections.sort(ratios);
            System.out.printf("steady %s kernel %.1f hooks %.1f ratio %.3f (q1 %.3f, q3 %.3f)%n", api,
                    median(kernel) / 1e6, median(hooks) / 1e6, ratios.get(cycles / 2), ratios.get(cycles / 4),
                    ratios.get(3 * cycles / 4));
        }
    }

    static long pass(String api, Path file) throws IOException {
        return api.equals("channel") ? WriteWorkload.channel(file, PASS, -1) : WriteWorkload.stream(file, PASS, -1);
    }

    static double median(List<Long> times) {
        List<Long> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** The agent's switch (Hooks.sink, on the boot class path) and its backlog (the Agent MBean). */
    static final class Agent {
        final Field sink;
        final Object on;
        final MBeanServer server;
        final ObjectName name;

        Agent(Field sink, Object on, MBeanServer server, ObjectName name) {
            this.sink = sink;
            this.on = on;
            this.server = server;
            this.name = name;
        }

        /** The agent once its machine is up (its MBeans are registered then), or null without one. */
        static Agent find() throws Exception {
            Class<?> hooks;
            try {
                hooks = Class.forName("dev.physmem.agent.boot.Hooks", true, null);
            } catch (ClassNotFoundException none) {
                return null;
            }
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("dev.physmem:type=Agent");
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!server.isRegistered(name)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("the agent did not come up in 60 s (no " + name + " MBean)");
                }
                Thread.sleep(10);
            }
            Field sink = hooks.getField("sink");
            return new Agent(sink, sink.get(null), server, name);
        }

        /** One pass with the simulated kernel or with the hooks only, after the syscall thread caught up. */
        long pass(String api, Path file, boolean kernel) throws Exception {
            awaitBacklog();
            sink.set(null, kernel ? on : null);
            try {
                return SteadyState.pass(api, file);
            } finally {
                sink.set(null, on);
            }
        }

        private void awaitBacklog() throws JMException, InterruptedException {
            while ((Long) server.getAttribute(name, "QueueBacklog") > 0) {
                Thread.sleep(1);
            }
        }
    }
}
