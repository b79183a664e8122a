package dev.physmem.model.testing;

import dev.physmem.model.machine.ByteSize;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.time.VirtualScheduler;
import dev.physmem.model.trace.Tracepoints;

/** Machines for tests: virtual time, strict (kernel bugs throw), the calling thread pinned to cpu0. */
public final class TestMachines {
    private TestMachines() {}

    /** A booted machine and the virtual clock that drives it. */
    public record Booted(Machine machine, VirtualScheduler clock) {}

    public static Booted boot(String ram) {
        return boot(MachineConfig.defaults().withRam(ByteSize.parse(ram)));
    }

    public static Booted boot(MachineConfig config) {
        return boot(config, Tracepoints.NONE);
    }

    public static Booted boot(MachineConfig config, Tracepoints trace) {
        VirtualScheduler clock = new VirtualScheduler();
        if (trace instanceof TraceRecorder r) {
            r.setClock(clock);
        }
        Machine m = Machine.boot(config.withStrict(true), clock, trace);
        m.cpus.bind(0);
        return new Booted(m, clock);
    }
}
