package dev.physmem.agent.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.model.machine.Machine;
import dev.physmem.model.proc.VmStatFile;
import dev.physmem.model.syscalls.Syscalls;
import dev.physmem.model.testing.MemoryInvariants;
import dev.physmem.model.testing.TestMachines;
import dev.physmem.model.vmstat.VmEventItem;
import java.util.Arrays;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Kernel MBean's compactMemory operation, through an MBean server, on a fragmented machine. */
class KernelMBeanTest {
    MBeanServer server;
    Machine m;
    Syscalls sys;
    ObjectName kernel;

    @BeforeEach
    void setUp() throws Exception {
        m = TestMachines.boot("256m").machine();
        sys = m.syscalls();
        server = MBeanServerFactory.newMBeanServer();
        kernel = new ObjectName("dev.physmem:type=Kernel");
        server.registerMBean(MBeans.kernel(m, sys, () -> { }), kernel);
    }

    /**
     * Two files written page by page in turn, one of them deleted: the survivor's pages sit among
     * free holes. compactMemory() migrates pages, as echo 1 > /proc/sys/vm/compact_memory does, and
     * /proc/vmstat shows it.
     */
    @Test
    void compactMemoryCompactsThroughTheMBean() throws Exception {
        m.sysctl.set("dirty_writeback_centisecs", 0, "test");
        int kept = sys.createInode("kept");
        int gone = sys.createInode("gone");
        for (int i = 0; i < 2048; i++) {
            sys.write(kept, i * 4096L, 4096);
            sys.write(gone, i * 4096L, 4096);
        }
        sys.unlink(gone);
        m.pageAlloc.drainAllPages(null);
        long migrated = m.vmStat.vmEvent(VmEventItem.PGMIGRATE_SUCCESS);

        server.invoke(kernel, "compactMemory", new Object[0], new String[0]);

        assertThat(m.vmStat.vmEvent(VmEventItem.PGMIGRATE_SUCCESS)).isGreaterThan(migrated);
        assertThat(m.vmStat.vmEvent(VmEventItem.COMPACT_ISOLATED)).isPositive();
        String vmstat = VmStatFile.render(VmStatFile.capture(m));
        assertThat(vmstat).containsPattern("(?m)^pgmigrate_success [1-9]")
                .containsPattern("(?m)^compact_migrate_scanned [1-9]")
                .containsPattern("(?m)^compact_free_scanned [1-9]");
        MemoryInvariants.check(m);
    }

    @Test
    void theOperationSaysWhatItDoes() throws Exception {
        MBeanOperationInfo op = Arrays.stream(server.getMBeanInfo(kernel).getOperations())
                .filter(o -> o.getName().equals("compactMemory")).findFirst().orElseThrow();
        assertThat(op.getDescription()).startsWith("echo 1 > /proc/sys/vm/compact_memory: compact every zone");
        assertThat(op.getSignature()).isEmpty();
    }
}
