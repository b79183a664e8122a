package dev.physmem.model.sysctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.model.machine.Machine;
import dev.physmem.model.testing.TestMachines;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The vm.* table validates writes as the kernel's proc handlers do and refuses without changing anything. */
class SysctlTableTest {
    private final Machine m = TestMachines.boot("1g").machine();

    @Test
    void outOfRangeIsEinvalAndChangesNothing() {
        assertThatThrownBy(() -> m.sysctl.set("vm.dirty_ratio", "101", "test"))
                .isInstanceOf(SysctlException.class)
                .hasMessage("vm.dirty_ratio = 101: Invalid argument (accepted: 0 .. 100 %)")
                .extracting(e -> ((SysctlException) e).errno()).isEqualTo("EINVAL");
        assertThatThrownBy(() -> m.sysctl.set("vm.dirty_ratio", "abc", "test")).hasMessageContaining("Invalid argument");
        assertThatThrownBy(() -> m.sysctl.set("vm.watermark_scale_factor", "0", "test"))
                .hasMessageContaining("accepted: 1 .. 3000");
        assertThatThrownBy(() -> m.sysctl.set("vm.watermark_scale_factor", "3001", "test"))
                .isInstanceOf(SysctlException.class);
        assertThatThrownBy(() -> m.sysctl.set("vm.percpu_pagelist_high_fraction", "5", "test"))
                .hasMessageContaining("accepted: 0, or at least 8");
        assertThatThrownBy(() -> m.sysctl.set("vm.dirty_bytes", "4096", "test")).hasMessageContaining("at least 8192");
        assertThatThrownBy(() -> m.sysctl.set("vm.dirty_bytes", "0", "test")).hasMessageContaining("Invalid argument");
        assertThat(m.sysctl.get("dirty_ratio")).isEqualTo("20");
        assertThat(m.sysctl.get("watermark_scale_factor")).isEqualTo("10");
        assertThat(m.sysctl.get("percpu_pagelist_high_fraction")).isEqualTo("0");
    }

    @Test
    void unknownNamesAreEnoent() {
        assertThatThrownBy(() -> m.sysctl.get("vm.no_such_knob"))
                .hasMessage("cannot stat /proc/sys/vm/no_such_knob: No such file or directory");
    }

    @Test
    void ratiosAndBytesExcludeEachOther() {
        m.sysctl.set("vm.dirty_bytes", "104857600", "test");
        assertThat(m.sysctl.get("vm.dirty_ratio")).isEqualTo("0");
        // 104857600 / 4096 = 25600 pages, well above 10% of the ~250k dirtyable pages for the background.
        assertThat(m.dirtyLimits.globalDirtyLimits().thresh()).isEqualTo(25600);
        m.sysctl.set("vm.dirty_ratio", "20", "test");
        assertThat(m.sysctl.get("vm.dirty_bytes")).isEqualTo("0");
        m.sysctl.set("vm.dirty_background_bytes", "3000000000", "test");
        assertThat(m.sysctl.get("vm.dirty_background_ratio")).isEqualTo("0");
        m.sysctl.set("vm.dirty_background_ratio", "10", "test");
        assertThat(m.sysctl.get("vm.dirty_background_bytes")).isEqualTo("0");
    }

    @Test
    void lowmemReserveRatioIsAVectorAndZeroesEntriesBelowOne() {
        assertThat(m.sysctl.get("vm.lowmem_reserve_ratio")).isEqualTo("256\t256\t32\t0\t0");
        m.sysctl.set("vm.lowmem_reserve_ratio", "128 -5 32 0 0", "test");
        assertThat(m.sysctl.get("vm.lowmem_reserve_ratio")).isEqualTo("128\t0\t32\t0\t0");
        assertThat(m.zone(0, 0).lowmemReserve(1)).isEqualTo(249601 / 128);
    }

    @Test
    void everyChangeIsAnnouncedWithItsSource() {
        List<String> seen = new ArrayList<>();
        m.sysctl.addListener((entry, oldValue, newValue, source) ->
                seen.add(entry.fullName() + " " + oldValue + "->" + newValue + " by " + source));
        m.sysctl.set("vm.dirty_ratio", "30", "jmx");
        assertThatThrownBy(() -> m.sysctl.set("vm.dirty_ratio", "300", "jmx")).isInstanceOf(SysctlException.class);
        assertThat(seen).containsExactly("vm.dirty_ratio 20->30 by jmx");
    }

    @Test
    void everyEntryHasItsKernelNameADescriptionAndARange() {
        assertThat(m.sysctl.entries()).isNotEmpty();
        for (Sysctl e : m.sysctl.entries()) {
            assertThat(e.name).matches("[a-z_0-9]+");
            assertThat(e.description).endsWith(".");
            assertThat(e.range()).isNotBlank();
        }
    }
}
