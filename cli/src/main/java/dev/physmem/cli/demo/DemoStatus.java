package dev.physmem.cli.demo;

import dev.physmem.model.Mm;
import dev.physmem.model.proc.MemInfo;
import dev.physmem.model.proc.MemInfoField;
import dev.physmem.model.proc.MemInfoSnapshot;
import dev.physmem.model.proc.VmStatFile;
import dev.physmem.model.proc.VmStatSnapshot;
import java.util.Locale;

/** The demo's one-line status: time, phase, dirty and writeback memory against the threshold, throttling, reclaim. */
final class DemoStatus {
    private DemoStatus() {}

    static String line(double elapsed, double total, String phase, String meminfo, String vmstat, long waitNanos) {
        MemInfoSnapshot m = MemInfo.parse(meminfo);
        VmStatSnapshot v = VmStatFile.parse(vmstat);
        return String.format(Locale.ROOT,
                "[%5.1fs/%.0fs] %-18s Dirty %5d MiB  Writeback %4d MiB  (bg %d, throttle at %d MiB)  waited %6.0f ms  kswapd scanned %d",
                elapsed, total, phase, m.get(MemInfoField.DIRTY) >> 10, m.get(MemInfoField.WRITEBACK) >> 10,
                Mm.pagesToKb(v.get("nr_dirty_background_threshold")) >> 10,
                Mm.pagesToKb(v.get("nr_dirty_threshold")) >> 10, waitNanos / 1e6, v.get("pgscan_kswapd"));
    }
}
