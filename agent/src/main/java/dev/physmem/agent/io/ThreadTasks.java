package dev.physmem.agent.io;

import dev.physmem.model.syscalls.Tasks;
import java.util.function.Consumer;

/**
 * The simulated task of each application thread, for the syscall thread to switch to: a thread's first
 * call forks its task (the next CPU, fresh throttling state), as its first own call into the kernel
 * would, and every later call runs as it. Held weakly: a thread that ends takes its task along.
 */
public final class ThreadTasks implements Consumer<Thread> {
    private final Tasks tasks;
    private final WeakIdentityMap<Tasks.Task> byThread = new WeakIdentityMap<>(gone -> { });

    public ThreadTasks(Tasks tasks) {
        this.tasks = tasks;
    }

    @Override
    public void accept(Thread thread) {
        Tasks.Task task = byThread.get(thread);
        if (task == null) {
            task = byThread.putIfAbsent(thread, tasks.fork());
        }
        tasks.switchTo(task);
    }
}
