package dev.physmem.model.machine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * memblock (mm/memblock.c): the boot-time view of physical memory, as the firmware reported it, and of
 * what early boot reserved out of it (firmware areas, the kernel image, mem_map, per-CPU areas, swiotlb,
 * gigantic hugetlb pages). Whatever is left over is handed to the buddy allocator. Allocations are
 * top-down, as memblock does by default.
 */
public final class Memblock {
    /** A reserved range of page frames with the name the boot log gives it. */
    public record Region(String name, long basePfn, long pages) {
        public long endPfn() {
            return basePfn + pages;
        }
    }

    private final List<long[]> memory;
    private final List<Region> reserved = new ArrayList<>();

    public Memblock(List<long[]> memory) {
        this.memory = List.copyOf(memory);
    }

    /** memblock.memory: [startPfn, endPfn) ranges of RAM, in address order. */
    public List<long[]> memory() {
        return memory;
    }

    public List<Region> reserved() {
        return Collections.unmodifiableList(reserved);
    }

    /** The region reserved under {@code name}, or null. */
    public Region region(String name) {
        for (Region r : reserved) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }

    public long startPfn() {
        return memory.get(0)[0];
    }

    public long endPfn() {
        return memory.get(memory.size() - 1)[1];
    }

    /** memblock_reserve() of the RAM inside [basePfn, basePfn + pages). */
    public void reserve(String name, long basePfn, long pages) {
        reserved.add(new Region(name, basePfn, pages));
    }

    /**
     * memblock_alloc_range(): the highest {@code alignPages}-aligned free range of RAM inside
     * [minPfn, maxPfn); returns its base, or -1.
     */
    public long allocTopDown(String name, long pages, long alignPages, long minPfn, long maxPfn) {
        for (int i = memory.size() - 1; i >= 0; i--) {
            long lo = Math.max(memory.get(i)[0], minPfn);
            long hi = Math.min(memory.get(i)[1], maxPfn);
            long base = alignDown(hi - pages, alignPages);
            while (base >= lo) {
                Region clash = overlapping(base, pages);
                if (clash == null) {
                    reserve(name, base, pages);
                    return base;
                }
                base = alignDown(clash.basePfn() - pages, alignPages);
            }
        }
        return -1;
    }

    private Region overlapping(long base, long pages) {
        for (Region r : reserved) {
            if (base < r.endPfn() && r.basePfn() < base + pages) {
                return r;
            }
        }
        return null;
    }

    private static long alignDown(long v, long align) {
        return v < 0 ? -1 : v - Math.floorMod(v, align);
    }

    /** Is this RAM frame reserved? (boot-time only: linear in the number of regions) */
    public boolean isReserved(long pfn) {
        for (Region r : reserved) {
            if (pfn >= r.basePfn() && pfn < r.endPfn()) {
                return true;
            }
        }
        return false;
    }

    /** Reserved regions sorted by address, for walking RAM in order at boot. */
    public List<Region> reservedByAddress() {
        List<Region> sorted = new ArrayList<>(reserved);
        sorted.sort((a, b) -> Long.compare(a.basePfn(), b.basePfn()));
        return sorted;
    }
}
