package dev.physmem.agent;

import dev.physmem.agent.boot.Frame;
import dev.physmem.agent.boot.Hooks;
import dev.physmem.agent.instrument.Installer;
import dev.physmem.agent.io.AgentCounters;
import dev.physmem.agent.io.AsyncSink;
import dev.physmem.agent.io.BootingSink;
import dev.physmem.agent.io.SyscallThread;
import dev.physmem.agent.io.ThreadTasks;
import dev.physmem.agent.io.Throttle;
import dev.physmem.agent.io.Translator;
import dev.physmem.agent.io.TranslatorSink;
import dev.physmem.agent.jfr.JfrBridge;
import dev.physmem.agent.jmx.MBeans;
import dev.physmem.agent.net.NetDma;
import dev.physmem.agent.options.AgentOptions;
import dev.physmem.agent.options.OptionException;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.sysctl.SysctlException;
import dev.physmem.model.syscalls.Syscalls;
import dev.physmem.model.syscalls.Tasks;
import dev.physmem.model.time.RealTimeScheduler;
import dev.physmem.model.machine.ByteSize;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.JMException;

/**
 * A running simulation: the machine on real time, the translator the hooks report to, the recording
 * and the MBeans, and the shutdown that stops the kernel threads and completes the recording.
 */
public final class Simulation {
    /** Calls the syscall thread's ring holds (about 1 MiB): milliseconds of the busiest I/O. */
    static final int RING_CALLS = 1 << 14;

    private final AgentOptions options;
    private final RealTimeScheduler scheduler;
    private final Machine machine;
    private final AgentCounters counters = new AgentCounters();
    private final AtomicLong workFailures = new AtomicLong();
    private volatile Throwable lastWorkFailure;
    private volatile long callsWhileBooting;
    private final Installer installer;
    /** The thread that translates the application's calls, unless throttle=sleep has them translated in place. */
    private volatile SyscallThread syscalls;

    private Simulation(AgentOptions options, RealTimeScheduler scheduler, Machine machine, Installer installer) {
        this.options = options;
        this.scheduler = scheduler;
        this.machine = machine;
        this.installer = installer;
    }

    /**
     * Boots the machine on one thread while this one weaves the JDK classes (the two slowest steps of
     * start-up, on different cores). With record=, strict=true or vm.* options the application starts
     * once the machine is up: the recording must hold it from the start, and a refused option must stop
     * or be reported before the application's first line. Otherwise the application starts as soon as
     * the classes are woven and what it does meanwhile is kept for the machine ({@link BootingSink}).
     * Any problem with the machine or its sysctls takes the advice out again and is reported as the
     * option it came from.
     */
    static void start(AgentOptions options, Instrumentation inst) throws Exception {
        Frame agent = Hooks.enter();
        try {
            boolean first = bootsBeforeTheApplication(options);
            Boot b = new Boot(options, inst, first ? null : new BootingSink());
            agentThread("physmem-boot", first ? b.task : b).start();
            Installer installer;
            try {
                installer = Installer.install(inst, agentJar());
            } catch (Exception | Error e) {
                b.woven.completeExceptionally(e); // the boot thread stops; this start reports the failure
                throw e;
            }
            Hooks.installedBy = "physmem " + Simulation.class.getPackage().getImplementationVersion() + ", ram="
                    + ByteSize.format(options.machine().ramBytes());
            if (b.early != null) {
                Hooks.sink = b.early;
                b.woven.complete(installer);
                return;
            }
            Machine machine;
            try {
                machine = b.task.get();
            } catch (ExecutionException e) {
                installer.uninstall(inst);
                Hooks.installedBy = null;
                throw asOptionProblem(e);
            }
            Simulation s = new Simulation(options, b.scheduler, machine, installer);
            b.simulation = s;
            s.run(null);
        } finally {
            Hooks.leave(agent);
        }
    }

    private static boolean bootsBeforeTheApplication(AgentOptions options) {
        return options.record() != null || options.strict() || !options.sysctls().isEmpty();
    }

