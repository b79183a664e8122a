package dev.physmem.agent;

import dev.physmem.agent.boot.Frame;
import dev.physmem.agent.boot.Hooks;
import dev.physmem.agent.instrument.Installer;
import dev.physmem.agent.io.AgentCounters;
import dev.physmem.agent.io.Translator;
import dev.physmem.agent.jfr.JfrBridge;
import dev.physmem.agent.jmx.MBeans;
import dev.physmem.agent.net.NetDma;
import dev.physmem.agent.options.AgentOptions;
import dev.physmem.agent.options.OptionException;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.sysctl.SysctlException;
import dev.physmem.model.syscalls.Syscalls;
import dev.physmem.model.time.RealTimeScheduler;
import dev.physmem.model.machine.ByteSize;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.JMException;

/**
 * A running simulation: the machine on real time, the translator the hooks report to, the recording
 * and the MBeans, and the shutdown that stops the kernel threads and completes the recording.
 */
public final class Simulation {
    private final AgentOptions options;
    private final RealTimeScheduler scheduler;
    private final Machine machine;
    private final AgentCounters counters = new AgentCounters();
    private final AtomicLong workFailures = new AtomicLong();
    private volatile Throwable lastWorkFailure;
    private final Installer installer;

    private Simulation(AgentOptions options, RealTimeScheduler scheduler, Machine machine, Installer installer) {
        this.options = options;
        this.scheduler = scheduler;
        this.machine = machine;
        this.installer = installer;
    }

    /**
     * Boots the machine on one thread while this one weaves the JDK classes (the two slowest steps of
     * start-up, on different cores), then publishes the translator to the hooks. Any problem with the
     * machine or its sysctls takes the advice out again and is reported as the option it came from.
     */
    static Simulation start(AgentOptions options, Instrumentation inst) throws Exception {
        Frame agent = Hooks.enter();
        try {
            Holder h = new Holder();
            FutureTask<Machine> boot = new FutureTask<>(() -> boot(options, h));
            agentThread("physmem-boot", boot).start();
            Installer installer = Installer.install(inst, agentJar());
            Machine machine;
            try {
                machine = boot.get();
            } catch (ExecutionException e) {
                installer.uninstall(inst);
                Throwable cause = e.getCause();
                if (cause instanceof OptionException) {
                    throw (OptionException) cause;
                }
                if (cause instanceof IllegalArgumentException) {
                    throw new OptionException(cause.getMessage());
                }
                throw e;
            }
            Simulation s = new Simulation(options, h.scheduler, machine, installer);
            h.simulation = s;
            s.run();
            return s;
        } finally {
            Hooks.leave(agent);
        }
    }

    private static Machine boot(AgentOptions options, Holder h) throws OptionException {
        h.scheduler = new RealTimeScheduler(h::failed, Simulation::agentThread);
        try {
            Machine machine = Machine.boot(options.machine(), h.scheduler, JfrBridge.tracepoints());
            applySysctls(machine, options.sysctls());
            return machine;
        } catch (RuntimeException | OptionException e) {
            h.scheduler.close();
            throw e;
        }
    }

    /** A daemon thread whose every I/O is the agent's own, never simulated. */
    private static Thread agentThread(String name, Runnable work) {
        Thread t = agentThread(work);
        t.setName(name);
        t.setDaemon(true);
        return t;
    }

    /**
     * A thread whose every I/O is the agent's own: the kernel threads too, or the class path they read
     * while loading a class would be simulated I/O, re-entering the model in the middle of a class
     * definition (a LinkageError for the duplicate definition that follows).
     */
    private static Thread agentThread(Runnable work) {
        return new Thread(() -> {
            Frame f = Hooks.enter();
            try {
                work.run();
            } finally {
                Hooks.leave(f);
            }
        });
    }

    /** Lets the scheduler report failed work to a simulation that does not exist yet while booting. */
    private static final class Holder {
        volatile RealTimeScheduler scheduler;
        volatile Simulation simulation;

        void failed(Throwable e) {
            if (simulation != null) {
                simulation.workFailures.incrementAndGet();
                simulation.lastWorkFailure = e;
            }
        }
    }

