package dev.physmem.agent.kernel;

import dev.physmem.model.machine.Machine;
import dev.physmem.model.syscalls.Syscalls;

/**
 * The one place the agent obtains the simulated kernel's system calls.
 *
 * <p>MERGE POINT (Syscalls): return {@code machine.syscalls()} here once the model's page cache,
 * writeback and reclaim land, and delete {@link UnwiredSyscalls}. Nothing else in the agent changes.
 */
public final class KernelLink {
    private KernelLink() {}

    public static Syscalls syscalls(Machine machine) {
        return new UnwiredSyscalls();
    }
}