    private static Exception asOptionProblem(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof OptionException) {
            return (OptionException) cause;
        }
        if (cause instanceof IllegalArgumentException) {
            return new OptionException(cause.getMessage());
        }
        return e;
    }

    /**
     * The rest of a start the application did not wait for, on the boot thread: boot, hand what the
     * application did meanwhile to the translator, run. A failure is the one line a failed start always
     * is, and the application goes on without physmem; so does a JVM that exits before the machine is up.
     */
    private static void finishBooting(Boot b) {
        b.task.run();
        Installer installer;
        try {
            installer = b.woven.join();
        } catch (CompletionException failedToWeave) {
            return;
        }
        try {
            Simulation s = new Simulation(b.options, b.scheduler, b.task.get(), installer);
            b.simulation = s;
            s.run(b.early);
        } catch (Throwable e) {
            Hooks.sink = null;
            Hooks.installedBy = null;
            installer.uninstall(b.inst);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            boolean option = cause instanceof OptionException || cause instanceof IllegalArgumentException;
            System.err.println("physmem: " + (option ? cause.getMessage() : "could not start: " + cause)
                    + "; the application runs without physmem");
        }
    }

    private static Machine boot(Boot b) throws OptionException {
        b.scheduler = new RealTimeScheduler(b::failed, Simulation::agentThread);
        try {
            Machine machine = Machine.boot(b.options.machine(), b.scheduler, JfrBridge.tracepoints());
            applySysctls(machine, b.options.sysctls());
            return machine;
        } catch (RuntimeException | OptionException e) {
            b.scheduler.close();
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
        return new AgentThread(work);
    }

    /** See {@link #agentThread(Runnable)}; a class rather than a lambda, since the boot thread starts before main. */
    private static final class AgentThread extends Thread {
        private final Runnable work;

        AgentThread(Runnable work) {
            this.work = work;
        }

        @Override
        public void run() {
            Frame f = Hooks.enter();
            try {
                work.run();
            } finally {
                Hooks.leave(f);
            }
        }
    }

    /**
     * What a start shares with its boot thread: the boot as a task ({@link #call}), the rest of a start
     * the application does not wait for ({@link #run}), the weaving the boot thread waits for, and a way
     * for the scheduler to report failed work to a simulation that does not exist yet while booting. A
     * class rather than lambdas: this runs before the application's main, where the first use of each
     * lambda spins classes.
     */
    private static final class Boot implements Callable<Machine>, Runnable {
        final AgentOptions options;
        final Instrumentation inst;
        /** What the application does until the machine is up; null if the application waits for it. */
        final BootingSink early;
        final FutureTask<Machine> task = new FutureTask<>(this);
        final CompletableFuture<Installer> woven = new CompletableFuture<>();
        volatile RealTimeScheduler scheduler;
        volatile Simulation simulation;

        Boot(AgentOptions options, Instrumentation inst, BootingSink early) {
            this.options = options;
            this.inst = inst;
            this.early = early;
        }

        @Override
        public Machine call() throws OptionException {
            return boot(this);
        }

        @Override
        public void run() {
            finishBooting(this);
        }

        void failed(Throwable e) {
            if (simulation != null) {
                simulation.workFailed(e);
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
    private void run(BootingSink early) throws Exception {
        // The JIT directive is told on a thread of its own, before the kernel takes its first call: the
        // platform MBean server it needs costs ~100 ms, which neither the recording's start nor the
        // hand-over of the calls made while booting should wait for.
        agentThread("physmem-jit", () -> {
            String refused = options.kernelJit().apply();
            if (refused != null) {
                Hooks.suppressed(new IllegalStateException("kernel_jit=c1 was refused: " + refused));
            }
        }).start();
        Syscalls sys = machine.syscalls();
        List<String> fixedExclusions = exclusions();
        Translator translator = new Translator(sys, options.throttle(), counters, new NetDma(machine, counters),
                () -> withJfrRepository(fixedExclusions));
        if (options.record() != null) {
            JfrBridge.startRecording(options.record(), options.jfc()); // JFR keeps it and writes it at exit
        }
        boolean recording = JfrBridge.isRecorderUp();
        if (recording) {
            JfrBridge.afterBoot(machine, this::drain);
        }
        TranslatorSink sink = translatorSink(translator);
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "physmem-shutdown"));
        } catch (IllegalStateException shuttingDown) {
            return; // the application was over before the machine was up
        }
        if (early != null) {
            long dropped = early.handOver(sink, this::workFailed);
            callsWhileBooting = early.handedOver() + dropped;
            if (dropped > 0) {
                workFailed(new IllegalStateException(dropped + " calls made while the machine booted were dropped"));
            }
        }
        Hooks.sink = sink;
        agentThread("physmem-setup", () -> {
            if (!recording) {
                JfrBridge.afterBootWhenRecorderUp(machine, this::drain);
            }
            try {
                MBeans.register(this, machine, sys, translator);
            } catch (JMException e) {
                System.err.println("physmem: the MBeans could not be registered (" + e + "); the simulation runs without them");
            }
        }).start();
    }

    /**
     * Where the hooks' calls go: with throttle=sleep the translator itself, so that the writing thread
     * sleeps the pause the kernel computes for its own call; otherwise a queue to the syscall thread, so
     * that the application thread only hands its call on (each still runs as that thread's task).
     */
    private TranslatorSink translatorSink(Translator translator) {
        if (options.throttle() == Throttle.SLEEP) {
            return translator;
        }
        SyscallThread t = new SyscallThread(RING_CALLS, translator,
                new ThreadTasks(new Tasks(machine.cpus, machine.balanceDirtyPages)), Hooks::suppressed, counters);
        t.start();
        syscalls = t;
        return new AsyncSink(t);
    }

    /** A barrier: every call the application made before it has reached the simulated kernel. */
    public void drain() {
        SyscallThread t = syscalls;
        if (t != null) {
            t.drain();
        }
    }

    /** Calls queued for the syscall thread and not yet translated. */
    public long backlog() {
        SyscallThread t = syscalls;
        return t == null ? 0 : t.backlog();
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
     * At JVM exit: stop simulating, translate what is still queued, and stop the kernel threads. The
     * recording is left to JFR's own shutdown hook, which stops it and writes it to its destination
     * (taking the last snapshots at the chunk's end, each after a drain); stopping or closing it here as
     * well races with that hook and can leave the file empty.
     */
    private void stop() {
        Frame agent = Hooks.enter();
        try {
            Hooks.sink = null;
            SyscallThread t = syscalls;
            if (t != null) {
                t.shutdown();
            }
            scheduler.close();
        } finally {
            Hooks.leave(agent);
        }
    }

    private void workFailed(Throwable e) {
        workFailures.incrementAndGet();
        lastWorkFailure = e;
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

    public long callsWhileBooting() {
        return callsWhileBooting;
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
