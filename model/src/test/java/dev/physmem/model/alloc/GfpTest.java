package dev.physmem.model.alloc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.model.mmzone.ZoneType;
import org.junit.jupiter.api.Test;

/** GFP values and decoding from include/linux/gfp_types.h and gfp.h (6.18). */
class GfpTest {

    @Test
    void compositeMasksHaveTheKernelsValues() {
        assertThat(Gfp.GFP_KERNEL).isEqualTo(0xcc0);
        assertThat(Gfp.GFP_ATOMIC).isEqualTo(0x820);
        assertThat(Gfp.GFP_NOWAIT).isEqualTo(0x2800);
        assertThat(Gfp.GFP_USER).isEqualTo(0x100cc0);
        assertThat(Gfp.GFP_HIGHUSER_MOVABLE).isEqualTo(0x100cca);
    }

    @Test
    void gfpZonePicksTheHighestZoneAnAllocationMayUse() {
        assertThat(Gfp.gfpZone(Gfp.GFP_KERNEL)).isEqualTo(ZoneType.ZONE_NORMAL);
        assertThat(Gfp.gfpZone(Gfp.GFP_KERNEL | Gfp.__GFP_DMA)).isEqualTo(ZoneType.ZONE_DMA);
        assertThat(Gfp.gfpZone(Gfp.GFP_KERNEL | Gfp.__GFP_DMA32)).isEqualTo(ZoneType.ZONE_DMA32);
        assertThat(Gfp.gfpZone(Gfp.GFP_HIGHUSER_MOVABLE)).isEqualTo(ZoneType.ZONE_MOVABLE);
        assertThat(Gfp.gfpZone(Gfp.GFP_HIGHUSER)).isEqualTo(ZoneType.ZONE_NORMAL);
        assertThat(Gfp.gfpZone(Gfp.__GFP_MOVABLE | Gfp.__GFP_DMA32)).isEqualTo(ZoneType.ZONE_DMA32);
        assertThatThrownBy(() -> Gfp.gfpZone(Gfp.__GFP_DMA | Gfp.__GFP_DMA32)).hasMessageStartingWith("GFP_ZONE_BAD");
    }

    @Test
    void migratetypeComesFromTheMobilityBits() {
        assertThat(Gfp.migratetype(Gfp.GFP_KERNEL)).isEqualTo(MigrateType.MIGRATE_UNMOVABLE);
        assertThat(Gfp.migratetype(Gfp.GFP_HIGHUSER_MOVABLE)).isEqualTo(MigrateType.MIGRATE_MOVABLE);
        assertThat(Gfp.migratetype(Gfp.GFP_KERNEL | Gfp.__GFP_RECLAIMABLE)).isEqualTo(MigrateType.MIGRATE_RECLAIMABLE);
    }

    @Test
    void formatIsThePgGgRendering() {
        assertThat(Gfp.format(Gfp.GFP_KERNEL)).isEqualTo("GFP_KERNEL");
        assertThat(Gfp.format(Gfp.GFP_KERNEL | Gfp.__GFP_ZERO | Gfp.__GFP_NOWARN))
                .isEqualTo("GFP_KERNEL|__GFP_ZERO|__GFP_NOWARN");
        assertThat(Gfp.format(Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_COMP)).isEqualTo("GFP_HIGHUSER_MOVABLE|__GFP_COMP");
        assertThat(Gfp.format(Gfp.GFP_ATOMIC | Gfp.__GFP_DMA)).isEqualTo("GFP_ATOMIC|__GFP_DMA");
        assertThat(Gfp.format(0)).isEqualTo("0");
    }
}
