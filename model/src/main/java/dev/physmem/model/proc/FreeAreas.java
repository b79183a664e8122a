package dev.physmem.model.proc;

import dev.physmem.model.Mm;
import dev.physmem.model.alloc.MigrateType;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.mmzone.Zone;
import java.util.ArrayList;
import java.util.List;

/** Takes {@link ZoneFreeArea} snapshots of a live machine, each zone under its lock. */
public final class FreeAreas {
    private FreeAreas() {}

    /** Every zone of every node, in /proc order (node, then zone index). */
    public static List<ZoneFreeArea> capture(Machine machine) {
        List<ZoneFreeArea> out = new ArrayList<>();
        for (Zone zone : machine.zones) {
            long[][] free = new long[MigrateType.MIGRATE_TYPES][Mm.NR_PAGE_ORDERS];
            long[] blocks = new long[MigrateType.MIGRATE_TYPES];
            synchronized (zone.lock) {
                for (int mt = 0; mt < MigrateType.MIGRATE_TYPES; mt++) {
                    for (int order = 0; order < Mm.NR_PAGE_ORDERS; order++) {
                        free[mt][order] = zone.freeArea.count(order, mt);
                    }
                }
                if (zone.isPopulated()) {
                    int start = zone.zoneStartPfn;
                    int end = zone.zoneEndPfn();
                    // pagetypeinfo_showblockcount_print(): pageblock steps from the zone start, online sections only.
                    for (int pfn = start; pfn < end; pfn += Mm.PAGEBLOCK_NR_PAGES) {
                        if (machine.pfnToOnlinePage(pfn) && machine.memMap.zoneIdx(pfn) == zone.zoneIdx
                                && machine.memMap.nid(pfn) == zone.node.nid) {
                            blocks[machine.memMap.pageblockMigratetype(pfn)]++;
                        }
                    }
                }
            }
            out.add(new ZoneFreeArea(zone.node.nid, zone.name, zone.isPopulated(), free, blocks));
        }
        return out;
    }
}
