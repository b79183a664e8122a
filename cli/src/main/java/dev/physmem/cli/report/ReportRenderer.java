package dev.physmem.cli.report;

import dev.physmem.cli.plot.Timeline;
import dev.physmem.cli.plot.TimelineChart;
import dev.physmem.cli.source.ProcSnapshot;
import dev.physmem.model.proc.BuddyInfo;
import dev.physmem.model.proc.MemInfo;
import dev.physmem.model.proc.PageTypeInfo;
import dev.physmem.model.proc.VmStatFile;
import dev.physmem.model.proc.ZoneInfo;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link Story} with the /proc files of one moment as text, JSON or a self-contained HTML page. */
public final class ReportRenderer {
    private ReportRenderer() {}

    public static String text(Story s, ProcSnapshot procs, String at) {
        StringBuilder sb = new StringBuilder();
        story(sb, s);
        sb.append('\n');
        for (Map.Entry<String, String> f : procFiles(procs).entrySet()) {
            sb.append("==> /proc/").append(f.getKey()).append(" at ").append(at).append(" <==\n")
                    .append(f.getValue()).append('\n');
        }
        return sb.toString();
    }

    /** The story part alone, as the demo prints it. */
    public static String storyText(Story s) {
        StringBuilder sb = new StringBuilder();
        story(sb, s);
        return sb.toString();
    }

    private static void story(StringBuilder sb, Story s) {
        sb.append(String.format(Locale.ROOT, "physmem report: %s (%.1f s; %s)%n%n", s.source(), s.seconds(), s.machine()));
        sb.append(String.format("%-26s %8s %10s %10s %10s%n", "Writeback works by reason", "works", "pages", "MiB", "busy ms"));
        if (s.writeback().isEmpty()) {
            sb.append("  (no writeback)\n");
        }
        for (Story.WritebackReason w : s.writeback()) {
            sb.append(String.format(Locale.ROOT, "  %-24s %8d %10d %10.1f %10.1f%n", w.reason(), w.works(), w.pages(),
                    w.pages() * 4096.0 / (1 << 20), w.millis()));
        }
        Story.Throttling t = s.throttling();
        sb.append('\n').append(t.pauses() == 0 ? "Writer throttling: writers were never paused\n"
                : String.format(Locale.ROOT, "Writer throttling: %d pauses, %.1f ms in all, longest %.1f ms at %.2f s%n",
                t.pauses(), t.totalMillis(), t.longestMillis(), t.longestAt()));
        for (Story.ThrottlePeriod p : t.periods()) {
            sb.append(String.format(Locale.ROOT, "  %6.2f .. %6.2f s  %-30s %6d pauses %10.1f ms%n", p.from(), p.to(),
                    p.setting(), p.pauses(), p.totalMillis()));
        }
        Story.Reclaim r = s.reclaim();
        sb.append(String.format(Locale.ROOT, "Reclaim: kswapd woke %d times (awake %.2f s), scanned %d, reclaimed %d pages;"
                        + " direct reclaim %d times (%.1f ms), scanned %d, reclaimed %d pages%n",
                r.kswapdWakes(), r.kswapdSeconds(), r.pgscanKswapd(), r.pgstealKswapd(), r.directReclaims(),
                r.directMillis(), r.pgscanDirect(), r.pgstealDirect()));
        Story.Compaction c = s.compaction();
        sb.append(c.zoneRuns() == 0 ? "Compaction: none\n" : String.format(Locale.ROOT, "Compaction: %d zone runs (%.1f ms),"
                + " migrated %d pages, %d failed; the scanners looked at %d pages to move and %d free%n", c.zoneRuns(),
                c.millis(), c.migrated(), c.failed(), c.migrateScanned(), c.freeScanned()));
        sb.append(String.format("Allocation failures: %d%s%n", s.allocationFailureCount(),
                s.allocationFailures().isEmpty() ? "" : "; first:\n    " + s.allocationFailures().get(0).replace("\n", "\n    ").trim()));
        sb.append(s.oomKills().isEmpty() ? "OOM kills: none\n" : "OOM kills:\n    " + String.join("\n    ", s.oomKills()) + "\n");
        sb.append('\n');
        if (s.dma().isEmpty()) {
            sb.append("DMA: no device did DMA\n");
        } else {
            sb.append(String.format("%-25s %-21s %-40s %s%n", "", "dma_alloc_coherent", "streaming mappings", "swiotlb"));
            sb.append(String.format("%-12s %-12s %8s %12s %9s %12s %8s %11s %8s %12s%n", "DMA device", "cache", "allocs",
                    "bytes", "mappings", "bytes", "syncs", "cache lines", "bounces", "bytes"));
            for (Story.DmaDevice d : s.dma()) {
                sb.append(String.format("%-12s %-12s %8d %12d %9d %12d %8d %11d %8d %12d%n", d.device(), d.cache(),
                        d.coherentAllocs(), d.coherentBytes(), d.mappings(), d.mappedBytes(), d.syncs(), d.cacheLines(),
                        d.bounces(), d.bouncedBytes()));
            }
            sb.append(String.format("DMA layer: %d cache lines cleaned or invalidated, %d swiotlb bounce copies (%d bytes)%n",
                    s.dmaTotals().cacheLines(), s.dmaTotals().bounces(), s.dmaTotals().bytesBounced()));
        }
        sb.append('\n').append(String.format("Kernel bugs caught: %d bad page states, %d DMA-API errors%n", s.badPages(),
                s.dmaApiErrors().values().stream().mapToLong(Long::longValue).sum()));
        for (String report : s.badPageReports()) {
            sb.append("    ").append(report.replace("\n", "\n    ").trim()).append('\n');
        }
        s.dmaApiErrors().forEach((msg, n) -> sb.append(String.format("    %dx %s%n", n, msg)));
        if (!s.workload().isEmpty()) {
            sb.append("\nWhat the application did (as the agent saw it):\n");
            s.workload().forEach((k, v) -> sb.append(String.format("  %-22s %d%n", k, v)));
        }
    }

    public static String html(Story s, ProcSnapshot procs, String at, Timeline timeline) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>physmem report: ")
                .append(escape(s.source())).append("</title>\n<style>body{font-family:sans-serif;margin:20px;color:#222}"
                        + "pre{background:#f6f6f6;padding:10px;overflow-x:auto;font-size:12px}"
                        + "details{margin:6px 0}summary{cursor:pointer;font-weight:bold}</style></head><body>\n");
        sb.append("<h1>physmem report</h1>\n<pre>").append(escape(storyText(s))).append("</pre>\n");
        if (timeline != null) {
            sb.append(TimelineChart.svg(timeline));
        }
        sb.append("<h2>/proc at ").append(escape(at)).append("</h2>\n");
        for (Map.Entry<String, String> f : procFiles(procs).entrySet()) {
            sb.append("<details><summary>/proc/").append(f.getKey()).append("</summary><pre>")
                    .append(escape(f.getValue())).append("</pre></details>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    /** The text of each /proc file of the snapshot, by name. */
    static Map<String, String> procFiles(ProcSnapshot p) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("meminfo", MemInfo.render(p.meminfo()));
        files.put("vmstat", VmStatFile.render(p.vmstat()));
        files.put("buddyinfo", BuddyInfo.render(p.freeAreas()));
        files.put("pagetypeinfo", PageTypeInfo.render(p.freeAreas()));
        files.put("zoneinfo", ZoneInfo.render(p.zoneinfo()));
        return files;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
