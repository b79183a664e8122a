package dev.physmem.model.writeback;

import dev.physmem.model.Mm;
import dev.physmem.model.alloc.Watermarks;
import dev.physmem.model.sysctl.Sysctl;
import dev.physmem.model.sysctl.SysctlException;
import dev.physmem.model.sysctl.SysctlTable;
import dev.physmem.model.vmstat.NodeStatItem;
import dev.physmem.model.vmstat.VmStat;
import dev.physmem.model.vmstat.ZoneStatItem;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The global dirty limits of mm/page-writeback.c: how much page cache may be dirty before the flusher
 * starts background writeback ({@code bg_thresh}) and before writers are throttled ({@code thresh}),
 * from vm.dirty_ratio / vm.dirty_bytes and their background twins. Writing a ratio zeroes its bytes
 * twin and the other way round, as the sysctl handlers do.
 */
public final class DirtyLimits {
    /** dirty_bytes_min: 2 pages. */
    public static final long DIRTY_BYTES_MIN = 2L * Mm.PAGE_SIZE;
    private static final long UINT_MAX = 0xffffffffL;

    private final VmStat vmStat;
    private final Watermarks watermarks;
    private volatile int dirtyRatio = 20;
    private volatile int dirtyBackgroundRatio = 10;
    private volatile long dirtyBytes;
    private volatile long dirtyBackgroundBytes;
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

    /** The result of one domain_dirty_limits() computation, in pages. */
    public record Limits(long avail, long thresh, long bgThresh) {
        /** dirty_freerun_ceiling(): below (thresh + bg_thresh) / 2 writers are never throttled. */
        public long freerunCeiling() {
            return (thresh + bgThresh) / 2;
        }
    }

    public DirtyLimits(VmStat vmStat, Watermarks watermarks) {
        this.vmStat = vmStat;
        this.watermarks = watermarks;
    }

    /**
     * global_dirtyable_memory(): free pages above the kernel's reserves plus the file LRU; anonymous
     * memory cannot be written back to a file, so it does not count. Never 0.
     */
    public long globalDirtyableMemory() {
        long x = vmStat.globalZonePageState(ZoneStatItem.NR_FREE_PAGES);
        x -= Math.min(x, watermarks.totalreservePages());
        x += vmStat.globalNodePageState(NodeStatItem.NR_INACTIVE_FILE);
        x += vmStat.globalNodePageState(NodeStatItem.NR_ACTIVE_FILE);
        return x + 1;
    }

    /** global_dirty_limits(). */
    public Limits globalDirtyLimits() {
        return domainDirtyLimits(globalDirtyableMemory());
    }

    /**
     * domain_dirty_limits(): bytes win over ratios; ratios are applied per PAGE_SIZE (20% is 819/4096);
     * a background threshold at or above the hard one becomes half of it.
     */
    public Limits domainDirtyLimits(long avail) {
        long bytes = dirtyBytes;
        long bgBytes = dirtyBackgroundBytes;
        long ratio = (long) dirtyRatio * Mm.PAGE_SIZE / 100;
        long bgRatio = (long) dirtyBackgroundRatio * Mm.PAGE_SIZE / 100;
        long thresh = bytes != 0 ? divRoundUp(bytes, Mm.PAGE_SIZE) : ratio * avail / Mm.PAGE_SIZE;
        long bgThresh = bgBytes != 0 ? divRoundUp(bgBytes, Mm.PAGE_SIZE) : bgRatio * avail / Mm.PAGE_SIZE;
        thresh = Math.min(thresh, UINT_MAX);
        if (bgThresh >= thresh) {
            bgThresh = thresh / 2;
        }
        return new Limits(avail, thresh, bgThresh);
    }

    /** domain_dirty_limits() into a throttle control, without allocating: the hot path's version. */
    void domainDirtyLimits(DirtyThrottleControl dtc) {
        long bytes = dirtyBytes;
        long bgBytes = dirtyBackgroundBytes;
        long ratio = (long) dirtyRatio * Mm.PAGE_SIZE / 100;
        long bgRatio = (long) dirtyBackgroundRatio * Mm.PAGE_SIZE / 100;
        long thresh = bytes != 0 ? divRoundUp(bytes, Mm.PAGE_SIZE) : ratio * dtc.avail / Mm.PAGE_SIZE;
        long bgThresh = bgBytes != 0 ? divRoundUp(bgBytes, Mm.PAGE_SIZE) : bgRatio * dtc.avail / Mm.PAGE_SIZE;
        thresh = Math.min(thresh, UINT_MAX);
        if (bgThresh >= thresh) {
            bgThresh = thresh / 2;
        }
        dtc.thresh = thresh;
        dtc.bgThresh = bgThresh;
    }

