package dev.physmem.cli.report;

import dev.physmem.jfr.events.EventNames;
import dev.physmem.jfr.read.RecordingVisitor;
import dev.physmem.model.proc.VmStatSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;

/**
 * Builds a {@link Story} from one streaming pass: writeback works by reason, throttle pauses, kswapd
 * and direct reclaim, allocation failures and OOM kills, DMA per device, bad pages and DMA-API
 * errors, and the workload as the agent saw it. Reclaim page counts come from the vmstat counters at
 * the start and end. Memory stays bounded: only counts and the first few reports are kept.
 */
public final class StoryBuilder implements RecordingVisitor {
    /** The events a story is told from. */
    private static final Set<String> EVENTS = Set.of(EventNames.MACHINE_CONFIG, EventNames.WRITEBACK, EventNames.DIRTY_THROTTLE, EventNames.KSWAPD_WAKE,
                EventNames.KSWAPD_SLEEP, EventNames.DIRECT_RECLAIM, EventNames.COMPACTION, EventNames.ALLOC_FAILURE, EventNames.OOM,
                EventNames.DMA_ALLOC, EventNames.DMA_MAP, EventNames.DMA_MAP_SG, EventNames.DMA_SYNC,
                EventNames.SWIOTLB_BOUNCE, EventNames.DMA_DEVICE, EventNames.DMA_STATE, EventNames.BAD_PAGE_STATE, EventNames.DMA_DEBUG_ERROR, EventNames.FILE_WRITE,
                EventNames.FILE_READ, EventNames.FILE_SYNC, EventNames.FILE_DELETE, EventNames.FILE_MAP,
                EventNames.DIRECT_BUFFER_ALLOC, EventNames.SOCKET_WRITE, EventNames.SOCKET_READ,
                EventNames.SYSCTL_CHANGE);

    static final int KEEP_REPORTS = 3;

    private final Instant start;
    private String machine = "machine configuration not recorded";
    private final Map<String, long[]> writebackWorks = new TreeMap<>();
    private final Map<String, Double> writebackMillis = new HashMap<>();
    private long pauses;
    private double pauseMillis;
    private double longestPause;
    private double longestPauseAt;
    private final ThrottlePeriods throttlePeriods = new ThrottlePeriods();
    private long kswapdWakes;
    private final Map<Integer, Instant> kswapdAwakeSince = new HashMap<>();
    private double kswapdSeconds;
    private long directReclaims;
    private double directMillis;
    private long allocFailures;
    /** Compaction: zone runs, pages migrated, failed, migrate-scanned, free-scanned; and the time it took. */
    private final long[] compaction = new long[5];
    private double compactionMillis;
    private final List<String> allocReports = new ArrayList<>();
    private final List<String> ooms = new ArrayList<>();
    private final Map<String, long[]> dma = new TreeMap<>();
    /** The last DmaDevice snapshot per device: time, coherent bytes, mappings, bounced mappings. */
    private final Map<String, Object[]> dmaDevices = new TreeMap<>();
    /** Whether each device is cache-coherent, from its DmaDevice snapshots. */
    private final Map<String, Boolean> dmaCoherent = new HashMap<>();
    private Instant dmaStateTime;
    private long cacheLines;
    private long swiotlbBounces;
    private long swiotlbBytes;
    private long badPages;
    private final List<String> badPageReports = new ArrayList<>();
    private final Map<String, Long> dmaErrors = new LinkedHashMap<>();
    private final Map<String, Long> workload = new LinkedHashMap<>();
    private VmStatSnapshot firstVmStat;
    private Instant firstVmStatTime;
    private VmStatSnapshot lastVmStat;
    private Instant lastVmStatTime;
    private Instant lastEvent;

    public StoryBuilder(Instant start) {
        this.start = start;
    }

    @Override
    public Set<String> eventNames() {
        return EVENTS;
    }

