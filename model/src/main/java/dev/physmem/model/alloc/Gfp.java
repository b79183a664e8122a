package dev.physmem.model.alloc;

import dev.physmem.model.mmzone.ZoneType;

/**
 * GFP flags with the 6.18 bit layout (include/linux/gfp_types.h), the composite masks callers use,
 * {@code gfp_zone()} and {@code gfp_migratetype()} (include/linux/gfp.h), and the {@code %pGg} text.
 */
public final class Gfp {
    private Gfp() {}

    public static final int __GFP_DMA = 0x01;
    public static final int __GFP_HIGHMEM = 0x02;
    public static final int __GFP_DMA32 = 0x04;
    public static final int __GFP_MOVABLE = 0x08;
    public static final int __GFP_RECLAIMABLE = 0x10;
    public static final int __GFP_HIGH = 0x20;
    public static final int __GFP_IO = 0x40;
    public static final int __GFP_FS = 0x80;
    public static final int __GFP_ZERO = 0x100;
    public static final int __GFP_DIRECT_RECLAIM = 0x400;
    public static final int __GFP_KSWAPD_RECLAIM = 0x800;
    public static final int __GFP_WRITE = 0x1000;
    public static final int __GFP_NOWARN = 0x2000;
    public static final int __GFP_RETRY_MAYFAIL = 0x4000;
    public static final int __GFP_NOFAIL = 0x8000;
    public static final int __GFP_NORETRY = 0x10000;
    public static final int __GFP_MEMALLOC = 0x20000;
    public static final int __GFP_COMP = 0x40000;
    public static final int __GFP_NOMEMALLOC = 0x80000;
    public static final int __GFP_HARDWALL = 0x100000;
    public static final int __GFP_THISNODE = 0x200000;
    public static final int __GFP_ACCOUNT = 0x400000;

    public static final int __GFP_RECLAIM = __GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM;
    public static final int GFP_ZONEMASK = __GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE;
    public static final int GFP_MOVABLE_MASK = __GFP_RECLAIMABLE | __GFP_MOVABLE;

    public static final int GFP_ATOMIC = __GFP_HIGH | __GFP_KSWAPD_RECLAIM;
    public static final int GFP_KERNEL = __GFP_RECLAIM | __GFP_IO | __GFP_FS;
    public static final int GFP_KERNEL_ACCOUNT = GFP_KERNEL | __GFP_ACCOUNT;
    public static final int GFP_NOWAIT = __GFP_KSWAPD_RECLAIM | __GFP_NOWARN;
    public static final int GFP_NOIO = __GFP_RECLAIM;
    public static final int GFP_NOFS = __GFP_RECLAIM | __GFP_IO;
    public static final int GFP_USER = GFP_KERNEL | __GFP_HARDWALL;
    public static final int GFP_DMA = __GFP_DMA;
    public static final int GFP_DMA32 = __GFP_DMA32;
    public static final int GFP_HIGHUSER = GFP_USER | __GFP_HIGHMEM;
    public static final int GFP_HIGHUSER_MOVABLE = GFP_HIGHUSER | __GFP_MOVABLE;
    public static final int GFP_TRANSHUGE_LIGHT =
            (GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | __GFP_NOWARN) & ~__GFP_RECLAIM;
    public static final int GFP_TRANSHUGE = GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM;

    /**
     * gfp_zone(): DMA -> DMA, DMA32 -> DMA32, MOVABLE|HIGHMEM -> MOVABLE, anything else NORMAL
     * (HIGHMEM is NORMAL on 64-bit). Combinations the kernel's GFP_ZONE_BAD rejects throw.
     */
    public static int gfpZone(int gfp) {
        int bits = gfp & GFP_ZONEMASK;
        switch (bits) {
            case 0:
            case __GFP_HIGHMEM:
            case __GFP_MOVABLE:
                return ZoneType.ZONE_NORMAL;
            case __GFP_DMA:
            case __GFP_MOVABLE | __GFP_DMA:
                return ZoneType.ZONE_DMA;
            case __GFP_DMA32:
            case __GFP_MOVABLE | __GFP_DMA32:
                return ZoneType.ZONE_DMA32;
            case __GFP_MOVABLE | __GFP_HIGHMEM:
                return ZoneType.ZONE_MOVABLE;
            default:
                throw new IllegalArgumentException("GFP_ZONE_BAD: " + format(gfp));
        }
    }

    /** gfp_migratetype(): {@code (gfp & (__GFP_RECLAIMABLE|__GFP_MOVABLE)) >> 3}. */
    public static int migratetype(int gfp) {
        return (gfp & GFP_MOVABLE_MASK) >>> 3;
    }

    public static boolean has(int gfp, int flag) {
        return (gfp & flag) != 0;
    }

    private static final String[] COMPOSITE_NAMES = {
        "GFP_TRANSHUGE", "GFP_TRANSHUGE_LIGHT", "GFP_HIGHUSER_MOVABLE", "GFP_HIGHUSER", "GFP_USER",
        "GFP_KERNEL_ACCOUNT", "GFP_KERNEL", "GFP_NOFS", "GFP_ATOMIC", "GFP_NOIO", "GFP_NOWAIT",
    };
    private static final int[] COMPOSITE_MASKS = {
        GFP_TRANSHUGE, GFP_TRANSHUGE_LIGHT, GFP_HIGHUSER_MOVABLE, GFP_HIGHUSER, GFP_USER,
        GFP_KERNEL_ACCOUNT, GFP_KERNEL, GFP_NOFS, GFP_ATOMIC, GFP_NOIO, GFP_NOWAIT,
    };

    private static final String[] FLAG_NAMES = {
        "__GFP_DMA", "__GFP_HIGHMEM", "__GFP_DMA32", "__GFP_MOVABLE", "__GFP_RECLAIMABLE", "__GFP_HIGH",
        "__GFP_IO", "__GFP_FS", "__GFP_ZERO", null, "__GFP_DIRECT_RECLAIM", "__GFP_KSWAPD_RECLAIM",
        "__GFP_WRITE", "__GFP_NOWARN", "__GFP_RETRY_MAYFAIL", "__GFP_NOFAIL", "__GFP_NORETRY",
        "__GFP_MEMALLOC", "__GFP_COMP", "__GFP_NOMEMALLOC", "__GFP_HARDWALL", "__GFP_THISNODE",
        "__GFP_ACCOUNT",
    };

    /**
     * The {@code %pGg} format of lib/vsprintf.c (flags_string with gfpflag_names): the first composite
     * mask fully contained, then the remaining single flags, joined by '|'.
     */
    public static String format(int gfp) {
        if (gfp == 0) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        int rest = gfp;
        for (int i = 0; i < COMPOSITE_MASKS.length; i++) {
            if ((rest & COMPOSITE_MASKS[i]) == COMPOSITE_MASKS[i]) {
                sb.append(COMPOSITE_NAMES[i]);
                rest &= ~COMPOSITE_MASKS[i];
                break;
            }
        }
        for (int bit = 0; bit < FLAG_NAMES.length && rest != 0; bit++) {
            if ((rest & (1 << bit)) != 0 && FLAG_NAMES[bit] != null) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(FLAG_NAMES[bit]);
                rest &= ~(1 << bit);
            }
        }
        if (rest != 0) {
            sb.append(sb.length() > 0 ? "|" : "").append("0x").append(Integer.toHexString(rest));
        }
        return sb.toString();
    }
}
