package dev.physmem.model.dma;

import dev.physmem.model.machine.Arch;
import dev.physmem.model.machine.ByteSize;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.testing.TestMachines;
import dev.physmem.model.time.VirtualScheduler;
import dev.physmem.model.trace.Tracepoints;
import dev.physmem.model.vmstat.ZoneStatItem;

/** Machines for the DMA tests: strict ones from {@link TestMachines}, and lenient ones like the agent's. */
final class DmaMachines {
    private DmaMachines() {}

    static MachineConfig config(String ram, Arch arch) {
        return MachineConfig.defaults().withRam(ByteSize.parse(ram)).withArch(arch);
    }

    static Machine strict(String ram, Arch arch) {
        return TestMachines.boot(config(ram, arch)).machine();
    }

    static Machine strict(String ram, Arch arch, Tracepoints trace) {
        return TestMachines.boot(config(ram, arch), trace).machine();
    }

    /** Free pages once every per-CPU list is drained back to the buddy: comparable before and after. */
    static long freePages(Machine m) {
        m.pageAlloc.drainAllPages(null);
        m.vmStat.refresh();
        return m.vmStat.globalZonePageState(ZoneStatItem.NR_FREE_PAGES);
    }

    /** Reports DMA misuse, counts it and carries on, as inside an application. */
    static Machine lenient(String ram, Arch arch, Tracepoints trace) {
        Machine m = Machine.boot(config(ram, arch).withStrict(false), new VirtualScheduler(), trace);
        m.cpus.bind(0);
        return m;
    }
}