    /** Runs {@code listener} after every successful change of a limit (writeback_set_ratelimit and friends). */
    public void addChangeListener(Runnable listener) {
        changeListeners.add(listener);
    }

    private void changed() {
        for (Runnable r : changeListeners) {
            r.run();
        }
    }

    private static long divRoundUp(long n, long d) {
        return (n + d - 1) / d;
    }

    public int dirtyRatio() {
        return dirtyRatio;
    }

    public int dirtyBackgroundRatio() {
        return dirtyBackgroundRatio;
    }

    public long dirtyBytes() {
        return dirtyBytes;
    }

    public long dirtyBackgroundBytes() {
        return dirtyBackgroundBytes;
    }

    /** dirty_ratio_handler(): a changed ratio clears dirty_bytes. */
    public synchronized void setDirtyRatio(int ratio) {
        if (ratio != dirtyRatio) {
            dirtyRatio = ratio;
            dirtyBytes = 0;
        }
    }

    /** dirty_background_ratio_handler(): any write clears dirty_background_bytes. */
    public synchronized void setDirtyBackgroundRatio(int ratio) {
        dirtyBackgroundRatio = ratio;
        dirtyBackgroundBytes = 0;
    }

    /** dirty_bytes_handler(): a changed value clears dirty_ratio; more than UINT_MAX pages is ERANGE. */
    public synchronized void setDirtyBytes(long bytes) {
        if (bytes != dirtyBytes) {
            checkPages("dirty_bytes", bytes);
            dirtyBytes = bytes;
            dirtyRatio = 0;
        }
    }

    /** dirty_background_bytes_handler(): any write clears dirty_background_ratio. */
    public synchronized void setDirtyBackgroundBytes(long bytes) {
        checkPages("dirty_background_bytes", bytes);
        dirtyBackgroundBytes = bytes;
        dirtyBackgroundRatio = 0;
    }

    private static void checkPages(String name, long bytes) {
        if (divRoundUp(bytes, Mm.PAGE_SIZE) > UINT_MAX) {
            throw new SysctlException("ERANGE", "vm." + name + " = " + bytes
                    + ": Numerical result out of range (at most " + (UINT_MAX * Mm.PAGE_SIZE) + " bytes)");
        }
    }

    /** The four vm.dirty_* limit knobs of mm/page-writeback.c. */
    public void registerSysctls(SysctlTable table) {
        table.register(Sysctl.ofInt("dirty_ratio", 0, 100, "%",
                "Percentage of dirtyable memory that may be dirty before writers are throttled (writing it zeroes dirty_bytes).",
                this::dirtyRatio, v -> {
                    setDirtyRatio((int) v);
                    changed();
                }));
        table.register(Sysctl.ofInt("dirty_background_ratio", 0, 100, "%",
                "Percentage of dirtyable memory that may be dirty before the flusher starts background writeback (zeroes dirty_background_bytes).",
                this::dirtyBackgroundRatio, v -> {
                    setDirtyBackgroundRatio((int) v);
                    changed();
                }));
        table.register(Sysctl.ofUlong("dirty_bytes", DIRTY_BYTES_MIN, Long.MAX_VALUE, "bytes",
                "Dirty memory at which writers are throttled, in bytes; 0 when dirty_ratio is used (writing it zeroes dirty_ratio).",
                this::dirtyBytes, v -> {
                    setDirtyBytes(v);
                    changed();
                }));
        table.register(Sysctl.ofUlong("dirty_background_bytes", 1, Long.MAX_VALUE, "bytes",
                "Dirty memory at which background writeback starts, in bytes; 0 when dirty_background_ratio is used.",
                this::dirtyBackgroundBytes, v -> {
                    setDirtyBackgroundBytes(v);
                    changed();
                }));
    }
}
