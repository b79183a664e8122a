package dev.physmem.agent.jmx;

import dev.physmem.agent.boot.Frame;
import dev.physmem.agent.boot.Hooks;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.proc.BuddyInfo;
import dev.physmem.model.proc.FreeAreas;
import dev.physmem.model.proc.MemInfo;
import dev.physmem.model.proc.PageTypeInfo;
import dev.physmem.model.proc.PageTypes;
import dev.physmem.model.proc.VmStatFile;
import dev.physmem.model.proc.ZoneInfo;
import dev.physmem.model.syscalls.Syscalls;
import java.util.List;

/**
 * The Kernel MBean; its work runs as the agent's own, so nothing it does is simulated I/O, and after
 * the application's queued calls ({@code drain}), so it acts on all of them.
 */
final class Kernel implements KernelMXBean {
    static final String PROC_FILES = "meminfo, vmstat, buddyinfo, zoneinfo, pagetypeinfo, page-types";
    private final Machine machine;
    private final Syscalls sys;
    private final Runnable drain;

    Kernel(Machine machine, Syscalls sys, Runnable drain) {
        this.machine = machine;
        this.sys = sys;
        this.drain = drain;
    }

    /** Enters the agent's own work after the application's queued calls have run. */
    private Frame enter() {
        drain.run();
        return Hooks.enter();
    }

    @Override
    public String getRelease() {
        return "6.18.2-physmem";
    }

    @Override
    public List<String> getBootLog() {
        return machine.bootLog();
    }

    @Override
    public long sync() {
        Frame f = enter();
        try {
            return sys.sync();
        } finally {
            Hooks.leave(f);
        }
    }

    @Override
    public void dropCaches(int mode) {
        if (mode < 1 || mode > 3) {
            throw new IllegalArgumentException("drop_caches = " + mode + ": Invalid argument (accepted: 1, 2 or 3)");
        }
        Frame f = enter();
        try {
            sys.dropCaches(mode);
        } finally {
            Hooks.leave(f);
        }
    }

    @Override
    public void compactMemory() {
        Frame f = enter();
        try {
            machine.sysctl.set("compact_memory", "1", "jmx");
        } finally {
            Hooks.leave(f);
        }
    }

    @Override
    public String proc(String file) {
        Frame f = enter();
        try {
            switch (file == null ? "" : file.replaceFirst("^/proc/", "")) {
                case "meminfo": return MemInfo.render(MemInfo.capture(machine));
                case "vmstat": return VmStatFile.render(VmStatFile.capture(machine));
                case "buddyinfo": return BuddyInfo.render(FreeAreas.capture(machine));
                case "pagetypeinfo": return PageTypeInfo.render(FreeAreas.capture(machine));
                case "zoneinfo": return ZoneInfo.render(ZoneInfo.capture(machine));
                case "page-types": return PageTypes.render(PageTypes.capture(machine, false));
                default: throw new IllegalArgumentException("no /proc file " + file + " (accepted: " + PROC_FILES + ")");
            }
        } finally {
            Hooks.leave(f);
        }
    }
}
