package dev.physmem.model.proc;

import dev.physmem.model.Mm;
import dev.physmem.model.machine.Machine;
import java.util.ArrayList;
import java.util.List;

/**
 * The summary of tools/mm/page-types: pages per combination of KPF flags over all of physical memory,
 * in the tool's own order (its 8192-slot hash table, filled in PFN order) and layout.
 */
public final class PageTypes {
    /** One row of the summary. */
    public record Row(long flags, long pages) {}

    private static final int HASH_SHIFT = 13;
    private static final int HASH_SIZE = 1 << HASH_SHIFT;
    private static final long KPF_HACKERS_BITS = 0xffffL << 32;
    private static final long BITS_COMPOUND = (1L << KpageFlags.KPF_COMPOUND_HEAD) | (1L << KpageFlags.KPF_COMPOUND_TAIL);

    /** page_flag_names[] letters and names, indexed by KPF bit; null where the tool has none. */
    private static final String[] NAMES = new String[64];

    static {
        String[][] names = {
            {"0", "L:locked"}, {"1", "E:error"}, {"2", "R:referenced"}, {"3", "U:uptodate"}, {"4", "D:dirty"},
            {"5", "l:lru"}, {"6", "A:active"}, {"7", "S:slab"}, {"8", "W:writeback"}, {"9", "I:reclaim"},
            {"10", "B:buddy"}, {"11", "M:mmap"}, {"12", "a:anonymous"}, {"13", "s:swapcache"},
            {"14", "b:swapbacked"}, {"15", "H:compound_head"}, {"16", "T:compound_tail"}, {"17", "G:huge"},
            {"18", "u:unevictable"}, {"19", "X:hwpoison"}, {"20", "n:nopage"}, {"21", "x:ksm"}, {"22", "t:thp"},
            {"23", "o:offline"}, {"24", "z:zero_page"}, {"25", "i:idle_page"}, {"26", "g:pgtable"},
            {"32", "r:reserved"}, {"33", "m:mlocked"}, {"34", "d:owner_2"}, {"35", "P:private"},
            {"36", "p:private_2"}, {"37", "O:owner_private"}, {"38", "h:arch"}, {"40", "f:softdirty"},
            {"41", "H:arch_2"}, {"47", "d:anon_exclusive"}, {"48", "I:readahead"}, {"50", "A:slub_frozen"},
            {"51", "E:slub_debug"}, {"61", "F:file"}, {"62", "w:swap"}, {"63", "1:mmap_exclusive"},
        };
        for (String[] n : names) {
            NAMES[Integer.parseInt(n[0])] = n[1];
        }
    }

    private PageTypes() {}

    /**
     * Walks every valid PFN. Without {@code raw} the kernel-hacker bits and non-hugetlb compound bits
     * are hidden, as the tool does by default (well_known_flags); with it, overloaded bits are expanded.
     */
    public static List<Row> capture(Machine m, boolean raw) {
        long[] slotFlags = new long[HASH_SIZE];
        long[] slotPages = new long[HASH_SIZE];
        for (int pfn = m.memMap.startPfn(); pfn < m.memMap.endPfn(); pfn++) {
            if (!m.pfnToOnlinePage(pfn)) {
                continue;
            }
            long flags = KpageFlags.stablePageFlags(m.memMap, pfn);
            flags = raw ? expandOverloadedFlags(flags) : wellKnownFlags(flags);
            slotPages[hashSlot(slotFlags, flags)]++;
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < HASH_SIZE; i++) {
            if (slotPages[i] != 0) {
                rows.add(new Row(slotFlags[i], slotPages[i]));
            }
        }
        return rows;
    }

    /** hash_slot(): open addressing keyed by the low 13 bits, slot 0 reserved for flags 0. */
    private static int hashSlot(long[] slots, long flags) {
        if (flags == 0) {
            return 0;
        }
        int k = (int) (flags & (HASH_SIZE - 1));
        for (int i = 1; i < HASH_SIZE; i++, k++) {
            if (k == 0 || k >= HASH_SIZE) {
                k = 1;
            }
            if (slots[k] == 0) {
                slots[k] = flags;
                return k;
            }
            if (slots[k] == flags) {
                return k;
            }
        }
        throw new IllegalStateException("hash table full: bump up HASH_SHIFT?");
    }

    static long wellKnownFlags(long flags) {
        flags &= ~KPF_HACKERS_BITS;
        if ((flags & BITS_COMPOUND) != 0 && (flags & (1L << KpageFlags.KPF_HUGE)) == 0) {
            flags &= ~BITS_COMPOUND;
        }
        return flags;
    }

    static long expandOverloadedFlags(long flags) {
        long reclaim = 1L << KpageFlags.KPF_RECLAIM;
        long writeback = 1L << KpageFlags.KPF_WRITEBACK;
        if ((flags & (reclaim | writeback)) == reclaim) {
            flags ^= reclaim | (1L << 48);
        }
        return flags;
    }

    public static String render(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("             flags\tpage-count       MB  symbolic-flags\t\t\tlong-symbolic-flags\n");
        long total = 0;
        for (Row r : rows) {
            sb.append(String.format("0x%016x\t%10d %8d  %s\t%s\n", r.flags(), r.pages(), pagesToMb(r.pages()),
                    symbolic(r.flags()), longSymbolic(r.flags())));
            total += r.pages();
        }
        sb.append(String.format("             total\t%10d %8d\n", total, pagesToMb(total)));
        return sb.toString();
    }

    private static long pagesToMb(long pages) {
        return (pages * Mm.PAGE_SIZE) >> 20;
    }

    /** page_flag_name(): one letter per named bit, '_' where it is clear. */
    static String symbolic(long flags) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i] != null) {
                sb.append(((flags >>> i) & 1) != 0 ? NAMES[i].charAt(0) : '_');
            }
        }
        return sb.toString();
    }

    /** page_flag_longname(): the names of the set bits, comma-separated. */
    public static String longSymbolic(long flags) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i] != null && ((flags >>> i) & 1) != 0) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(NAMES[i], 2, NAMES[i].length());
            }
        }
        return sb.toString();
    }
}
