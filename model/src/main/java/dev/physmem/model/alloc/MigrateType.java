package dev.physmem.model.alloc;

/** {@code enum migratetype} (include/linux/mmzone.h) without CONFIG_CMA, with CONFIG_MEMORY_ISOLATION. */
public final class MigrateType {
    private MigrateType() {}

    public static final int MIGRATE_UNMOVABLE = 0;
    public static final int MIGRATE_MOVABLE = 1;
    public static final int MIGRATE_RECLAIMABLE = 2;
    /** Types kept on the per-CPU lists; HIGHATOMIC shares the value. */
    public static final int MIGRATE_PCPTYPES = 3;
    public static final int MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES;
    public static final int MIGRATE_ISOLATE = 4;
    public static final int MIGRATE_TYPES = 5;

    private static final String[] NAMES = {"Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate"};

    /** migratetype_names[] as /proc/pagetypeinfo prints them. */
    public static String name(int mt) {
        return NAMES[mt];
    }

    /** fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1] (mm/page_alloc.c). */
    static final int[][] FALLBACKS = {
        {MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE},
        {MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE},
        {MIGRATE_UNMOVABLE, MIGRATE_MOVABLE},
    };

    /** migratetype_is_mergeable(): HIGHATOMIC and ISOLATE blocks merge only with their own kind. */
    public static boolean isMergeable(int mt) {
        return mt < MIGRATE_PCPTYPES;
    }
}
