package dev.physmem.agent.options;

import dev.physmem.agent.io.Throttle;
import dev.physmem.agent.jit.KernelJit;
import dev.physmem.model.machine.MachineConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * The agent's options: the machine to boot, the recording to make, what to do with simulated waits,
 * how the JIT compiles the simulated kernel, and the vm.* sysctls to set once the machine is up
 * (validated then, by the sysctl table itself).
 *
 * @param record  where record= writes the JFR recording, or null for none
 * @param sysctls vm.NAME (short name) to value, in the order given
 */
public record AgentOptions(MachineConfig machine, Path record, String jfc, Throttle throttle, KernelJit kernelJit,
                           boolean strict, boolean help, Map<String, String> sysctls) {

    public static AgentOptions defaults() {
        return new AgentOptions(MachineConfig.defaults(), null, "default", Throttle.RECORD, KernelJit.C1, false, false,
                Map.of());
    }
}
