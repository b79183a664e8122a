package dev.physmem.model.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.machine.ThpMode;
import dev.physmem.model.mmzone.Node;
import dev.physmem.model.mmzone.PerCpuPages;
import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.mmzone.ZoneType;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.testing.TestMachines;
import dev.physmem.model.trace.Tracepoints;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The watermark, reserve and per-CPU list formulas of mm/page_alloc.c checked against numbers worked
 * out by hand (derivations in the comments), never against the code under test.
 */
class WatermarkFormulaTest {

    /** calculate_min_free_kbytes(): clamp(int_sqrt(lowmem_kB * 16), 128, 262144); the table in its comment. */
    @ParameterizedTest
    @CsvSource({"16,512", "32,724", "64,1024", "128,1448", "256,2048", "512,2896", "1024,4096", "2048,5792",
            "4096,8192", "8192,11585", "16384,16384", "65536,32768", "1048576,131072", "8388608,262144"})
    void minFreeKbytesIsFourTimesTheSquareRootOfLowmemInKb(long lowmemMb, int expectedKb) {
        // e.g. 1024 MB = 1048576 kB; int_sqrt(1048576 * 16) = 4096. 8 TiB would give 370727: clamped.
        assertThat(Watermarks.defaultMinFreeKbytes(lowmemMb * 256)).isEqualTo(expectedKb);
    }

    /**
     * A 1 GiB x86_64 machine with THP in madvise mode. Managed pages after boot reservations:
     * DMA 3998 present - 158 (first MiB) = 3840; DMA32 258048 present - 4096 (kernel image) - 256 (per-CPU,
     * 2 x 512 KiB) - 4095 (mem_map: 262046 present x 64 B / 4096, rounded up) = 249601.
     * calculate_min_free_kbytes: (3840 + 249601) x 4 = 1013764 kB; int_sqrt(16220224) = 4027 kB.
     * With those watermarks nr_free_buffer_pages = (3840 - 21) + (249601 - 1488) = 251932; khugepaged's
     * recommendation is min(512 x 2 zones x 2 + 512 x 2 x 9, 251932 / 20) = 11264 pages = 45056 kB > 4027.
     * pages_min = 11264. DMA: tmp = 11264 x 3840 / 253441 = 170, delta = max(170 >> 2, 3840 x 10 / 10000)
     * = 42 -> 170/212/254/296. DMA32: tmp = 11264 x 249601 / 253441 = 11093, delta = max(2773, 249) = 2773
     * -> 11093/13866/16639/19412. lowmem_reserve of DMA = 249601 / 256 = 975.
     * pcp: DMA32 batch = rounddown_pow_of_two(60 + 30) - 1 = 63, high_min = 13866 / 2 CPUs = 6933,
     * high_max = 249601 / 8 / 2 = 15600; DMA batch max(1, 0) = 1, high_min 212 / 2 = 106, high_max 240.
     */
    @Test
    void oneGibX86Machine() {
        Machine m = TestMachines.boot("1g").machine();
        Zone dma = m.zone(0, ZoneType.ZONE_DMA);
        Zone dma32 = m.zone(0, ZoneType.ZONE_DMA32);
        assertThat(dma.managedPages()).isEqualTo(3840);
        assertThat(dma32.managedPages()).isEqualTo(249601);
        assertThat(m.watermarks.minFreeKbytes()).isEqualTo(45056);
        assertWatermarks(dma, 170, 212, 254, 296);
        assertWatermarks(dma32, 11093, 13866, 16639, 19412);
        assertProtection(dma, 0, 975, 975, 975, 975);
        assertProtection(dma32, 0, 0, 0, 0, 0);
        assertPcp(dma32, 63, 6933, 15600);
        assertPcp(dma, 1, 106, 240);
    }

    /** Without THP the boot-time formula alone decides: 4027 kB; pages_min 1006, DMA32 tmp 990, delta max(247, 249). */
    @Test
    void withoutThpTheSquareRootFormulaStands() {
        Machine m = TestMachines.boot(MachineConfig.defaults().withThp(ThpMode.NEVER)).machine();
        assertThat(m.watermarks.minFreeKbytes()).isEqualTo(4027);
        assertWatermarks(m.zone(0, ZoneType.ZONE_DMA32), 990, 1239, 1488, 1737);
    }

