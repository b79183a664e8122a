package dev.physmem.cli.views;

import dev.physmem.cli.source.ProcSnapshot;
import dev.physmem.model.Mm;
import dev.physmem.model.proc.MemInfoField;
import dev.physmem.model.proc.ZoneFreeArea;
import dev.physmem.model.proc.ZoneInfoSnapshot;

/**
 * One frame of {@code physmem top}: the meminfo summary, every populated zone against its watermarks,
 * buddy free blocks per order, dirty and writeback memory against the writeback thresholds, and what
 * happened in the last interval (pages dirtied and written, reclaim, allocation stalls).
 */
public final class TopScreen {
    private TopScreen() {}

    public static String render(String title, ProcSnapshot prev, ProcSnapshot cur, int width) {
        StringBuilder sb = new StringBuilder();
        sb.append(title).append('\n');
        var mi = cur.meminfo();
        sb.append(String.format("MemTotal %d kB  MemFree %d kB  MemAvailable %d kB  Cached %d kB  AnonPages %d kB%n",
                mi.get(MemInfoField.MEM_TOTAL), mi.get(MemInfoField.MEM_FREE), mi.get(MemInfoField.MEM_AVAILABLE),
                mi.get(MemInfoField.CACHED), mi.get(MemInfoField.ANON_PAGES)));
        long dirty = mi.get(MemInfoField.DIRTY);
        long wback = mi.get(MemInfoField.WRITEBACK);
        long bg = Mm.pagesToKb(cur.vmstat().get("nr_dirty_background_threshold"));
        long thresh = Mm.pagesToKb(cur.vmstat().get("nr_dirty_threshold"));
        int barWidth = Math.max(20, width - 50);
        sb.append(String.format("Dirty+Writeback %s %d+%d kB (bg %d kB, throttle %d kB)%n",
                thresholdBar(dirty + wback, bg, thresh, barWidth), dirty, wback, bg, thresh));
        sb.append('\n').append(String.format("%-14s %9s %9s %9s %9s %9s  %s%n", "zone", "free", "min", "low",
                "high", "managed", "free against min|low|high"));
        for (ZoneInfoSnapshot z : cur.zoneinfo()) {
            if (!z.populated()) {
                continue;
            }
            sb.append(String.format("%-14s %9d %9d %9d %9d %9d  %s%n", "Node " + z.nid() + " " + z.zone(), z.free(),
                    z.min(), z.low(), z.high(), z.managed(), watermarkBar(z, Math.max(10, width - 72))));
        }
        sb.append('\n').append("free blocks by order      0     1     2     3     4     5     6     7     8     9    10\n");
        for (ZoneFreeArea z : cur.freeAreas()) {
            sb.append(String.format("%-21s", "Node " + z.nid() + " " + z.zone()));
            for (int o = 0; o < Mm.NR_PAGE_ORDERS; o++) {
                sb.append(String.format("%6d", z.nrFree(o)));
            }
            sb.append('\n');
        }
        double dt = prev == null ? 0 : Math.max(1e-9, cur.seconds() - prev.seconds());
        sb.append('\n').append(String.format(
                "per second: dirtied %d  written %d | kswapd scan %d steal %d | direct scan %d steal %d stalls %d | alloc %d free %d%n",
                perSecond(prev, cur, dt, "nr_dirtied"), perSecond(prev, cur, dt, "nr_written"),
                perSecond(prev, cur, dt, "pgscan_kswapd"), perSecond(prev, cur, dt, "pgsteal_kswapd"),
                perSecond(prev, cur, dt, "pgscan_direct"), perSecond(prev, cur, dt, "pgsteal_direct"),
                perSecond(prev, cur, dt, "allocstall_dma32") + perSecond(prev, cur, dt, "allocstall_normal"),
                perSecond(prev, cur, dt, "pgalloc_dma") + perSecond(prev, cur, dt, "pgalloc_dma32")
                        + perSecond(prev, cur, dt, "pgalloc_normal") + perSecond(prev, cur, dt, "pgalloc_movable"),
                perSecond(prev, cur, dt, "pgfree")));
        return sb.toString();
    }

    /** [###....|...!...] filled to {@code value}, with marks at the background (|) and throttle (!) thresholds. */
    static String thresholdBar(long value, long bg, long thresh, int width) {
        long scale = Math.max(1, Math.max(thresh, value) * 5 / 4);
        char[] bar = new char[width];
        int fill = (int) Math.min(width, value * width / scale);
        for (int i = 0; i < width; i++) {
            bar[i] = i < fill ? '#' : '.';
        }
        bar[(int) Math.min(width - 1, bg * width / scale)] = '|';
        bar[(int) Math.min(width - 1, thresh * width / scale)] = '!';
        return "[" + new String(bar) + "]";
    }

    /** Free pages against the watermarks, scaled to twice the high mark. */
    static String watermarkBar(ZoneInfoSnapshot z, int width) {
        long scale = Math.max(1, z.high() * 2);
        char[] bar = new char[width];
        int fill = (int) Math.min(width, z.free() * width / scale);
        for (int i = 0; i < width; i++) {
            bar[i] = i < fill ? '=' : ' ';
        }
        bar[(int) Math.min(width - 1, z.min() * width / scale)] = 'm';
        bar[(int) Math.min(width - 1, z.low() * width / scale)] = 'l';
        bar[(int) Math.min(width - 1, z.high() * width / scale)] = 'h';
        return "[" + new String(bar) + "]";
    }

    private static long perSecond(ProcSnapshot prev, ProcSnapshot cur, double dt, String name) {
        if (prev == null) {
            return 0;
        }
        return Math.round((cur.vmstat().get(name) - prev.vmstat().get(name)) / dt);
    }
}
