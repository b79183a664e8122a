package dev.physmem.jfr.events;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The name of every physmem event, {@code dev.physmem.<Name>}: settings files, {@code jfr print --events}
 * and the recording reader key on these, so they never change.
 */
public final class EventNames {
    private EventNames() {}

    private static final Set<String> ALL = collect();

    public static final String PREFIX = "dev.physmem.";

    // ---- page allocator ----
    public static final String PAGE_ALLOC = PREFIX + "PageAlloc";
    public static final String PAGE_FREE = PREFIX + "PageFree";
    public static final String ALLOC_EXTFRAG = PREFIX + "AllocExtfrag";
    public static final String ALLOC_FAILURE = PREFIX + "AllocFailure";
    public static final String COMPACTION = PREFIX + "Compaction";
    public static final String BAD_PAGE_STATE = PREFIX + "BadPageState";
    public static final String ZONE_WATERMARKS = PREFIX + "ZoneWatermarks";

    // ---- page cache ----
    public static final String PAGE_CACHE_ADD = PREFIX + "PageCacheAdd";
    public static final String PAGE_CACHE_DELETE = PREFIX + "PageCacheDelete";

    // ---- writeback ----
    public static final String FOLIO_DIRTY = PREFIX + "FolioDirty";
    public static final String FOLIO_WRITEBACK = PREFIX + "FolioWriteback";
    public static final String WRITEBACK_QUEUE = PREFIX + "WritebackQueue";
    public static final String FLUSHER_WAKE = PREFIX + "FlusherWake";
    public static final String WRITEBACK = PREFIX + "Writeback";
    public static final String DIRTY_THROTTLE = PREFIX + "DirtyThrottle";
    public static final String DIRTY_STATE = PREFIX + "DirtyState";

    // ---- reclaim ----
    public static final String KSWAPD_WAKEUP = PREFIX + "KswapdWakeup";
    public static final String KSWAPD_WAKE = PREFIX + "KswapdWake";
    public static final String KSWAPD_SLEEP = PREFIX + "KswapdSleep";
    public static final String SHRINK_INACTIVE = PREFIX + "ShrinkInactive";
    public static final String SHRINK_ACTIVE = PREFIX + "ShrinkActive";
    public static final String DIRECT_RECLAIM = PREFIX + "DirectReclaim";
    public static final String RECLAIM_WRITE_FOLIO = PREFIX + "ReclaimWriteFolio";
    public static final String OOM = PREFIX + "Oom";

    // ---- DMA ----
    public static final String DMA_ALLOC = PREFIX + "DmaAlloc";
    public static final String DMA_FREE = PREFIX + "DmaFree";
    public static final String DMA_MAP = PREFIX + "DmaMap";
    public static final String DMA_UNMAP = PREFIX + "DmaUnmap";
    public static final String DMA_MAP_SG = PREFIX + "DmaMapSg";
    public static final String DMA_UNMAP_SG = PREFIX + "DmaUnmapSg";
    public static final String DMA_SYNC = PREFIX + "DmaSync";
    public static final String SWIOTLB_BOUNCE = PREFIX + "SwiotlbBounce";
    public static final String DMA_DEBUG_ERROR = PREFIX + "DmaDebugError";
    public static final String DMA_DEVICE = PREFIX + "DmaDevice";
    public static final String DMA_STATE = PREFIX + "DmaState";
    public static final String SNAPSHOT_FLUSH = PREFIX + "SnapshotFlush";

    // ---- configuration ----
    public static final String SYSCTL_CHANGE = PREFIX + "SysctlChange";
    public static final String MACHINE_CONFIG = PREFIX + "MachineConfig";

    // ---- workload input, committed by the agent ----
    public static final String FILE_WRITE = PREFIX + "FileWrite";
    public static final String FILE_READ = PREFIX + "FileRead";
    public static final String FILE_SYNC = PREFIX + "FileSync";
    public static final String FILE_TRUNCATE = PREFIX + "FileTruncate";
    public static final String FILE_DELETE = PREFIX + "FileDelete";
    public static final String FILE_MAP = PREFIX + "FileMap";
    public static final String FILE_UNMAP = PREFIX + "FileUnmap";
    public static final String DIRECT_BUFFER_ALLOC = PREFIX + "DirectBufferAlloc";
    public static final String DIRECT_BUFFER_FREE = PREFIX + "DirectBufferFree";
    public static final String SOCKET_WRITE = PREFIX + "SocketWrite";
    public static final String SOCKET_READ = PREFIX + "SocketRead";
    public static final String SYNC = PREFIX + "Sync";
    public static final String DROP_CACHES = PREFIX + "DropCaches";

    // ---- periodic /proc snapshots ----
    public static final String MEM_INFO = PREFIX + "MemInfo";
    public static final String VM_STAT = PREFIX + "VmStat";
    public static final String VM_EVENTS = PREFIX + "VmEvents";
    public static final String ZONE_INFO = PREFIX + "ZoneInfo";
    public static final String NODE_STAT = PREFIX + "NodeStat";
    public static final String PER_CPU_PAGES = PREFIX + "PerCpuPages";
    public static final String BUDDY_INFO = PREFIX + "BuddyInfo";
    public static final String PAGE_TYPES = PREFIX + "PageTypes";

    /** Every name above. */
    public static Set<String> all() {
        return ALL;
    }

    private static Set<String> collect() {
        Set<String> names = new TreeSet<>();
        for (Field f : EventNames.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().equals("PREFIX")) {
                try {
                    names.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Collections.unmodifiableSet(names);
    }
}
