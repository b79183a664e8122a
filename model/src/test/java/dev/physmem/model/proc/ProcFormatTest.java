package dev.physmem.model.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.model.Mm;
import dev.physmem.model.alloc.MigrateType;
import java.util.ArrayList;
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
        List<ZoneFreeArea> zones = PageTypeInfo.parse(sample);
        assertThat(zones).extracting(ZoneFreeArea::zone).containsExactly("DMA", "DMA32", "Normal");
        assertThat(zones.get(2).freeBlocks()[MigrateType.MIGRATE_UNMOVABLE][0]).isEqualTo(623);
        assertThat(zones.get(1).pageblocksPerType()[MigrateType.MIGRATE_MOVABLE]).isEqualTo(1528);
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
        List<ZoneInfoSnapshot> zones = ZoneInfo.parse(sample);
        assertThat(zones).hasSize(5);
        assertThat(zones.get(1).min()).isEqualTo(12185);
        assertThat(zones.get(0).nodeStats()).hasSize(51);
        assertThat(zones.get(3).populated()).isFalse();
        assertThat(ZoneInfo.render(zones)).isEqualTo(sample);
    }

    @Test
    void meminfoIsByteForByteTheKernels() {
        String sample = ProcSamples.read("meminfo");
        String[] lines = sample.split("\n");
        assertThat(lines).hasSize(MemInfoField.values().length);
        for (int i = 0; i < lines.length; i++) {
            assertThat(lines[i]).startsWith(MemInfoField.values()[i].label + ":");
        }
        MemInfoSnapshot parsed = MemInfo.parse(sample);
        assertThat(parsed.get(MemInfoField.MEM_TOTAL)).isEqualTo(24684084);
        assertThat(parsed.get(MemInfoField.HUGEPAGESIZE)).isEqualTo(2048);
        assertThat(MemInfo.render(parsed)).isEqualTo(sample);
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
        assertThat(VmStatFile.parse(sample).values()).isEqualTo(values);
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
}
