package dev.physmem.model.syscalls;

import dev.physmem.model.cpu.Cpu;
import dev.physmem.model.cpu.Cpus;
import dev.physmem.model.writeback.BalanceDirtyPages;
import dev.physmem.model.writeback.DirtyThrottleTask;

/**
 * Simulated tasks for a thread that makes system calls on behalf of others (the agent's syscall thread):
 * each task has its own CPU and its own dirty-throttling state, as its own thread would have, and
 * {@link #switchTo} makes the calling thread run as it (context_switch()). A thread that makes only its
 * own calls never needs this: its CPU and task are its own.
 */
public final class Tasks {
    /** The parts of struct task_struct the calls use: where it runs and how it is throttled. */
    public static final class Task {
        final Cpu cpu;
        final DirtyThrottleTask throttle = new DirtyThrottleTask();

        Task(Cpu cpu) {
            this.cpu = cpu;
        }

        public int cpu() {
            return cpu.id;
        }
    }

    private final Cpus cpus;
    private final BalanceDirtyPages bdp;

    public Tasks(Cpus cpus, BalanceDirtyPages bdp) {
        this.cpus = cpus;
        this.bdp = bdp;
    }

    /** A new task, on the next CPU in order of arrival as a new thread would be. */
    public Task fork() {
        return new Task(cpus.assign());
    }

    /** The calling thread runs as {@code task} until the next switch. */
    public void switchTo(Task task) {
        cpus.bind(task.cpu);
        bdp.setCurrent(task.throttle);
    }
}
