package dev.physmem.model.testing;

import dev.physmem.model.time.Scheduler;
import dev.physmem.model.trace.Tracepoints;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Tracepoints that remember what scenario tests look at, stamped with the simulated time. */
public final class TraceRecorder implements Tracepoints {
    /** One folio submitted for writeback. */
    public record Writepage(long nanos, int pfn, long ino, long index, int reason) {}

    /** One writeback work finished. */
    public record Written(long nanos, int reason, long startNanos, long pages) {}

    /** One balance_dirty_pages() decision that paused (or credited) the writer. */
    public record Throttle(long nanos, long thresh, long bgThresh, long limit, long dirty, long taskRatelimit,
                           long dirtied, long pauseNanos) {}

    public record Oom(String comm, long anonRssKb, String report) {}

    /** One compact_zone() run as mm_compaction_end reported it. */
    public record CompactionEnd(String zone, long migratePfn, long freePfn, String status, long migrateScanned,
                                long freeScanned, long nrMigrated, long nrFailed) {}

    private Scheduler clock;
    public final List<Writepage> writepages = Collections.synchronizedList(new ArrayList<>());
    public final List<Written> written = Collections.synchronizedList(new ArrayList<>());
    public final List<Throttle> throttles = Collections.synchronizedList(new ArrayList<>());
    public final List<Integer> queued = Collections.synchronizedList(new ArrayList<>());
    public final List<String> kswapd = Collections.synchronizedList(new ArrayList<>());
    public final List<Oom> ooms = Collections.synchronizedList(new ArrayList<>());
    public final List<String> reports = Collections.synchronizedList(new ArrayList<>());
    public final List<CompactionEnd> compactions = Collections.synchronizedList(new ArrayList<>());

    public void setClock(Scheduler clock) {
        this.clock = clock;
    }

    private long now() {
        return clock == null ? 0 : clock.now();
    }

    @Override
    public void wbcWritepage(int pfn, int dev, long ino, long index, int nrPages, int reason) {
        writepages.add(new Writepage(now(), pfn, ino, index, reason));
    }

    @Override
    public void writebackWritten(String bdi, int reason, long startNanos, long nrPages, long nrInodes) {
        written.add(new Written(now(), reason, startNanos, nrPages));
    }

    @Override
    public void mmCompactionEnd(int nid, String zone, long zoneStart, long migratePfn, long freePfn, long zoneEnd,
                                boolean sync, String status, long startNanos, long migrateScanned, long freeScanned,
                                long nrMigrated, long nrFailed) {
        compactions.add(new CompactionEnd(zone, migratePfn, freePfn, status, migrateScanned, freeScanned, nrMigrated,
                nrFailed));
    }

    @Override
    public void writebackQueue(String bdi, int reason, long nrPages, boolean syncAll) {
        queued.add(reason);
    }

    @Override
    public void balanceDirtyPages(String bdi, long thresh, long bgThresh, long limit, long setpoint, long dirty,
                                  long taskRatelimit, long dirtied, long periodNanos, long pauseNanos) {
        throttles.add(new Throttle(now(), thresh, bgThresh, limit, dirty, taskRatelimit, dirtied, pauseNanos));
    }

    /** Called at the moment an allocation wakes kswapd (wakeup_kswapd), before it runs. */
    public volatile Runnable onWakeupKswapd;

    @Override
    public void mmVmscanWakeupKswapd(int nid, int zoneIdx, int order, int gfp) {
        kswapd.add("wakeup " + nid);
        Runnable r = onWakeupKswapd;
        if (r != null) {
            r.run();
        }
    }

    @Override
    public void mmVmscanKswapdWake(int nid, int zoneIdx, int order) {
        kswapd.add("wake " + nid);
    }

    @Override
    public void mmVmscanKswapdSleep(int nid) {
        kswapd.add("sleep " + nid);
    }

    @Override
    public void markVictim(int pid, String comm, long totalVmKb, long anonRssKb, long fileRssKb, long shmemRssKb,
                           int gfp, int order, String report) {
        ooms.add(new Oom(comm, anonRssKb, report));
    }

    @Override
    public void warnAlloc(int gfp, int order, int preferredNid, String report) {
        reports.add(report);
    }
}
