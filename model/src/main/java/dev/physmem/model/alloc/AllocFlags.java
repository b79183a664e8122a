package dev.physmem.model.alloc;

/** The ALLOC_* flags of mm/internal.h that steer one pass over the zonelist. */
public final class AllocFlags {
    private AllocFlags() {}

    public static final int ALLOC_WMARK_MIN = 0;
    public static final int ALLOC_WMARK_LOW = 1;
    public static final int ALLOC_WMARK_HIGH = 2;
    public static final int ALLOC_WMARK_MASK = 0x03;
    public static final int ALLOC_NO_WATERMARKS = 0x04;
    public static final int ALLOC_OOM = 0x08;
    public static final int ALLOC_NON_BLOCK = 0x10;
    /** Equal to __GFP_HIGH so gfp_to_alloc_flags can copy it. */
    public static final int ALLOC_MIN_RESERVE = 0x20;
    public static final int ALLOC_CPUSET = 0x40;
    public static final int ALLOC_CMA = 0x80;
    public static final int ALLOC_NOFRAGMENT = 0x100;
    public static final int ALLOC_HIGHATOMIC = 0x200;
    public static final int ALLOC_TRYLOCK = 0x400;
    /** Equal to __GFP_KSWAPD_RECLAIM. */
    public static final int ALLOC_KSWAPD = 0x800;
    public static final int ALLOC_RESERVES = ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE | ALLOC_HIGHATOMIC | ALLOC_OOM;
}