    @Override
    public void event(RecordedEvent e) {
        Instant t = e.getEndTime();
        if (lastEvent == null || t.isAfter(lastEvent)) {
            lastEvent = t;
        }
        switch (e.getEventType().getName()) {
            case EventNames.MACHINE_CONFIG:
                machine = String.format("%s, ram %d MiB, MemTotal %d MiB, %d CPUs, %d node(s)", e.getString("arch"),
                        e.getLong("ram") >> 20, e.getLong("memTotal") >> 20, e.getInt("cpus"), e.getInt("nodes"));
                break;
            case EventNames.WRITEBACK: {
                String reason = e.getString("reason");
                long[] w = writebackWorks.computeIfAbsent(reason, k -> new long[2]);
                w[0]++;
                w[1] += e.getLong("pages");
                writebackMillis.merge(reason, e.getDuration().toNanos() / 1e6, Double::sum);
                break;
            }
            case EventNames.DIRTY_THROTTLE: {
                double ms = e.getLong("pause") / 1e6;
                if (ms > 0) {
                    pauses++;
                    pauseMillis += ms;
                    if (ms > longestPause) {
                        longestPause = ms;
                        longestPauseAt = seconds(e.getStartTime());
                    }
                    throttlePeriods.pause(seconds(e.getStartTime()), ms);
                }
                break;
            }
            case EventNames.COMPACTION:
                compaction[0]++;
                compaction[1] += e.getLong("migrated");
                compaction[2] += e.getLong("failed");
                compaction[3] += e.getLong("migrateScanned");
                compaction[4] += e.getLong("freeScanned");
                compactionMillis += e.getDuration().toNanos() / 1e6;
                break;
            case EventNames.KSWAPD_WAKE:
                kswapdWakes++;
                kswapdAwakeSince.putIfAbsent(e.getInt("node"), e.getStartTime());
                break;
            case EventNames.KSWAPD_SLEEP: {
                Instant since = kswapdAwakeSince.remove(e.getInt("node"));
                if (since != null) {
                    kswapdSeconds += Duration.between(since, e.getStartTime()).toNanos() / 1e9;
                }
                break;
            }
            case EventNames.DIRECT_RECLAIM:
                directReclaims++;
                directMillis += e.getDuration().toNanos() / 1e6;
                break;
            case EventNames.ALLOC_FAILURE:
                allocFailures++;
                keep(allocReports, e.getString("report"));
                break;
            case EventNames.OOM:
                ooms.add(String.format("%.2f s: killed %s (pid %d), anon-rss %d kB, file-rss %d kB", seconds(e.getStartTime()),
                        e.getString("comm"), e.getInt("pid"), e.getLong("anonRss") >> 10, e.getLong("fileRss") >> 10));
                break;
            case EventNames.DMA_ALLOC:
                dma(e.getString("device"))[0]++;
                dma(e.getString("device"))[1] += e.getLong("size");
                break;
            case EventNames.DMA_MAP:
            case EventNames.DMA_MAP_SG:
                dma(e.getString("device"))[2]++;
                dma(e.getString("device"))[3] += e.getLong("size");
                break;
            case EventNames.DMA_SYNC:
                dma(e.getString("device"))[4]++;
                dma(e.getString("device"))[5] += e.getLong("cacheLines");
                break;
            case EventNames.SWIOTLB_BOUNCE:
                dma(e.getString("device"))[6]++;
                dma(e.getString("device"))[7] += e.getLong("size");
                break;
            case EventNames.DMA_DEVICE:
                dmaCoherent.put(e.getString("device"), e.getBoolean("coherent"));
                dmaDevices.merge(e.getString("device"), new Object[] {t, e.getLong("coherentBytes"), e.getLong("mappings"),
                    e.getLong("bouncedMappings"), e.getLong("mappedBytes"), e.getLong("syncs"), e.getLong("cacheLines")},
                    (a, b) -> ((Instant) b[0]).isBefore((Instant) a[0]) ? a : b);
                break;
            case EventNames.DMA_STATE:
                if (dmaStateTime == null || !t.isBefore(dmaStateTime)) {
                    dmaStateTime = t;
                    cacheLines = e.getLong("cleanLines") + e.getLong("invalidateLines");
                    swiotlbBounces = e.getLong("bounces");
                    swiotlbBytes = e.getLong("bytesBounced");
                }
                break;
            case EventNames.BAD_PAGE_STATE:
                badPages++;
                keep(badPageReports, e.getString("report"));
                break;
            case EventNames.DMA_DEBUG_ERROR:
                dmaErrors.merge(e.getString("device") + ": " + e.getString("message"), 1L, Long::sum);
                break;
            case EventNames.FILE_WRITE:
                count("file writes", "bytes written", e.getLong("length"));
                break;
            case EventNames.FILE_READ:
                count("file reads", "bytes read", e.getLong("length"));
                break;
            case EventNames.FILE_SYNC:
                count("fsyncs", null, 0);
                break;
            case EventNames.FILE_DELETE:
                count("files deleted", null, 0);
                break;
            case EventNames.FILE_MAP:
                count("file mappings", "bytes mapped", e.getLong("length"));
                break;
            case EventNames.DIRECT_BUFFER_ALLOC:
                count("direct buffers", "direct buffer bytes", e.getLong("capacity"));
                break;
            case EventNames.SOCKET_WRITE:
                count("socket sends", "bytes sent", e.getLong("length"));
                break;
            case EventNames.SOCKET_READ:
                count("socket receives", "bytes received", e.getLong("length"));
                break;
            case EventNames.SYSCTL_CHANGE:
                count("sysctl changes", null, 0);
                throttlePeriods.sysctlChange(seconds(e.getStartTime()), e.getString("name"), e.getString("oldValue"),
                        e.getString("newValue"));
                break;
            default:
                break;
        }
    }

