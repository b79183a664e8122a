package dev.physmem.model.cpu;

/**
 * The simulated CPUs and which one the calling thread runs on. A thread gets a CPU the first time it
 * enters the simulated kernel, round-robin in order of arrival, so a single-threaded scenario always
 * runs on cpu0 and stays deterministic; tests can pin a thread with {@link #bind}.
 */
public final class Cpus {
    private final Cpu[] cpus;
    private final ThreadLocal<Cpu> current;
    private int nextCpu;

    public Cpus(Cpu[] cpus) {
        this.cpus = cpus.clone();
        this.current = ThreadLocal.withInitial(this::assign);
    }

    /** The CPU the next new thread gets: round-robin in order of arrival. */
    public synchronized Cpu assign() {
        Cpu cpu = cpus[nextCpu];
        nextCpu = (nextCpu + 1) % cpus.length;
        return cpu;
    }

    /** smp_processor_id() of the calling thread. */
    public Cpu current() {
        return current.get();
    }

    public Cpu get(int id) {
        return cpus[id];
    }

    public int count() {
        return cpus.length;
    }

    /** Runs the calling thread on {@code cpu} from now on (sched_setaffinity to one CPU). */
    public void bind(int cpu) {
        bind(cpus[cpu]);
    }

    /** Runs the calling thread on {@code cpu} from now on: a thread that runs calls for others switches to theirs. */
    public void bind(Cpu cpu) {
        current.set(cpu);
    }
}
