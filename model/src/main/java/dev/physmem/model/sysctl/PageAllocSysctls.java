package dev.physmem.model.sysctl;

import dev.physmem.model.alloc.BuddyAllocator;
import dev.physmem.model.alloc.Watermarks;
import dev.physmem.model.hugetlb.Hugetlb;

/** The vm.* entries of mm/page_alloc.c and mm/hugetlb.c. */
public final class PageAllocSysctls {
    private PageAllocSysctls() {}

    public static void register(SysctlTable table, Watermarks watermarks, BuddyAllocator buddy, Hugetlb hugetlb) {
        table.register(Sysctl.ofInt("min_free_kbytes", 0, Integer.MAX_VALUE, "kB",
                "Free memory the kernel keeps for itself; sets every zone's min watermark (low and high follow).",
                watermarks::minFreeKbytes, v -> watermarks.setMinFreeKbytes((int) v)));
        table.register(Sysctl.ofInt("watermark_scale_factor", 1, 3000, "1/10000 of memory",
                "Distance between the min, low and high watermarks, as a fraction of each zone: how early kswapd wakes and how long it works.",
                watermarks::watermarkScaleFactor, v -> watermarks.setWatermarkScaleFactor((int) v)));
        table.register(Sysctl.ofInt("watermark_boost_factor", 0, Integer.MAX_VALUE, "1/10000 of the high watermark",
                "How far watermarks are boosted after a fallback fragments a pageblock, so kswapd reclaims before fragmentation spreads.",
                buddy::watermarkBoostFactor, v -> buddy.setWatermarkBoostFactor((int) v)));
        table.register(Sysctl.ofInt("percpu_pagelist_high_fraction", 0, Integer.MAX_VALUE, "",
                "0 sizes each CPU's page list from the low watermark; N >= 8 allows managed/N pages per zone on the lists.",
                watermarks::percpuPagelistHighFraction, v -> {
                    if (v > 0 && v < Watermarks.MIN_PERCPU_PAGELIST_HIGH_FRACTION) {
                        throw new SysctlException("EINVAL", "vm.percpu_pagelist_high_fraction = " + v
                                + ": Invalid argument (accepted: 0, or at least "
                                + Watermarks.MIN_PERCPU_PAGELIST_HIGH_FRACTION + ")");
                    }
                    watermarks.setPercpuPagelistHighFraction((int) v);
                }));
        table.register(Sysctl.ofVector("lowmem_reserve_ratio", Integer.MIN_VALUE, Integer.MAX_VALUE, "",
                "Per zone: 1/N of the memory above it that allocations meant for higher zones must leave free (0 disables).",
                watermarks::lowmemReserveRatio, watermarks::setLowmemReserveRatio));
        table.register(Sysctl.ofUlong("nr_hugepages", 0, Long.MAX_VALUE, "pages",
                "Size of the 2 MiB hugetlb pool; growing takes pages from the buddy allocator, shrinking gives free ones back.",
                () -> hugetlb.defaultHstate().nrHugePages(), hugetlb::setNrHugepages));
    }
}
