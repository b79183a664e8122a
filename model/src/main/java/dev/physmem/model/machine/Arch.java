package dev.physmem.model.machine;

import dev.physmem.model.Mm;
import dev.physmem.model.mmzone.ZoneType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The two architectures the simulator boots, with the firmware memory map and zone boundaries each
 * gives a machine of a given RAM size.
 */
public enum Arch {
    /**
     * arch/x86/mm/init.c: ZONE_DMA below 16 MiB (MAX_DMA_PFN), ZONE_DMA32 below 4 GiB, ZONE_NORMAL above.
     * The e820 map of a PC: page 0 and the legacy hole 640 KiB..1 MiB are not RAM; RAM above 3 GiB is
     * placed above 4 GiB, leaving the PCI hole; all caches are coherent with DMA.
     */
    X86_64("x86_64", 0L, true) {
        @Override
        List<long[]> ramRanges(long ramBytes) {
            List<long[]> ranges = new ArrayList<>();
            long lowEnd = Math.min(ramBytes, PCI_HOLE_START);
            ranges.add(new long[] {1, LEGACY_HOLE_START_PFN});
            ranges.add(new long[] {LEGACY_HOLE_END_PFN, lowEnd >>> Mm.PAGE_SHIFT});
            if (ramBytes > PCI_HOLE_START) {
                long high = ramBytes - PCI_HOLE_START;
                ranges.add(new long[] {FOUR_GIB >>> Mm.PAGE_SHIFT, (FOUR_GIB + high) >>> Mm.PAGE_SHIFT});
            }
            return ranges;
        }

        @Override
        long[] zoneEndPfns(long maxPfn) {
            long[] end = new long[ZoneType.MAX_NR_ZONES];
            end[ZoneType.ZONE_DMA] = Math.min(maxPfn, MAX_DMA_PFN);
            end[ZoneType.ZONE_DMA32] = Math.min(maxPfn, MAX_DMA32_PFN);
            end[ZoneType.ZONE_NORMAL] = maxPfn;
            return end;
        }

        @Override
        public long zoneDmaLimit() {
            return (1L << 24) - 1;
        }
    },

    /**
     * arch/arm64/mm/init.c with RAM starting at 1 GiB (QEMU virt): ZONE_DMA covers the RAM below 4 GiB
     * (zone_dma_limit is capped at U32_MAX when DRAM starts below it), ZONE_DMA32 is empty, ZONE_NORMAL
     * is the rest. Devices are coherent only if the firmware says so.
     */
    ARM64("arm64", 1L << 30, false) {
        @Override
        List<long[]> ramRanges(long ramBytes) {
            List<long[]> ranges = new ArrayList<>();
            ranges.add(new long[] {ramBase() >>> Mm.PAGE_SHIFT, (ramBase() + ramBytes) >>> Mm.PAGE_SHIFT});
            return ranges;
        }

        @Override
        long[] zoneEndPfns(long maxPfn) {
            long[] end = new long[ZoneType.MAX_NR_ZONES];
            end[ZoneType.ZONE_DMA] = Math.min(maxPfn, MAX_DMA32_PFN);
            end[ZoneType.ZONE_DMA32] = Math.min(maxPfn, MAX_DMA32_PFN);
            end[ZoneType.ZONE_NORMAL] = maxPfn;
            return end;
        }

        @Override
        public long zoneDmaLimit() {
            return (1L << 32) - 1;
        }
    };

    static final long PCI_HOLE_START = 3L << 30;
    static final long FOUR_GIB = 1L << 32;
    static final long LEGACY_HOLE_START_PFN = 0x9f;
    static final long LEGACY_HOLE_END_PFN = 0x100;
    static final long MAX_DMA_PFN = (16L << 20) >>> Mm.PAGE_SHIFT;
    static final long MAX_DMA32_PFN = 1L << (32 - Mm.PAGE_SHIFT);

    private final String kernelName;
    private final long ramBase;
    private final boolean dmaCoherent;

    Arch(String kernelName, long ramBase, boolean dmaCoherent) {
        this.kernelName = kernelName;
        this.ramBase = ramBase;
        this.dmaCoherent = dmaCoherent;
    }

    /** The firmware's usable RAM ranges, as [startPfn, endPfn) pairs in address order. */
    abstract List<long[]> ramRanges(long ramBytes);

    /** The end PFN of each zone (exclusive); a zone starts where the one below it ends. */
    abstract long[] zoneEndPfns(long maxPfn);

    /** zone_dma_limit: the highest physical address ZONE_DMA serves. */
    public abstract long zoneDmaLimit();

    public long ramBase() {
        return ramBase;
    }

    /** dev_is_dma_coherent() default: always true on x86; per device (false unless declared) on arm64. */
    public boolean dmaCoherentByDefault() {
        return dmaCoherent;
    }

    public String kernelName() {
        return kernelName;
    }

    public static Arch parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "x86_64":
            case "x86-64":
            case "amd64":
                return X86_64;
            case "arm64":
            case "aarch64":
                return ARM64;
            default:
                throw new IllegalArgumentException("'" + text + "' is not a supported architecture (x86_64 or arm64)");
        }
    }

    @Override
    public String toString() {
        return kernelName;
    }
}
