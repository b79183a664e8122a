package dev.physmem.model.proc;

import dev.physmem.model.Mm;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.VmEventItem;
import dev.physmem.model.vmstat.VmStat;
import dev.physmem.model.vmstat.ZoneStatItem;
import dev.physmem.model.writeback.DirtyLimits;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * /proc/vmstat (mm/vmstat.c: vmstat_start/vmstat_show): zone counters, NUMA events, node counters
 * (THP ones in huge pages), the two dirty thresholds, the memmap counters, the event counters, and the
 * deprecated nr_unstable line the kernel still prints last.
 */
public final class VmStatFile {
    private static final List<String> NAMES;
    private static final Map<String, Integer> INDEX = new HashMap<>();
    private static final int NUMA_BASE = ZoneStatItem.NR_VM_ZONE_STAT_ITEMS;
    private static final int NODE_BASE = NUMA_BASE + ZoneStatItem.Numa.NR_VM_NUMA_EVENT_ITEMS;
    private static final int WRITEBACK_BASE = NODE_BASE + NodeStatItem.NR_VM_NODE_STAT_ITEMS;
    private static final int EVENT_BASE = WRITEBACK_BASE + 4;

    static {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < ZoneStatItem.NR_VM_ZONE_STAT_ITEMS; i++) {
            names.add(ZoneStatItem.name(i));
        }
        for (int i = 0; i < ZoneStatItem.Numa.NR_VM_NUMA_EVENT_ITEMS; i++) {
            names.add(ZoneStatItem.Numa.name(i));
        }
        for (int i = 0; i < NodeStatItem.NR_VM_NODE_STAT_ITEMS; i++) {
            names.add(NodeStatItem.name(i));
        }
        names.add("nr_dirty_threshold");
        names.add("nr_dirty_background_threshold");
        names.add("nr_memmap_pages");
        names.add("nr_memmap_boot_pages");
        for (int i = 0; i < VmEventItem.NR_VM_EVENT_ITEMS; i++) {
            names.add(VmEventItem.name(i));
        }
        names.add("nr_unstable");
        NAMES = Collections.unmodifiableList(names);
        for (int i = 0; i < NAMES.size(); i++) {
            INDEX.put(NAMES.get(i), i);
        }
    }

    private VmStatFile() {}

    public static List<String> names() {
        return NAMES;
    }

    public static int indexOf(String name) {
        Integer i = INDEX.get(name);
        return i == null ? -1 : i;
    }

    public static VmStatSnapshot capture(Machine m) {
        VmStat vs = m.vmStat;
        long[] v = new long[NAMES.size()];
        for (int i = 0; i < ZoneStatItem.NR_VM_ZONE_STAT_ITEMS; i++) {
            v[i] = vs.globalZonePageState(i);
        }
        for (int i = 0; i < ZoneStatItem.Numa.NR_VM_NUMA_EVENT_ITEMS; i++) {
            v[NUMA_BASE + i] = vs.globalNumaEvent(i);
        }
        for (int i = 0; i < NodeStatItem.NR_VM_NODE_STAT_ITEMS; i++) {
            long x = vs.globalNodePageState(i);
            v[NODE_BASE + i] = NodeStatItem.printInThp(i) ? x / Mm.HPAGE_PMD_NR : x;
        }
        DirtyLimits.Limits limits = m.dirtyLimits.globalDirtyLimits();
        v[WRITEBACK_BASE] = limits.thresh();
        v[WRITEBACK_BASE + 1] = limits.bgThresh();
        v[WRITEBACK_BASE + 2] = 0;
        v[WRITEBACK_BASE + 3] = m.memmapBootPages();
        long[] events = vs.allVmEvents();
        for (int i = 0; i < events.length; i++) {
            v[EVENT_BASE + i] = events[i];
        }
        // pgpgin/pgpgout are kept in sectors and printed in kB.
        v[EVENT_BASE + VmEventItem.PGPGIN] /= 2;
        v[EVENT_BASE + VmEventItem.PGPGOUT] /= 2;
        return new VmStatSnapshot(v);
    }

    /** Reads /proc/vmstat text back into a snapshot (lines it lacks stay 0, unknown lines are ignored). */
    public static VmStatSnapshot parse(String text) {
        long[] v = new long[NAMES.size()];
        for (String line : text.split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0) {
                int i = indexOf(line.substring(0, sp));
                if (i >= 0) {
                    v[i] = Long.parseLong(line.substring(sp + 1).trim());
                }
            }
        }
        return new VmStatSnapshot(v);
    }

    public static String render(VmStatSnapshot s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < NAMES.size(); i++) {
            sb.append(NAMES.get(i)).append(' ').append(s.values()[i]).append('\n');
        }
        return sb.toString();
    }
}