    /**
     * A 16 GiB x86_64 machine: RAM above 3 GiB is remapped above 4 GiB and a 64 MiB swiotlb pool is
     * reserved below 4 GiB. Managed: DMA 3840; DMA32 782336 - 4096 - 16384 = 761856; Normal 3407872 - 256
     * - 65535 (mem_map for 4194206 present pages) = 3342081. The square-root formula gives 16214 kB;
     * khugepaged raises it to 512 x 3 x 2 + 512 x 3 x 9 = 16896 pages = 67584 kB (the reference machine's
     * value). pages_min 16896 over lowmem 4107777: DMA tmp 15 delta 3; DMA32 tmp 3133 delta max(783, 761)
     * = 783; Normal tmp 13746 delta max(3436, 3342) = 3436. Reserves: DMA (761856 + 3342081) / 256 = 16031,
     * 761856 / 256 = 2976; DMA32 3342081 / 256 = 13055.
     */
    @Test
    void sixteenGibX86Machine() {
        Machine m = TestMachines.boot(MachineConfig.defaults().withRam(16L << 30)).machine();
        Zone dma = m.zone(0, ZoneType.ZONE_DMA);
        Zone dma32 = m.zone(0, ZoneType.ZONE_DMA32);
        Zone normal = m.zone(0, ZoneType.ZONE_NORMAL);
        assertThat(new long[] {dma.managedPages(), dma32.managedPages(), normal.managedPages()})
                .containsExactly(3840, 761856, 3342081);
        assertThat(m.watermarks.minFreeKbytes()).isEqualTo(67584);
        assertWatermarks(dma, 15, 18, 21, 24);
        assertWatermarks(dma32, 3133, 3916, 4699, 5482);
        assertWatermarks(normal, 13746, 17182, 20618, 24054);
        assertProtection(dma, 0, 2976, 16031, 16031, 16031);
        assertProtection(dma32, 0, 0, 13055, 13055, 13055);
        assertProtection(normal, 0, 0, 0, 0, 0);
        assertPcp(normal, 63, 8591, 208880);
        // An empty ZONE_MOVABLE still gets clamp(0 / 1024, SWAP_CLUSTER_MAX, 128) = 32 for every mark.
        assertWatermarks(m.zone(0, ZoneType.ZONE_MOVABLE), 32, 32, 32, 32);
    }

    /**
     * The worked example of linux-mm.md §1.5 (the reference machine's zones): managed 3840 / 772915 /
     * 163840, min_free_kbytes 67584 = 16896 pages over lowmem 940595. DMA32 min = 16896 x 772915 / 940595 =
     * 13883, delta = max(3470, 772) -> low 17353, high 20823, promo 24293; DMA protection 3019 and 3659.
     */
    @Test
    void referenceMachineNumbers() {
        Node node = new Node(0, 1, 1 << 21);
        MemMap memMap = new MemMap(1, 16);
        List<Zone> zones = new ArrayList<>();
        long[] managed = {3840, 772915, 163840, 0, 0};
        for (int z = 0; z < ZoneType.MAX_NR_ZONES; z++) {
            Zone zone = new Zone(node, z, z + 1, managed[z] == 0 ? 0 : 1, managed[z] == 0 ? 0 : 1, memMap, 2);
            zone.adjustManagedPages(managed[z]);
            node.setZone(zone);
            zones.add(zone);
        }
        dev.physmem.model.cpu.Cpu[] cpus = {
            new dev.physmem.model.cpu.Cpu(0, 0, 0, 0, 0, 0), new dev.physmem.model.cpu.Cpu(1, 0, 0, 0, 0, 0)};
        dev.physmem.model.vmstat.VmStat vmStat = new dev.physmem.model.vmstat.VmStat(
                new dev.physmem.model.cpu.Cpus(cpus), zones, List.of(node));
        Watermarks w = new Watermarks(zones, List.of(node), new int[] {2}, vmStat, Tracepoints.NONE, ThpMode.NEVER);
        w.setMinFreeKbytes(67584);
        w.setupPerZoneLowmemReserve();
        assertWatermarks(zones.get(ZoneType.ZONE_DMA32), 13883, 17353, 20823, 24293);
        assertProtection(zones.get(ZoneType.ZONE_DMA), 0, 3019, 3659, 3659, 3659);
        // zone_batchsize(772915): min(754, 256) / 4 = 64; rounddown_pow_of_two(96) - 1 = 63, as on that machine.
        assertPcp(zones.get(ZoneType.ZONE_DMA32), 63, 8676, 48307);
    }

    @Test
    void changingMinFreeKbytesOrScaleFactorMovesTheWatermarksAtOnce() {
        Machine m = TestMachines.boot("1g").machine();
        Zone dma32 = m.zone(0, ZoneType.ZONE_DMA32);
        m.sysctl.set("vm.min_free_kbytes", 8192, "test");
        // pages_min 2048: tmp = 2048 x 249601 / 253441 = 2016, delta = max(504, 249) -> 2016/2520/3024.
        assertWatermarks(dma32, 2016, 2520, 3024, 3528);
        m.sysctl.set("vm.watermark_scale_factor", 100, "test");
        // delta = max(504, 249601 x 100 / 10000 = 2496) -> 2016/4512/7008/9504.
        assertWatermarks(dma32, 2016, 4512, 7008, 9504);
    }

    private static void assertWatermarks(Zone z, long min, long low, long high, long promo) {
        assertThat(new long[] {z.minWmarkPages(), z.lowWmarkPages(), z.highWmarkPages(), z.promoWmarkPages()})
                .as(z + " min/low/high/promo").containsExactly(min, low, high, promo);
    }

    private static void assertProtection(Zone z, long... expected) {
        long[] actual = new long[ZoneType.MAX_NR_ZONES];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = z.lowmemReserve(i);
        }
        assertThat(actual).as(z + " protection").containsExactly(expected);
    }

    private static void assertPcp(Zone z, int batch, int highMin, int highMax) {
        PerCpuPages pcp = z.pageset[0];
        assertThat(new int[] {pcp.batch, pcp.highMin, pcp.highMax}).as(z + " batch/high_min/high_max")
                .containsExactly(batch, highMin, highMax);
    }
}
