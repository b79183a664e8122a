package dev.physmem.model.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.model.Mm;
import dev.physmem.model.alloc.MigrateType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every renderer reproduces, byte for byte, a file read from a real 6.18 kernel: the sample's numbers
 * are fed in as a snapshot and the rendered text must equal the sample (field names, order, widths,
 * padding, trailing spaces and newlines).
 */
class ProcFormatTest {

    @Test
    void buddyinfoIsByteForByteTheKernels() {
        String sample = ProcSamples.read("buddyinfo");
        List<ZoneFreeArea> zones = new ArrayList<>();
        for (String line : sample.split("\n")) {
            String zone = line.substring(line.indexOf("zone") + 4, line.indexOf("zone") + 13).trim();
            long[] perOrder = ProcSamples.numbers(line, line.indexOf("zone") + 13);
            long[][] free = new long[MigrateType.MIGRATE_TYPES][Mm.NR_PAGE_ORDERS];
            free[MigrateType.MIGRATE_MOVABLE] = perOrder;
            zones.add(new ZoneFreeArea(0, zone, true, free, new long[MigrateType.MIGRATE_TYPES]));
        }
        zones.add(new ZoneFreeArea(0, "Movable", false, new long[5][11], new long[5]));
        assertThat(BuddyInfo.render(zones)).isEqualTo(sample);
    }

    @Test
    void pagetypeinfoIsByteForByteTheKernels() {
        String sample = ProcSamples.read("pagetypeinfo");
        String[] lines = sample.split("\n");
        List<String> zoneNames = new ArrayList<>();
        List<long[][]> free = new ArrayList<>();
        List<long[]> blocks = new ArrayList<>();
        for (String line : lines) {
            if (line.contains(", type ")) {
                String zone = line.substring(line.indexOf("zone") + 4, line.indexOf(", type")).trim();
                if (!zoneNames.contains(zone)) {
                    zoneNames.add(zone);
                    free.add(new long[MigrateType.MIGRATE_TYPES][]);
                }
                String type = line.substring(line.indexOf("type") + 4, line.indexOf("type") + 17).trim();
                int mt = Arrays.asList("Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate").indexOf(type);
                free.get(zoneNames.indexOf(zone))[mt] = ProcSamples.numbers(line, line.indexOf("type") + 17);
            } else if (line.startsWith("Node ") && !line.contains("type")) {
                blocks.add(ProcSamples.numbers(line, line.indexOf("zone") + 13));
            }
        }
        List<ZoneFreeArea> zones = new ArrayList<>();
        for (int i = 0; i < zoneNames.size(); i++) {
            zones.add(new ZoneFreeArea(0, zoneNames.get(i), true, free.get(i), blocks.get(i)));
        }
        assertThat(PageTypeInfo.render(zones)).isEqualTo(sample);
    }

    @Test
    void pagetypeinfoMarksListsTooLongToCount() {
        long[][] free = new long[MigrateType.MIGRATE_TYPES][Mm.NR_PAGE_ORDERS];
        free[MigrateType.MIGRATE_MOVABLE][0] = 250000;
        String text = PageTypeInfo.render(List.of(new ZoneFreeArea(0, "Normal", true, free, new long[5])));
        assertThat(text).contains("Node    0, zone   Normal, type      Movable >100000      0 ");
    }

    @Test
    void zoneinfoIsByteForByteTheKernels() {
        String sample = ProcSamples.read("zoneinfo");
        assertThat(ZoneInfo.render(parseZoneinfo(sample))).isEqualTo(sample);
    }

    @Test
    void meminfoIsByteForByteTheKernels() {
        String sample = ProcSamples.read("meminfo");
        String[] lines = sample.split("\n");
        assertThat(lines).hasSize(MemInfoField.values().length);
        long[] values = new long[lines.length];
        for (int i = 0; i < lines.length; i++) {
            assertThat(lines[i]).startsWith(MemInfoField.values()[i].label + ":");
            values[i] = Long.parseLong(lines[i].substring(lines[i].indexOf(':') + 1).replace("kB", "").trim());
        }
        assertThat(MemInfo.render(new MemInfoSnapshot(values, true))).isEqualTo(sample);
    }

    @Test
    void meminfoOnArm64HasNoDirectMapLines() {
        String text = MemInfo.render(new MemInfoSnapshot(new long[MemInfoField.values().length], false));
        assertThat(text).doesNotContain("DirectMap").endsWith("Hugetlb:               0 kB\n");
    }

