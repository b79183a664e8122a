package dev.physmem.model.syscalls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.model.machine.Machine;
import dev.physmem.model.sysctl.Sysctl;
import dev.physmem.model.sysctl.SysctlException;
import dev.physmem.model.testing.TestMachines;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The vm.* table: every tunable of the issue, with the kernel's defaults, ranges and refusals. */
class SysctlTableTest {
    private final Machine m = TestMachines.boot("1g").machine();

    @Test
    void everyTunableIsInTheTableWithItsKernelDefault() {
        List<String> names = List.of("dirty_ratio", "dirty_background_ratio", "dirty_bytes", "dirty_background_bytes",
                "dirty_writeback_centisecs", "dirty_expire_centisecs", "min_free_kbytes", "watermark_scale_factor",
                "watermark_boost_factor", "swappiness", "vfs_cache_pressure", "drop_caches", "lowmem_reserve_ratio",
                "percpu_pagelist_high_fraction");
        for (String name : names) {
            Sysctl e = m.sysctl.entry(name);
            assertThat(e.description).as(name).isNotBlank();
            assertThat(e.range()).as(name).isNotBlank();
        }
        assertThat(m.sysctl.get("dirty_ratio")).isEqualTo("20");
        assertThat(m.sysctl.get("dirty_background_ratio")).isEqualTo("10");
        assertThat(m.sysctl.get("dirty_bytes")).isEqualTo("0");
        assertThat(m.sysctl.get("dirty_writeback_centisecs")).isEqualTo("500");
        assertThat(m.sysctl.get("dirty_expire_centisecs")).isEqualTo("3000");
        assertThat(m.sysctl.get("swappiness")).isEqualTo("60");
        assertThat(m.sysctl.get("vfs_cache_pressure")).isEqualTo("100");
        assertThat(m.sysctl.entry("swappiness").range()).isEqualTo("0 .. 200");
        assertThat(m.sysctl.entry("drop_caches").kind).isEqualTo(Sysctl.Kind.TRIGGER);
    }

    @Test
    void theKernelsRefusalsChangeNothing() {
        assertThatThrownBy(() -> m.sysctl.set("swappiness", 201, "test")).isInstanceOf(SysctlException.class)
                .hasMessage("vm.swappiness = 201: Invalid argument (accepted: 0 .. 200)");
        assertThatThrownBy(() -> m.sysctl.set("vfs_cache_pressure", -1, "test")).isInstanceOf(SysctlException.class);
        assertThatThrownBy(() -> m.sysctl.set("drop_caches", 5, "test")).isInstanceOf(SysctlException.class)
                .hasMessageContaining("accepted: 1 .. 4");
        assertThatThrownBy(() -> m.sysctl.set("drop_caches", 0, "test")).isInstanceOf(SysctlException.class);
        assertThatThrownBy(() -> m.sysctl.get("drop_caches")).isInstanceOf(SysctlException.class)
                .hasMessage("vm.drop_caches is write-only");
        assertThatThrownBy(() -> m.sysctl.set("dirty_writeback_centisecs", "abc", "test"))
                .isInstanceOf(SysctlException.class);
        assertThat(m.sysctl.get("swappiness")).isEqualTo("60");
        assertThat(m.sysctl.get("dirty_writeback_centisecs")).isEqualTo("500");
        m.sysctl.set("swappiness", 0, "test");
        assertThat(m.vmscan.swappiness()).isZero();
    }
}
