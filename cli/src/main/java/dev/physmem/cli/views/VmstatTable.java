package dev.physmem.cli.views;

import dev.physmem.cli.source.ProcSnapshot;
import dev.physmem.model.Mm;
import dev.physmem.model.proc.MemInfoField;
import dev.physmem.model.proc.VmStatSnapshot;

/**
 * Rows in the layout of vmstat(8): memory in kB (free, buff, cache), io in kB/s (bi, bo from
 * pgpgin/pgpgout), then the writeback columns that matter here (dirty and writeback memory against
 * the background and throttling thresholds) and reclaim per second (pages scanned and stolen by kswapd
 * and direct reclaim, direct-reclaim stalls).
 */
public final class VmstatTable {
    private VmstatTable() {}

    public static String header(boolean withTime) {
        String t = withTime ? "        " : "";
        return t + "---------memory--------- -----io---- ---------------writeback---------------- ---------reclaim--------\n"
                + (withTime ? "  time s" : "") + "    free    buff   cache     bi     bo   dirty   wback   bgthr  thresh    scan   steal  stall\n";
    }

    /** One row: memory now, rates over the interval since {@code prev} (null: no rates yet). */
    public static String row(ProcSnapshot prev, ProcSnapshot cur, boolean withTime) {
        StringBuilder sb = new StringBuilder();
        if (withTime) {
            sb.append(String.format("%8.1f", cur.seconds()));
        }
        long free = cur.meminfo().get(MemInfoField.MEM_FREE);
        long buff = cur.meminfo().get(MemInfoField.BUFFERS);
        long cache = cur.meminfo().get(MemInfoField.CACHED);
        VmStatSnapshot v = cur.vmstat();
        double dt = prev == null ? 0 : cur.seconds() - prev.seconds();
        sb.append(String.format("%8d%8d%8d", free, buff, cache));
        sb.append(String.format("%7d%7d", rate(prev, cur, "pgpgin", dt), rate(prev, cur, "pgpgout", dt)));
        sb.append(String.format("%8d%8d%8d%8d", cur.meminfo().get(MemInfoField.DIRTY),
                cur.meminfo().get(MemInfoField.WRITEBACK), Mm.pagesToKb(v.get("nr_dirty_background_threshold")),
                Mm.pagesToKb(v.get("nr_dirty_threshold"))));
        long scan = rate(prev, cur, "pgscan_kswapd", dt) + rate(prev, cur, "pgscan_direct", dt);
        long steal = rate(prev, cur, "pgsteal_kswapd", dt) + rate(prev, cur, "pgsteal_direct", dt);
        long stall = 0;
        for (String zone : new String[] {"dma", "dma32", "normal", "movable", "device"}) {
            stall += delta(prev, cur, "allocstall_" + zone);
        }
        sb.append(String.format("%8d%8d%7d", scan, steal, stall));
        return sb.append('\n').toString();
    }

    private static long delta(ProcSnapshot prev, ProcSnapshot cur, String name) {
        return prev == null ? 0 : cur.vmstat().get(name) - prev.vmstat().get(name);
    }

    private static long rate(ProcSnapshot prev, ProcSnapshot cur, String name, double dt) {
        return dt <= 0 ? 0 : Math.round(delta(prev, cur, name) / dt);
    }
}
