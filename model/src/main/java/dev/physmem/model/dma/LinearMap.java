package dev.physmem.model.dma;

import dev.physmem.model.Mm;
import dev.physmem.model.machine.Arch;
import dev.physmem.model.page.MemMap;

/**
 * The kernel's linear map, through which a driver holds its buffers: {@code page_address()},
 * {@code virt_to_phys()} and {@code virt_addr_valid()}.
 * <ul>
 * <li>x86_64 with 4-level paging and no KASLR: {@code PAGE_OFFSET = 0xffff888000000000}, and
 *     {@code __va(phys) = phys + PAGE_OFFSET} (arch/x86/include/asm/page_64_types.h).</li>
 * <li>arm64 with 48-bit VAs: {@code PAGE_OFFSET = 0xffff000000000000}, and
 *     {@code __phys_to_virt(x) = (x - PHYS_OFFSET) | PAGE_OFFSET} where PHYS_OFFSET is
 *     {@code memstart_addr}, the start of DRAM rounded down to ARM64_MEMSTART_ALIGN (1 GiB with 4 KiB
 *     pages) (arch/arm64/include/asm/memory.h).</li>
 * </ul>
 */
final class LinearMap {
    static final long X86_64_PAGE_OFFSET = 0xffff888000000000L;
    static final long ARM64_PAGE_OFFSET = 0xffff000000000000L;
    private static final long ARM64_MEMSTART_ALIGN = 1L << 30;

    private final long pageOffset;
    private final long physOffset;
    private final MemMap memMap;

    LinearMap(Arch arch, MemMap memMap) {
        this.memMap = memMap;
        if (arch == Arch.X86_64) {
            pageOffset = X86_64_PAGE_OFFSET;
            physOffset = 0;
        } else {
            pageOffset = ARM64_PAGE_OFFSET;
            physOffset = arch.ramBase() & ~(ARM64_MEMSTART_ALIGN - 1);
        }
    }

    long physToVirt(long phys) {
        return pageOffset + (phys - physOffset);
    }

    long virtToPhys(long addr) {
        return addr - pageOffset + physOffset;
    }

    /** page_address(). */
    long pageAddress(int pfn) {
        return physToVirt(Mm.pfnToPhys(pfn));
    }

    /** virt_addr_valid(): a linear-map address of a frame that has a struct page. */
    boolean virtAddrValid(long addr) {
        if (Long.compareUnsigned(addr, pageOffset) < 0) {
            return false;
        }
        return memMap.pfnValid(virtToPhys(addr) >>> Mm.PAGE_SHIFT);
    }
}
