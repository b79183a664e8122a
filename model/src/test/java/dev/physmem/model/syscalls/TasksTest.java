package dev.physmem.model.syscalls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.testing.TestMachines;
import org.junit.jupiter.api.Test;

/** One thread making the calls of two tasks: each keeps its own CPU and its own throttling state. */
class TasksTest {

    @Test
    void aSwitchedThreadRunsOnTheTasksCpuAndThrottlesAsIt() {
        Machine m = TestMachines.boot(MachineConfig.defaults().withRam(128L << 20).withCpus(2)).machine();
        Syscalls sys = m.syscalls();
        Tasks tasks = new Tasks(m.cpus, m.balanceDirtyPages);
        Tasks.Task a = tasks.fork();
        Tasks.Task b = tasks.fork();
        assertThat(a.cpu()).isNotEqualTo(b.cpu());
        int ino = sys.createInode("f");

        tasks.switchTo(a);
        sys.write(ino, 0, 8 * 4096);
        assertThat(m.cpus.current().id).isEqualTo(a.cpu());
        assertThat(m.balanceDirtyPages.current().nrDirtied()).isEqualTo(8);

        tasks.switchTo(b);
        assertThat(m.cpus.current().id).isEqualTo(b.cpu());
        assertThat(m.balanceDirtyPages.current().nrDirtied()).isZero();
        sys.write(ino, 8 * 4096, 4096);
        assertThat(m.balanceDirtyPages.current().nrDirtied()).isEqualTo(1);

        tasks.switchTo(a);
        assertThat(m.balanceDirtyPages.current().nrDirtied()).isEqualTo(8);
    }
}
