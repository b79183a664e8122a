package dev.physmem.model.vmscan;

import dev.physmem.model.Mm;
import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.rmap.Mmap;
import dev.physmem.model.rmap.MmStruct;
import dev.physmem.model.rmap.Vma;
import dev.physmem.model.trace.Tracepoints;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.VmEventItem;
import dev.physmem.model.vmstat.VmStat;
import dev.physmem.model.vmstat.ZoneStatItem;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The OOM killer (mm/oom_kill.c): when reclaim cannot make progress, the process with the highest
 * badness (resident pages + swap entries + page tables) is killed and its memory reaped, with the
 * kernel's report: "… invoked oom-killer: gfp_mask=…", the Mem-Info summary, the task list, and
 * "Out of memory: Killed process …". The simulated process does not really die: its mappings go
 * (oom_reaper), and the report is the observable event.
 */
public final class OomKill {
    private final Mmap mmap;
    private final VmStat vmStat;
    private final Tracepoints trace;

    public OomKill(Mmap mmap, VmStat vmStat, Tracepoints trace) {
        this.mmap = mmap;
        this.vmStat = vmStat;
        this.trace = trace;
    }

    /** oom_badness() without oom_score_adj: resident pages plus swap entries. */
    static long oomBadness(MmStruct mm) {
        return mm.fileRss() + mm.anonRss() + mm.swapents();
    }

    /** out_of_memory(): select and kill; false when nothing can be killed. */
    public synchronized boolean outOfMemory(int gfp, int order) {
        Set<MmStruct> tasks = new LinkedHashSet<>();
        for (Vma vma : mmap.vmas()) {
            tasks.add(vma.mm);
        }
        MmStruct chosen = null;
        long chosenPoints = 0;
        for (MmStruct mm : tasks) {
            long points = oomBadness(mm);
            if (points > chosenPoints) {
                chosen = mm;
                chosenPoints = points;
            }
        }
        String header = dumpHeader(gfp, order, tasks);
        if (chosen == null) {
            trace.oomNoVictim(gfp, order, header + "Out of memory and no killable processes...\n");
            return false;
        }
        long totalVmKb = Mm.pagesToKb(chosen.totalVm());
        long anonKb = Mm.pagesToKb(chosen.anonRss());
        long fileKb = Mm.pagesToKb(chosen.fileRss());
        StringBuilder report = new StringBuilder(header);
        report.append(String.format("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,"
                + "global_oom,task_memcg=/,task=%s,pid=%d,uid=0%n", chosen.comm, chosen.pid));
        report.append(String.format("Out of memory: Killed process %d (%s) total-vm:%dkB, anon-rss:%dkB, "
                + "file-rss:%dkB, shmem-rss:0kB, UID:0 pgtables:0kB oom_score_adj:0%n",
                chosen.pid, chosen.comm, totalVmKb, anonKb, fileKb));
        vmStat.countVmEvents(VmEventItem.OOM_KILL, 1);
        mmap.exitMmap(chosen);
        chosen.markOomKilled();
        report.append(String.format("oom_reaper: reaped process %d (%s), now anon-rss:%dkB, file-rss:%dkB, "
                + "shmem-rss:0kB%n", chosen.pid, chosen.comm, Mm.pagesToKb(chosen.anonRss()),
                Mm.pagesToKb(chosen.fileRss())));
        trace.markVictim(chosen.pid, chosen.comm, totalVmKb, anonKb, fileKb, 0, gfp, order, report.toString());
        return true;
    }

    /** dump_header(): who asked, the memory summary of show_mem(), and the candidates. */
    private String dumpHeader(int gfp, int order, Set<MmStruct> tasks) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%s invoked oom-killer: gfp_mask=%#x(%s), order=%d, oom_score_adj=0%n",
                comm(), gfp, Gfp.format(gfp), order));
        sb.append("Mem-Info:\n");
        sb.append(String.format("active_anon:%d inactive_anon:%d isolated_anon:%d%n",
                node(NodeStatItem.NR_ACTIVE_ANON), node(NodeStatItem.NR_INACTIVE_ANON), node(NodeStatItem.NR_ISOLATED_ANON)));
        sb.append(String.format(" active_file:%d inactive_file:%d isolated_file:%d%n",
                node(NodeStatItem.NR_ACTIVE_FILE), node(NodeStatItem.NR_INACTIVE_FILE), node(NodeStatItem.NR_ISOLATED_FILE)));
        sb.append(String.format(" unevictable:%d dirty:%d writeback:%d%n", node(NodeStatItem.NR_UNEVICTABLE),
                node(NodeStatItem.NR_FILE_DIRTY), node(NodeStatItem.NR_WRITEBACK)));
        sb.append(String.format(" mapped:%d shmem:%d pagetables:%d%n free:%d%n", node(NodeStatItem.NR_FILE_MAPPED),
                node(NodeStatItem.NR_SHMEM), node(NodeStatItem.NR_PAGETABLE),
                vmStat.globalZonePageState(ZoneStatItem.NR_FREE_PAGES)));
        sb.append("Tasks state (memory values in pages):\n");
        sb.append("[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name\n");
        for (MmStruct mm : tasks) {
            sb.append(String.format("[%7d] %5d %5d %8d %8d %8d %8d %9d %8d %8d %13d %s%n", mm.pid, 0, mm.pid,
                    mm.totalVm(), mm.anonRss() + mm.fileRss(), mm.anonRss(), mm.fileRss(), 0, 0, mm.swapents(), 0,
                    mm.comm));
        }
        return sb.toString();
    }

    private long node(int item) {
        return vmStat.globalNodePageState(item);
    }

    /** current->comm of the allocating thread. */
    private static String comm() {
        String name = Thread.currentThread().getName();
        return name.length() > 15 ? name.substring(0, 15) : name;
    }
}
