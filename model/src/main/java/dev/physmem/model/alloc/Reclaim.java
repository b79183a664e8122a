package dev.physmem.model.alloc;

import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.mmzone.Zonelist;
import dev.physmem.model.vmstat.VmStat;
import dev.physmem.model.vmstat.ZoneStatItem;

/**
 * What the allocator's slow path asks of page reclaim (mm/vmscan.c, mm/oom_kill.c). Until reclaim is
 * installed nothing can be reclaimed: kswapd never wakes, direct reclaim frees nothing and there is
 * no OOM victim, so allocations below the watermarks simply fail.
 */
public interface Reclaim {
    Reclaim NONE = new Reclaim() {};

    /** wakeup_kswapd(): an allocation went below the low watermark of {@code zone}. */
    default void wakeupKswapd(Zone zone, int gfp, int order, int highestZoneIdx) {}

    /** try_to_free_pages(): direct reclaim on behalf of an allocation; returns pages reclaimed. */
    default long tryToFreePages(Zonelist zonelist, int order, int gfp, int highestZoneIdx) {
        return 0;
    }

    /**
     * out_of_memory() via __alloc_pages_may_oom(): choose and kill a victim; true if that made progress
     * so the allocation should retry.
     */
    default boolean outOfMemory(Zonelist zonelist, int order, int gfp, int highestZoneIdx) {
        return false;
    }

    /** zone_reclaimable_pages(): file LRU pages (and anon ones when there is swap to put them). */
    default long zoneReclaimablePages(VmStat vmStat, Zone zone) {
        return vmStat.zonePageStateSnapshot(zone, ZoneStatItem.NR_ZONE_INACTIVE_FILE)
                + vmStat.zonePageStateSnapshot(zone, ZoneStatItem.NR_ZONE_ACTIVE_FILE);
    }

    /** Is kswapd of this zone's node awake right now (get_page_from_freelist skips such nodes first)? */
    default boolean kswapdActive(Zone zone) {
        return false;
    }
}
