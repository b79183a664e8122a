package dev.physmem.model.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.model.Mm;
import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.mmzone.ZoneType;
import dev.physmem.model.testing.MemoryInvariants;
import dev.physmem.model.testing.TestMachines;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MachineBootTest {

    @ParameterizedTest
    @CsvSource({"64m,x86_64,1,1", "1g,x86_64,1,2", "4g,x86_64,2,4", "6g,arm64,1,2", "8g,arm64,2,2"})
    void bootedMachinesKeepEveryPageAccountedFor(String ram, String arch, int nodes, int cpus) {
        MachineConfig config = MachineConfig.defaults().withRam(ByteSize.parse(ram)).withArch(Arch.parse(arch))
                .withNodes(nodes).withCpus(cpus);
        Machine m = TestMachines.boot(config).machine();
        MemoryInvariants.check(m);
        long ramPages = ByteSize.parse(ram) >>> Mm.PAGE_SHIFT;
        assertThat(m.totalramPages()).as("MemTotal is below the installed RAM").isLessThan(ramPages);
        assertThat(m.totalPresentPages()).isLessThanOrEqualTo(ramPages);
    }

    @Test
    void x86ZonesFollowTheFirmwareMapOfAPc() {
        Machine m = TestMachines.boot("6g").machine();
        Zone dma = m.zone(0, ZoneType.ZONE_DMA);
        Zone dma32 = m.zone(0, ZoneType.ZONE_DMA32);
        Zone normal = m.zone(0, ZoneType.ZONE_NORMAL);
        // DMA spans pfn 1..4095; the legacy hole 640 KiB..1 MiB (97 frames) is not RAM and the whole
        // first MiB is reserved, exactly as on the reference machine (present 3998, managed 3840).
        assertThat(dma.zoneStartPfn).isEqualTo(1);
        assertThat(dma.spannedPages).isEqualTo(4095);
        assertThat(dma.presentPages).isEqualTo(3998);
        assertThat(dma.managedPages()).isEqualTo(3840);
        // DMA32 spans 16 MiB .. 4 GiB including the PCI hole above 3 GiB.
        assertThat(dma32.zoneStartPfn).isEqualTo(4096);
        assertThat(dma32.spannedPages).isEqualTo(1044480);
        assertThat(dma32.presentPages).isEqualTo((3L << 18) - 4096);
        // RAM above 3 GiB is remapped above 4 GiB.
        assertThat(normal.zoneStartPfn).isEqualTo(1 << 20);
        assertThat(normal.presentPages).isEqualTo(3L << 18);
        assertThat(m.zone(0, ZoneType.ZONE_MOVABLE).isPopulated()).isFalse();
    }

    @Test
    void arm64PutsAllRamBelow4GInZoneDmaAndLeavesDma32Empty() {
        Machine m = TestMachines.boot(MachineConfig.defaults().withRam(6L << 30).withArch(Arch.ARM64)).machine();
        Zone dma = m.zone(0, ZoneType.ZONE_DMA);
        assertThat(dma.zoneStartPfn).isEqualTo(0x40000);
        assertThat(dma.spannedPages).isEqualTo((1L << 20) - 0x40000);
        assertThat(m.zone(0, ZoneType.ZONE_DMA32).isPopulated()).isFalse();
        assertThat(m.zone(0, ZoneType.ZONE_NORMAL).presentPages).isEqualTo((6L << 18) - ((1L << 20) - 0x40000));
    }

    @Test
    void gigantic1GPagesAreCarvedAtBootAndCountedInMemTotal() {
        Machine m = TestMachines.boot(MachineConfig.defaults().withRam(8L << 30).withHugepages(4, 2)).machine();
        assertThat(m.hugetlb.giganticHstate().nrHugePages()).isEqualTo(2);
        assertThat(m.hugetlb.defaultHstate().nrHugePages()).isEqualTo(4);
        assertThat(m.hugetlb.totalKb()).isEqualTo(2L * 1024 * 1024 + 4L * 2048);
        MemoryInvariants.check(m);
    }

    @Test
    void impossibleMachinesAreRefusedWithTheSettingNamed() {
        assertThatThrownBy(() -> MachineConfig.defaults().withRam(32L << 20).validate())
                .hasMessage("ram=32m is out of range (64m .. 1t)");
        assertThatThrownBy(() -> MachineConfig.defaults().withNodes(4).withCpus(2).validate())
                .hasMessage("cpus=2 is out of range (4 .. 256; at least one per node)");
        assertThatThrownBy(() -> MachineConfig.defaults().withRam(128L << 20).withNodes(4).withCpus(4).validate())
                .hasMessage("nodes=4 leaves less than 64m per node with ram=128m");
    }

    @Test
    void sizesParseWithKernelStyleSuffixes() {
        assertThat(ByteSize.parse("64m")).isEqualTo(64L << 20);
        assertThat(ByteSize.parse("2G")).isEqualTo(2L << 30);
        assertThat(ByteSize.parse("1t")).isEqualTo(1L << 40);
        assertThat(ByteSize.parse("512KiB")).isEqualTo(512L << 10);
        assertThat(ByteSize.parse("4096")).isEqualTo(4096);
        assertThat(ByteSize.format(1536L << 20)).isEqualTo("1536m");
        assertThatThrownBy(() -> ByteSize.parse("lots")).hasMessageContaining("'lots' is not a size");
        assertThatThrownBy(() -> ByteSize.parse("99999999999t")).hasMessageContaining("too large");
    }
}
