package dev.physmem.model.proc;

import dev.physmem.model.Mm;
import dev.physmem.model.alloc.MigrateType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** /proc/pagetypeinfo (mm/vmstat.c: pagetypeinfo_show): free blocks per type and order, then pageblocks per type. */
public final class PageTypeInfo {
    /** pagetypeinfo_showfree_print() stops counting a list here and prints a '>'. */
    static final long FREE_COUNT_CAP = 100000;

    private PageTypeInfo() {}

    /**
     * Reads /proc/pagetypeinfo back into per-zone free areas (populated zones only, as the file lists
     * them; counts printed as ">100000" read as 100000).
     */
    public static List<ZoneFreeArea> parse(String text) {
        List<String> keys = new ArrayList<>();
        Map<String, long[][]> free = new LinkedHashMap<>();
        Map<String, long[]> blocks = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("Node ")) {
                continue;
            }
            int comma = line.indexOf(',');
            String nid = line.substring(5, comma).trim();
            int zoneAt = line.indexOf("zone") + 4;
            if (line.contains(", type ")) {
                String key = nid + "/" + line.substring(zoneAt, line.indexOf(", type")).trim();
                if (!free.containsKey(key)) {
                    keys.add(key);
                    free.put(key, new long[MigrateType.MIGRATE_TYPES][Mm.NR_PAGE_ORDERS]);
                }
                int typeAt = line.indexOf("type") + 4;
                String type = line.substring(typeAt, typeAt + 13).trim();
                for (int mt = 0; mt < MigrateType.MIGRATE_TYPES; mt++) {
                    if (MigrateType.name(mt).equals(type)) {
                        free.get(key)[mt] = ProcParse.numbers(line.substring(typeAt + 13));
                    }
                }
            } else {
                blocks.put(nid + "/" + line.substring(zoneAt, zoneAt + 9).trim(),
                        ProcParse.numbers(line.substring(zoneAt + 9)));
            }
        }
        List<ZoneFreeArea> out = new ArrayList<>();
        for (String key : keys) {
            int slash = key.indexOf('/');
            out.add(new ZoneFreeArea(Integer.parseInt(key.substring(0, slash)), key.substring(slash + 1), true,
                    free.get(key), blocks.getOrDefault(key, new long[MigrateType.MIGRATE_TYPES])));
        }
        return out;
    }

    public static String render(List<ZoneFreeArea> zones) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Page block order: %d\n", Mm.PAGEBLOCK_ORDER));
        sb.append(String.format("Pages per block:  %d\n", Mm.PAGEBLOCK_NR_PAGES));
        sb.append('\n');
        sb.append(String.format("%-43s ", "Free pages count per migrate type at order"));
        for (int order = 0; order < Mm.NR_PAGE_ORDERS; order++) {
            sb.append(String.format("%6d ", order));
        }
        sb.append('\n');
        for (ZoneFreeArea z : zones) {
            if (!z.populated()) {
                continue;
            }
            for (int mt = 0; mt < MigrateType.MIGRATE_TYPES; mt++) {
                sb.append(String.format("Node %4d, zone %8s, type %12s ", z.nid(), z.zone(), MigrateType.name(mt)));
                for (int order = 0; order < Mm.NR_PAGE_ORDERS; order++) {
                    long n = z.freeBlocks()[mt][order];
                    boolean overflow = n >= FREE_COUNT_CAP;
                    sb.append(String.format("%s%6d ", overflow ? ">" : "", overflow ? FREE_COUNT_CAP : n));
                }
                sb.append('\n');
            }
        }
        sb.append(String.format("\n%-23s", "Number of blocks type "));
        for (int mt = 0; mt < MigrateType.MIGRATE_TYPES; mt++) {
            sb.append(String.format("%12s ", MigrateType.name(mt)));
        }
        sb.append('\n');
        for (ZoneFreeArea z : zones) {
            if (!z.populated()) {
                continue;
            }
            sb.append(String.format("Node %d, zone %8s ", z.nid(), z.zone()));
            for (int mt = 0; mt < MigrateType.MIGRATE_TYPES; mt++) {
                sb.append(String.format("%12d ", z.pageblocksPerType()[mt]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
