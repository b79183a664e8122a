package dev.physmem.agent.jmx;

import dev.physmem.agent.Simulation;
import dev.physmem.agent.io.Translator;
import dev.physmem.model.Mm;
import dev.physmem.model.alloc.MigrateType;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.proc.MemInfo;
import dev.physmem.model.proc.MemInfoField;
import dev.physmem.model.proc.VmStatFile;
import dev.physmem.model.syscalls.Syscalls;
import dev.physmem.model.vmstat.VmEventItem;
import dev.physmem.model.vmstat.ZoneStatItem;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/** Registers the agent's MBeans on the platform MBean server, in the {@code dev.physmem} domain. */
public final class MBeans {
    public static final String DOMAIN = "dev.physmem";

    private MBeans() {}

    /**
     * Every MBean drains the application's queued calls ({@link Simulation#drain}) before it reads or
     * changes the simulated state, so what it shows or does comes after all of them.
     */
    public static void register(Simulation simulation, Machine machine, Syscalls sys, Translator translator)
            throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Runnable drain = simulation::drain;
        ObjectName sysctl = new ObjectName(DOMAIN + ":type=Sysctl,name=vm");
        server.registerMBean(new SysctlMBean(machine.sysctl, sysctl, drain), sysctl);
        server.registerMBean(memInfo(machine, drain), new ObjectName(DOMAIN + ":type=MemInfo"));
        server.registerMBean(vmStat(machine, drain), new ObjectName(DOMAIN + ":type=VmStat"));
        for (Zone z : machine.zones) {
            server.registerMBean(zone(machine, z, drain),
                    new ObjectName(DOMAIN + ":type=Zone,node=" + z.node.nid + ",name=" + z.name));
        }
        server.registerMBean(kernel(machine, sys, drain), new ObjectName(DOMAIN + ":type=Kernel"));
        server.registerMBean(new Described<>(new AgentView(simulation, translator), AgentMXBean.class),
                new ObjectName(DOMAIN + ":type=Agent"));
    }

    /** The Kernel MBean, with its operations' parameter names and descriptions. */
    static StandardMBean kernel(Machine machine, Syscalls sys, Runnable drain) {
        return new Described<>(new Kernel(machine, sys, drain), KernelMXBean.class);
    }

    static SnapshotMBean memInfo(Machine machine, Runnable drain) {
        List<SnapshotMBean.Line> lines = new ArrayList<>();
        for (MemInfoField f : MemInfoField.values()) {
            lines.add(new SnapshotMBean.Line(f.label, "/proc/meminfo " + f.label + ":", f.kb ? "kB" : "", "gauge"));
        }
        return new SnapshotMBean("/proc/meminfo of the simulated machine.", lines,
                () -> MemInfo.capture(machine).values(), drain);
    }

    static SnapshotMBean vmStat(Machine machine, Runnable drain) {
        Set<String> counters = new HashSet<>();
        for (int i = 0; i < VmEventItem.NR_VM_EVENT_ITEMS; i++) {
            counters.add(VmEventItem.name(i));
        }
        for (int i = 0; i < ZoneStatItem.Numa.NR_VM_NUMA_EVENT_ITEMS; i++) {
            counters.add(ZoneStatItem.Numa.name(i));
        }
        List<SnapshotMBean.Line> lines = new ArrayList<>();
        for (String name : VmStatFile.names()) {
            lines.add(new SnapshotMBean.Line(name, "/proc/vmstat " + name, "",
                    counters.contains(name) ? "counter" : "gauge"));
        }
        return new SnapshotMBean("/proc/vmstat of the simulated machine.", lines,
                () -> VmStatFile.capture(machine).values(), drain);
    }

    /** One zone as /proc/zoneinfo and /proc/buddyinfo show it: free pages, watermarks, sizes, free blocks per order. */
    static SnapshotMBean zone(Machine machine, Zone z, Runnable drain) {
        List<SnapshotMBean.Line> lines = new ArrayList<>(List.of(
                new SnapshotMBean.Line("free", "Free pages (NR_FREE_PAGES).", "pages", "gauge"),
                new SnapshotMBean.Line("min", "The min watermark, with the boost.", "pages", "gauge"),
                new SnapshotMBean.Line("low", "The low watermark: kswapd wakes below it.", "pages", "gauge"),
                new SnapshotMBean.Line("high", "The high watermark: kswapd sleeps above it.", "pages", "gauge"),
                new SnapshotMBean.Line("promo", "The promo watermark.", "pages", "gauge"),
                new SnapshotMBean.Line("boost", "watermark_boost after fragmenting fallbacks.", "pages", "gauge"),
                new SnapshotMBean.Line("spanned", "Pages the zone spans, holes included.", "pages", "gauge"),
                new SnapshotMBean.Line("present", "Physical pages in the zone.", "pages", "gauge"),
                new SnapshotMBean.Line("managed", "Pages the buddy allocator manages.", "pages", "gauge")));
        for (int order = 0; order < Mm.NR_PAGE_ORDERS; order++) {
            lines.add(new SnapshotMBean.Line("nr_free_order_" + order, "Free blocks of order " + order + " ("
                    + (Mm.PAGE_SIZE << order) / 1024 + " kB each), as /proc/buddyinfo counts them.", "blocks", "gauge"));
        }
        return new SnapshotMBean("Zone " + z.name + " of node " + z.node.nid + ".", lines, () -> {
            long[] v = new long[9 + Mm.NR_PAGE_ORDERS];
            v[0] = machine.vmStat.zonePageState(z, ZoneStatItem.NR_FREE_PAGES);
            v[1] = z.minWmarkPages();
            v[2] = z.lowWmarkPages();
            v[3] = z.highWmarkPages();
            v[4] = z.promoWmarkPages();
            v[5] = z.watermarkBoost();
            v[6] = z.spannedPages;
            v[7] = z.presentPages;
            v[8] = z.managedPages();
            synchronized (z.lock) {
                for (int order = 0; order < Mm.NR_PAGE_ORDERS; order++) {
                    for (int mt = 0; mt < MigrateType.MIGRATE_TYPES; mt++) {
                        v[9 + order] += z.freeArea.count(order, mt);
                    }
                }
            }
            return v;
        }, drain);
    }

    /** An MXBean with parameter names a JMX console can show ("mode", "file" rather than p0). */
    private static final class Described<T> extends StandardMBean {
        Described(T impl, Class<T> intf) {
            super(impl, intf, true);
        }

        @Override
        protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
            switch (op.getName()) {
                case "dropCaches": return "mode";
                case "proc": return "file";
                default: return super.getParameterName(op, param, sequence);
            }
        }

        @Override
        protected String getDescription(MBeanOperationInfo op) {
            switch (op.getName()) {
                case "sync": return "sync(2): write back every dirty page; returns simulated ns until done.";
                case "dropCaches": return "echo MODE > /proc/sys/vm/drop_caches (1 page cache, 2 slab, 3 both).";
                case "compactMemory": return "echo 1 > /proc/sys/vm/compact_memory: compact every zone, moving "
                        + "movable pages so that free pages merge into large blocks (compact_*, pgmigrate_* in vmstat).";
                case "proc": return "The text of /proc/FILE (" + Kernel.PROC_FILES + ").";
                default: return super.getDescription(op);
            }
        }
    }
}
