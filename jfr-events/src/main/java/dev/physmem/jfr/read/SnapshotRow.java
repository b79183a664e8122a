package dev.physmem.jfr.read;

import dev.physmem.model.proc.MemInfoSnapshot;
import dev.physmem.model.proc.ZoneInfoSnapshot;

/**
 * One snapshot event's values, read out of the event as it arrives: JFR's streaming parser resolves
 * an event's strings from the constant pool of the chunk it is reading, so an event kept until its
 * capture is complete could no longer be read reliably.
 */
interface SnapshotRow {
    /** /proc/meminfo whole. */
    record MemInfoRow(MemInfoSnapshot snapshot) implements SnapshotRow {}

    /** Some /proc/vmstat lines, by their index in the file; the others are 0. */
    record VmStatRow(long[] values) implements SnapshotRow {}

    /** One zone of /proc/zoneinfo without its node counters and per-CPU lists. */
    record ZoneRow(ZoneInfoSnapshot zone) implements SnapshotRow {}

    record NodeStatRow(int nid, long[] stats) implements SnapshotRow {}

    record PagesetRow(int nid, String zone, ZoneInfoSnapshot.Pageset pageset) implements SnapshotRow {}

    record BuddyRow(int nid, String zone, int migrateType, long[] freeBlocks, long pageblocks) implements SnapshotRow {}

    record PageTypeRow(int row, long flags, long pages) implements SnapshotRow {}
}
