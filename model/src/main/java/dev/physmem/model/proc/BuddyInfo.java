package dev.physmem.model.proc;

import dev.physmem.model.Mm;
import java.util.List;

/** /proc/buddyinfo (mm/vmstat.c: frag_show_print): free blocks per order, populated zones only. */
public final class BuddyInfo {
    private BuddyInfo() {}

    public static String render(List<ZoneFreeArea> zones) {
        StringBuilder sb = new StringBuilder();
        for (ZoneFreeArea z : zones) {
            if (!z.populated()) {
                continue;
            }
            sb.append(String.format("Node %d, zone %8s ", z.nid(), z.zone()));
            for (int order = 0; order < Mm.NR_PAGE_ORDERS; order++) {
                sb.append(String.format("%6d ", z.nrFree(order)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
