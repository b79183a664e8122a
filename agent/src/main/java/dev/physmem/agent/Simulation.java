package dev.physmem.agent;

import dev.physmem.agent.boot.Frame;
import dev.physmem.agent.boot.Hooks;
import dev.physmem.agent.instrument.Installer;
import dev.physmem.agent.io.AgentCounters;
import dev.physmem.agent.io.Translator;
import dev.physmem.agent.jfr.JfrBridge;
import dev.physmem.agent.jmx.MBeans;
import dev.physmem.agent.kernel.KernelLink;
import dev.physmem.agent.net.NetDma;
import dev.physmem.agent.options.AgentOptions;
import dev.physmem.agent.options.OptionException;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.sysctl.SysctlException;
import dev.physmem.model.syscalls.Syscalls;
import dev.physmem.model.time.RealTimeScheduler;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Recording;

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
    private volatile RuntimeException lastWorkFailure;
    private Installer installer;
    private Recording recording;

    private Simulation(AgentOptions options, RealTimeScheduler scheduler, Machine machine) {
        this.options = options;
        this.scheduler = scheduler;
        this.machine = machine;
    }

    static Simulation start(AgentOptions options, Instrumentation inst) throws Exception {
        Frame agent = Hooks.enter();
        try {
            Holder h = new Holder();
            RealTimeScheduler scheduler = new RealTimeScheduler(e -> h.failed(e));
            Machine machine;
            try {
                machine = Machine.boot(options.machine(), scheduler, JfrBridge.tracepoints());
                applySysctls(machine, options.sysctls());
            } catch (IllegalArgumentException | OptionException e) {
                scheduler.close();
                throw e instanceof OptionException ? (OptionException) e : new OptionException(e.getMessage());
            }
            Simulation s = new Simulation(options, scheduler, machine);
            h.simulation = s;
            s.run(inst);
            return s;
        } finally {
            Hooks.leave(agent);
        }
    }

    /** Lets the scheduler report failed work to a simulation that does not exist yet while booting. */
    private static final class Holder {
        Simulation simulation;

        void failed(RuntimeException e) {
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

    private void run(Instrumentation inst) throws Exception {
        Syscalls sys = KernelLink.syscalls(machine);
        List<String> fixedExclusions = exclusions();
        Translator translator = new Translator(sys, options.throttle(), counters, new NetDma(machine, counters),
                () -> withJfrRepository(fixedExclusions));
        installer = Installer.install(inst);
        if (options.record() != null) {
            recording = JfrBridge.startRecording(options.record(), options.jfc());
        }
        JfrBridge.afterBoot(machine);
        MBeans.register(this, machine, sys, translator);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "physmem-shutdown"));
        Hooks.sink = translator;
        Hooks.installedBy = "physmem " + Simulation.class.getPackage().getImplementationVersion() + ", ram="
                + dev.physmem.model.machine.ByteSize.format(options.machine().ramBytes());
    }

    /** Pseudo file systems have no page cache; the agent's jar and its recording are not the application's. */
    private List<String> exclusions() throws URISyntaxException {
        List<String> x = new ArrayList<>(List.of("/proc/", "/sys/", "/dev/"));
        x.add(Path.of(Simulation.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
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

    /** At JVM exit: stop simulating, stop the kernel threads, then let the recording be written whole. */
    private void stop() {
        Frame agent = Hooks.enter();
        try {
            Hooks.sink = null;
            scheduler.close();
            if (recording != null) {
                try {
                    recording.stop();
                } catch (IllegalStateException alreadyStoppedByJfrsOwnHook) {
                    // JFR's shutdown hook got there first and wrote the file itself.
                }
                recording.close();
            }
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

    public String lastWorkFailure() {
        RuntimeException e = lastWorkFailure;
        return e == null ? "" : e.toString();
    }
}
