package dev.physmem.model;

import dev.physmem.model.machine.Arch;
import dev.physmem.model.machine.ByteSize;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.proc.BuddyInfo;
import dev.physmem.model.proc.FreeAreas;
import dev.physmem.model.proc.ZoneInfo;
import dev.physmem.model.time.VirtualScheduler;
import dev.physmem.model.trace.Tracepoints;

/**
 * Boots a simulated machine and prints its boot log, /proc/buddyinfo and /proc/zoneinfo.
 * Arguments are {@code key=value}: ram, arch, nodes, cpus.
 */
public final class Boot {
    private Boot() {}

    public static void main(String[] args) {
        MachineConfig config = MachineConfig.defaults();
        try {
            for (String arg : args) {
                int eq = arg.indexOf('=');
                String key = eq < 0 ? arg : arg.substring(0, eq);
                String value = eq < 0 ? "" : arg.substring(eq + 1);
                switch (key) {
                    case "ram": config = config.withRam(ByteSize.parse(value)); break;
                    case "arch": config = config.withArch(Arch.parse(value)); break;
                    case "nodes": config = config.withNodes(Integer.parseInt(value)); break;
                    case "cpus": config = config.withCpus(Integer.parseInt(value)); break;
                    default: throw new IllegalArgumentException("unknown option '" + key + "' (ram, arch, nodes, cpus)");
                }
            }
            Machine m = Machine.boot(config, new VirtualScheduler(), Tracepoints.NONE);
            m.bootLog().forEach(System.out::println);
            System.out.println("\n$ cat /proc/buddyinfo");
            System.out.print(BuddyInfo.render(FreeAreas.capture(m)));
            System.out.println("\n$ cat /proc/zoneinfo");
            System.out.print(ZoneInfo.render(ZoneInfo.capture(m)));
        } catch (IllegalArgumentException e) {
            System.err.println("physmem: " + e.getMessage());
            System.exit(2);
        }
    }
}