    private static void applySysctls(Machine machine, Map<String, String> sysctls) throws OptionException {
        for (Map.Entry<String, String> e : sysctls.entrySet()) {
            String option = "option vm." + e.getKey() + "=" + e.getValue() + ": ";
            if (!machine.sysctl.contains(e.getKey())) {
                List<String> names = new ArrayList<>();
                machine.sysctl.entries().forEach(s -> names.add(s.fullName()));
                throw new OptionException(option + "no such sysctl (accepted: " + String.join(", ", names) + ")");
            }
            try {
                machine.sysctl.set(e.getKey(), e.getValue(), "option");
            } catch (SysctlException x) {
                String msg = x.getMessage();
                int colon = msg.indexOf(": ");
                throw new OptionException(option + (colon >= 0 ? msg.substring(colon + 2) : msg));
            }
        }
    }

    /**
     * Starts the recording, then lets the hooks report. The MBeans are registered from a thread of
     * their own: the platform MBean server costs start-up time the application need not wait for. JFR
     * is set up only when something records (see {@link JfrBridge#isRecorderUp}).
     */
    private void run() throws Exception {
        Syscalls sys = machine.syscalls();
        List<String> fixedExclusions = exclusions();
        Translator translator = new Translator(sys, options.throttle(), counters, new NetDma(machine, counters),
                () -> withJfrRepository(fixedExclusions));
        if (options.record() != null) {
            JfrBridge.startRecording(options.record(), options.jfc()); // JFR keeps it and writes it at exit
        }
        boolean recording = JfrBridge.isRecorderUp();
        if (recording) {
            JfrBridge.afterBoot(machine);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "physmem-shutdown"));
        Hooks.sink = translator;
        Hooks.installedBy = "physmem " + Simulation.class.getPackage().getImplementationVersion() + ", ram="
                + ByteSize.format(options.machine().ramBytes());
        agentThread("physmem-setup", () -> {
            if (!recording) {
                JfrBridge.afterBootWhenRecorderUp(machine);
            }
            try {
                MBeans.register(this, machine, sys, translator);
            } catch (JMException e) {
                System.err.println("physmem: the MBeans could not be registered (" + e + "); the simulation runs without them");
            }
        }).start();
    }

    private static Path agentJar() throws URISyntaxException {
        return Path.of(Simulation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Pseudo file systems have no page cache; the agent's jar and its recording are not the application's. */
    private List<String> exclusions() throws URISyntaxException {
        List<String> x = new ArrayList<>(List.of("/proc/", "/sys/", "/dev/"));
        x.add(agentJar().toString());
        if (options.record() != null) {
            x.add(options.record().toString());
        }
        return List.copyOf(x);
    }

    private static List<String> withJfrRepository(List<String> fixed) {
        String repository = System.getProperty("jdk.jfr.repository");
        if (repository == null) {
            return fixed;
        }
        List<String> x = new ArrayList<>(fixed);
        x.add(repository);
        return x;
    }

    /**
     * At JVM exit: stop simulating and stop the kernel threads. The recording is left to JFR's own
     * shutdown hook, which stops it and writes it to its destination (taking the last snapshots at the
     * chunk's end); stopping or closing it here as well races with that hook and can leave the file empty.
     */
    private void stop() {
        Frame agent = Hooks.enter();
        try {
            Hooks.sink = null;
            scheduler.close();
        } finally {
            Hooks.leave(agent);
        }
    }

    public AgentOptions options() {
        return options;
    }

    public AgentCounters counters() {
        return counters;
    }

    public List<String> unobservable() {
        return installer.unobservable();
    }

    public List<String> instrumentationFailures() {
        return installer.failures();
    }

    public long workFailures() {
        return workFailures.get();
    }

    /** The last kernel-work failure with where it happened (its first frames), for a bug report. */
    public String lastWorkFailure() {
        Throwable e = lastWorkFailure;
        if (e == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(e.toString());
        StackTraceElement[] frames = e.getStackTrace();
        for (int i = 0; i < Math.min(8, frames.length); i++) {
            sb.append("\n\tat ").append(frames[i]);
        }
        return sb.toString();
    }
}
