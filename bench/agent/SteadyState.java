import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The agent's cost to the writer once everything is compiled, side by side in one JVM: passes of 256 MiB
 * in 4 KiB writes (WriteWorkload's loops) with the agent as it is (kernel), with its hooks' sink taken out
 * (hooks: Hooks.sink = null, so the advice runs and nothing is queued or simulated) and with the advice
 * taken out of the JDK classes ({@link Unweave}; none: the JDK's own code, as without the agent). Pairing
 * passes seconds apart cancels the machine's speed phases, which last seconds and swing 1.5x; comparing
 * whole JVMs cannot. Cycles run kernel, hooks, none and then none, hooks, kernel, so each configuration
 * is as often early as late; the one retransformation per cycle (hooks to none or back) is followed by a
 * warm-up pass while the JIT compiles the changed methods again, and the syscall thread is drained before
 * every pass, so no pass pays for another's backlog.
 *
 * <p>Arguments: the directory to write in, the number of cycles, and optionally the APIs ("channel",
 * "stream" or both, comma-separated; both by default). Prints per API the median pass time of each
 * configuration and the medians (quartiles in brackets) of the ratios within each cycle: kernel/none, what
 * the agent costs; hooks/none, what the advice costs; kernel/hooks, what queueing and simulating cost.
 * It needs both agents, physmem's and then {@link Unweave} (run.sh starts it so).
 */
public final class SteadyState {
    static final long PASS = 256L << 20;
    static final long WARM_UP = 128L << 20;

    enum Config { KERNEL, HOOKS, NONE }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]).resolve("steady.bin");
        int cycles = Integer.parseInt(args[1]);
        String[] apis = args.length > 2 ? args[2].split(",") : new String[] {"channel", "stream"};
        Agent agent = Agent.find();
        if (agent == null || !Unweave.loaded()) {
            System.err.println("SteadyState: start it with -javaagent:physmem-agent.jar and then -javaagent:unweave.jar");
            System.exit(2);
        }
        for (String api : apis) {
            pass(api, file, PASS); // warm-up
            pass(api, file, PASS);
            List<Config> order = new ArrayList<>(List.of(Config.values()));
            Map<Config, List<Double>> times = new EnumMap<>(Config.class);
            Map<Config, List<Double>> cpu = new EnumMap<>(Config.class);
            Map<Config, List<Double>> waited = new EnumMap<>(Config.class);
            for (Config c : order) {
                times.put(c, new ArrayList<>());
                cpu.put(c, new ArrayList<>());
                waited.put(c, new ArrayList<>());
            }
            for (int cycle = 0; cycle < cycles; cycle++) {
                for (Config c : order) {
                    long[] pass = agent.pass(api, file, c);
                    times.get(c).add((double) pass[0]);
                    cpu.get(c).add((double) pass[1]);
                    waited.get(c).add((double) pass[2]);
                }
                Collections.reverse(order);
            }
            agent.set(Config.KERNEL);
            StringBuilder line = new StringBuilder("steady " + api);
            for (Config c : times.keySet()) {
                line.append(String.format(" %s %.1f (cpu %.1f, waited %.1f)", c.name().toLowerCase(),
                        median(times.get(c)) / 1e6, median(cpu.get(c)) / 1e6, median(waited.get(c)) / 1e6));
            }
            line.append(ratio(" kernel/none", times.get(Config.KERNEL), times.get(Config.NONE)));
            line.append(ratio(" hooks/none", times.get(Config.HOOKS), times.get(Config.NONE)));
            line.append(ratio(" kernel/hooks", times.get(Config.KERNEL), times.get(Config.HOOKS)));
            System.out.println(line);
        }
    }

    static long pass(String api, Path file, long bytes) throws IOException {
        return api.equals("channel") ? WriteWorkload.channel(file, bytes, -1) : WriteWorkload.stream(file, bytes, -1);
    }

    /** " NAME R (Q1-Q3)": the median and quartiles of the cycles' ratios a/b. */
    static String ratio(String name, List<Double> a, List<Double> b) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            ratios.add(a.get(i) / b.get(i));
        }
        Collections.sort(ratios);
        int n = ratios.size();
        return String.format("%s %.3f (%.3f-%.3f)", name, ratios.get(n / 2), ratios.get(n / 4), ratios.get(3 * n / 4));
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** The agent's switches (Hooks.sink on the boot class path, the advice through Unweave) and its backlog. */
    static final class Agent {
        final Field sink;
        final Object on;
        final MBeanServer server;
        final ObjectName name;
        boolean stripped;

        Agent(Field sink, Object on, MBeanServer server, ObjectName name) {
            this.sink = sink;
            this.on = on;
            this.server = server;
            this.name = name;
        }

        /** The agent once its machine is up (its MBeans are registered then), or null without physmem. */
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

        /**
         * One timed pass in configuration {@code c}, after the syscall thread caught up: its wall time, the
         * writer's CPU and the writer's wait for a core, in ns.
         */
        long[] pass(String api, Path file, Config c) throws Exception {
            if (set(c)) {
                SteadyState.pass(api, file, WARM_UP);
            }
            awaitBacklog();
            long before = writes();
            long[] schedBefore = ProcessCpu.thisThread();
            long t = SteadyState.pass(api, file, PASS);
            long[] schedAfter = ProcessCpu.thisThread();
            long seen = writes() - before;
            long expected = c == Config.KERNEL ? PASS / WriteWorkload.CHUNK : 0;
            if (seen != expected) { // the switch did not work: the figures would be wrong
                throw new IllegalStateException(c + " pass: the agent saw " + seen + " writes, not " + expected);
            }
            return new long[] {t, schedAfter[0] - schedBefore[0], schedAfter[1] - schedBefore[1]};
        }

        /** The writes the simulated kernel ran so far (reading the attribute drains the queue). */
        private long writes() throws JMException {
            return (Long) server.getAttribute(name, "Writes");
        }

        /** Switches to {@code c}; true if the JDK classes were retransformed (the JIT has work to redo). */
        boolean set(Config c) throws Exception {
            sink.set(null, c == Config.HOOKS ? null : on);
            boolean strip = c == Config.NONE;
            if (strip == stripped) {
                return false;
            }
            awaitBacklog();
            Unweave.strip(strip);
            stripped = strip;
            return true;
        }

        private void awaitBacklog() throws JMException, InterruptedException {
            while ((Long) server.getAttribute(name, "QueueBacklog") > 0) {
                Thread.sleep(1);
            }
        }
    }
}