    @Override
    public void vmStat(Instant time, VmStatSnapshot snapshot) {
        if (firstVmStatTime == null || time.isBefore(firstVmStatTime)) {
            firstVmStat = snapshot;
            firstVmStatTime = time;
        }
        if (lastVmStatTime == null || time.isAfter(lastVmStatTime)) {
            lastVmStat = snapshot;
            lastVmStatTime = time;
        }
    }

    private long[] dma(String device) {
        return dma.computeIfAbsent(device, k -> new long[8]);
    }

    private void count(String calls, String bytes, long n) {
        workload.merge(calls, 1L, Long::sum);
        if (bytes != null) {
            workload.merge(bytes, n, Long::sum);
        }
    }

    private static void keep(List<String> reports, String report) {
        if (reports.size() < KEEP_REPORTS && report != null && !report.isEmpty()) {
            reports.add(report);
        }
    }

    private double seconds(Instant t) {
        return Duration.between(start, t).toNanos() / 1e9;
    }

    private long vmstatDelta(String name) {
        if (lastVmStat == null) {
            return 0;
        }
        return lastVmStat.get(name) - (firstVmStat == lastVmStat ? 0 : firstVmStat.get(name));
    }

    public Story build(String source) {
        List<Story.WritebackReason> wb = new ArrayList<>();
        writebackWorks.forEach((reason, w) -> wb.add(new Story.WritebackReason(reason, w[0], w[1],
                writebackMillis.getOrDefault(reason, 0.0))));
        // Per-mapping events exist only with the detailed settings; the periodic DmaDevice snapshots
        // always do, so their counts win where they are larger.
        dmaDevices.forEach((dev, snap) -> {
            long[] d = dma(dev);
            d[1] = Math.max(d[1], (Long) snap[1]);
            d[2] = Math.max(d[2], (Long) snap[2]);
            d[6] = Math.max(d[6], (Long) snap[3]);
            d[3] = Math.max(d[3], (Long) snap[4]);
            d[4] = Math.max(d[4], (Long) snap[5]);
            d[5] = Math.max(d[5], (Long) snap[6]);
        });
        List<Story.DmaDevice> devices = new ArrayList<>();
        dma.forEach((dev, d) -> {
            if (d[0] + d[1] + d[2] + d[4] + d[6] > 0) {
                Boolean coherent = dmaCoherent.get(dev);
                String cache = coherent == null ? "?" : coherent ? "coherent" : "non-coherent";
                devices.add(new Story.DmaDevice(dev, cache, d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]));
            }
        });
        double length = lastEvent == null ? 0 : seconds(lastEvent);
        Story.Reclaim reclaim = new Story.Reclaim(kswapdWakes, kswapdSeconds, vmstatDelta("pgscan_kswapd"),
                vmstatDelta("pgsteal_kswapd"), directReclaims, directMillis, vmstatDelta("pgscan_direct"),
                vmstatDelta("pgsteal_direct"));
        return new Story(source, length, machine, wb, new Story.Throttling(pauses, pauseMillis, longestPause, longestPauseAt,
                throttlePeriods.periods(length)),
                reclaim, new Story.Compaction(compaction[0], compactionMillis, compaction[1], compaction[2], compaction[3],
                        compaction[4]), allocReports, allocFailures, ooms, devices, new Story.DmaTotals(cacheLines, swiotlbBounces,
                swiotlbBytes), badPages, badPageReports, dmaErrors, workload);
    }
}