    @Test
    void vmstatIsByteForByteTheKernels() {
        String sample = ProcSamples.read("vmstat");
        String[] lines = sample.split("\n");
        long[] values = new long[lines.length];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            names.add(lines[i].split(" ")[0]);
            values[i] = Long.parseLong(lines[i].split(" ")[1]);
        }
        assertThat(VmStatFile.names()).as("names and order").isEqualTo(names);
        assertThat(VmStatFile.render(new VmStatSnapshot(values))).isEqualTo(sample);
    }

    @Test
    void pageTypesSummaryUsesTheToolsLayout() {
        String text = PageTypes.render(List.of(new PageTypes.Row(0, 2560), new PageTypes.Row(1L << 10, 12345),
                new PageTypes.Row((1L << 5) | (1L << 3) | (1L << 2) | (1L << 11), 300)));
        // page_flag_name() has one column per named KPF bit (43 of them), '_' where clear.
        String none = "_".repeat(43);
        String buddy = "__________B" + "_".repeat(32);
        String mappedLru = "__RU_l_____M" + "_".repeat(31);
        assertThat(text).isEqualTo(
                "             flags\tpage-count       MB  symbolic-flags\t\t\tlong-symbolic-flags\n"
                + "0x0000000000000000\t      2560       10  " + none + "\t\n"
                + "0x0000000000000400\t     12345       48  " + buddy + "\tbuddy\n"
                + "0x000000000000082c\t       300        1  " + mappedLru + "\treferenced,uptodate,lru,mmap\n"
                + "             total\t     15205       59\n");
    }

    /** Reads a /proc/zoneinfo text back into snapshots (the inverse of ZoneInfo.render). */
    static List<ZoneInfoSnapshot> parseZoneinfo(String text) {
        List<ZoneInfoSnapshot> out = new ArrayList<>();
        String[] blocks = text.split("(?m)^(?=Node )");
        for (String block : blocks) {
            if (block.isBlank()) {
                continue;
            }
            String[] lines = block.split("\n");
            int nid = Integer.parseInt(lines[0].substring(5, lines[0].indexOf(',')));
            String zone = lines[0].substring(lines[0].indexOf("zone") + 4).trim();
            int i = 1;
            long[] nodeStats = null;
            if (lines[i].equals("  per-node stats")) {
                List<Long> vals = new ArrayList<>();
                i++;
                while (!lines[i].startsWith("  pages free")) {
                    vals.add(lastNumber(lines[i++]));
                }
                nodeStats = vals.stream().mapToLong(Long::longValue).toArray();
            }
            long[] wm = new long[10];
            for (int k = 0; k < 10; k++) {
                wm[k] = lastNumber(lines[i++]);
            }
            String prot = lines[i++];
            long[] protection = Arrays.stream(prot.substring(prot.indexOf('(') + 1, prot.indexOf(')')).split(", "))
                    .mapToLong(Long::parseLong).toArray();
            boolean populated = i < lines.length;
            long[] zoneStats = new long[0];
            long[] numa = new long[0];
            List<ZoneInfoSnapshot.Pageset> pagesets = new ArrayList<>();
            boolean unreclaimable = false;
            long startPfn = 0;
            if (populated) {
                List<Long> vals = new ArrayList<>();
                while (!lines[i].equals("  pagesets")) {
                    vals.add(lastNumber(lines[i++]));
                }
                long[] all = vals.stream().mapToLong(Long::longValue).toArray();
                zoneStats = Arrays.copyOf(all, all.length - 6);
                numa = Arrays.copyOfRange(all, all.length - 6, all.length);
                i++;
                while (lines[i].startsWith("    cpu:")) {
                    int cpu = (int) lastNumber(lines[i]);
                    pagesets.add(new ZoneInfoSnapshot.Pageset(cpu, (int) lastNumber(lines[i + 1]),
                            (int) lastNumber(lines[i + 2]), (int) lastNumber(lines[i + 3]),
                            (int) lastNumber(lines[i + 4]), (int) lastNumber(lines[i + 5]),
                            (int) lastNumber(lines[i + 6])));
                    i += 7;
                }
                unreclaimable = lastNumber(lines[i++]) != 0;
                startPfn = lastNumber(lines[i]);
            }
            out.add(new ZoneInfoSnapshot(nid, zone, populated, nodeStats, wm[0], wm[1], wm[2], wm[3], wm[4], wm[5],
                    wm[6], wm[7], wm[8], wm[9], protection, zoneStats, numa, pagesets, unreclaimable, startPfn));
        }
        return out;
    }

    private static long lastNumber(String line) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[parts.length - 1]);
    }
}
