package dev.physmem.model.page;

import dev.physmem.model.Mm;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * {@code mem_map}: one {@code struct page} per page frame, as parallel primitive arrays indexed by PFN
 * (29 bytes a page, against the kernel's 64), so that a 64 GiB machine is 16 Mi slots and no object.
 *
 * <pre>
 * flags     int   PG_* bits, zone and node (see {@link PageFlags})
 * refcount  int   _refcount: 0 while free, 1 when handed out; the folio is freed when it drops to 0
 * mapcount  int   _mapcount: -1 = not mapped; or page_type (top byte, see {@link PageType})
 * lruPrev   int   list linkage shared, as in the kernel's union, by lru, buddy_list and pcp_list;
 * lruNext   int     -1 ends a list. A tail page keeps its head's PFN in lruNext (compound_head)
 * order     byte  buddy order of a free block head (page->private), or the order of an allocated block
 * mapping   int   0 = NULL; > 0 an address space id; < 0 an anonymous mapping (PAGE_MAPPING_ANON)
 * index     int   page offset within the mapping
 * </pre>
 * Plus one migrate type byte per pageblock (pageblock_flags). Fields are read and written plainly under
 * the lock that owns the page's current role (zone lock, pcp lock, LRU lock, folio lock); flags,
 * refcount and mapcount also have the kernel's atomic operations.
 */
public final class MemMap {
    public static final int NONE = -1;

    private static final VarHandle INT = MethodHandles.arrayElementVarHandle(int[].class);

    private final int startPfn;
    private final int endPfn;
    final int[] flags;
    final int[] refcount;
    final int[] mapcount;
    final int[] lruPrev;
    final int[] lruNext;
    final byte[] order;
    final int[] mapping;
    final int[] index;
    private final byte[] pageblockMigratetype;

    /** Covers PFNs [0, endPfn); frames below startPfn do not exist (for example arm64 RAM at 1 GiB). */
    public MemMap(int startPfn, int endPfn) {
        this.startPfn = startPfn;
        this.endPfn = endPfn;
        flags = new int[endPfn];
        refcount = new int[endPfn];
        mapcount = new int[endPfn];
        lruPrev = new int[endPfn];
        lruNext = new int[endPfn];
        order = new byte[endPfn];
        mapping = new int[endPfn];
        index = new int[endPfn];
        pageblockMigratetype = new byte[(endPfn >>> Mm.PAGEBLOCK_ORDER) + 1];
        java.util.Arrays.fill(mapcount, PageType.NO_TYPE);
        java.util.Arrays.fill(lruPrev, NONE);
        java.util.Arrays.fill(lruNext, NONE);
    }

    /** Heap bytes held per page frame, for the boot report and the memory budget. */
    public static int bytesPerPage() {
        return 4 + 4 + 4 + 4 + 4 + 1 + 4 + 4;
    }

    public int startPfn() {
        return startPfn;
    }

    public int endPfn() {
        return endPfn;
    }

    public boolean pfnValid(long pfn) {
        return pfn >= startPfn && pfn < endPfn;
    }

    // ---- flags ----

    public int flags(int pfn) {
        return flags[pfn];
    }

    public boolean test(int pfn, int flag) {
        return (flags[pfn] & (1 << flag)) != 0;
    }

    /** set_bit(): atomic. */
    public void set(int pfn, int flag) {
        INT.getAndBitwiseOr(flags, pfn, 1 << flag);
    }

    /** clear_bit(): atomic. */
    public void clear(int pfn, int flag) {
        INT.getAndBitwiseAnd(flags, pfn, ~(1 << flag));
    }

    /** test_and_set_bit(): atomic; true if the flag was already set. */
    public boolean testAndSet(int pfn, int flag) {
        return ((int) INT.getAndBitwiseOr(flags, pfn, 1 << flag) & (1 << flag)) != 0;
    }

    /** test_and_clear_bit(): atomic; true if the flag was set. */
    public boolean testAndClear(int pfn, int flag) {
        return ((int) INT.getAndBitwiseAnd(flags, pfn, ~(1 << flag)) & (1 << flag)) != 0;
    }

    /** __set_bit(): for pages nobody else can see (being allocated or freed). */
    public void setNonAtomic(int pfn, int flag) {
        flags[pfn] |= 1 << flag;
    }

    public void clearNonAtomic(int pfn, int flag) {
        flags[pfn] &= ~(1 << flag);
    }

    /** Clears every PG_* bit, keeping the zone and node. */
    public void clearAllFlags(int pfn) {
        flags[pfn] &= ~PageFlags.FLAGS_MASK;
    }

    public void clearFlagsMask(int pfn, int mask) {
        flags[pfn] &= ~mask;
    }

    public int zoneIdx(int pfn) {
        return (flags[pfn] >>> PageFlags.ZONE_SHIFT) & PageFlags.ZONE_MASK;
    }

    public int nid(int pfn) {
        return (flags[pfn] >>> PageFlags.NODE_SHIFT) & PageFlags.NODE_MASK;
    }

    /**
     * memmap_init_range(): every frame in [start, end) gets its node and zone, PG_reserved and one
     * reference, as __init_single_page and reserve_bootmem_region leave it. Bulk fills, for boot speed.
     */
    public void initRange(int start, int end, int nid, int zoneIdx) {
        int value = (zoneIdx << PageFlags.ZONE_SHIFT) | (nid << PageFlags.NODE_SHIFT) | (1 << PageFlags.PG_reserved);
        java.util.Arrays.fill(flags, start, end, value);
        java.util.Arrays.fill(refcount, start, end, 1);
    }

    /** __free_pages_core() of a boot range: the frames stop being reserved and hold no reference. */
    public void releaseBootRange(int start, int n) {
        for (int pfn = start; pfn < start + n; pfn++) {
            flags[pfn] &= ~(1 << PageFlags.PG_reserved);
        }
        java.util.Arrays.fill(refcount, start, start + n, 0);
    }

    /** set_pageblock_migratetype() for every pageblock starting in [start, end). */
    public void initPageblocks(int start, int end, int migratetype) {
        int first = (start + (1 << Mm.PAGEBLOCK_ORDER) - 1) >>> Mm.PAGEBLOCK_ORDER;
        int last = (end - 1) >>> Mm.PAGEBLOCK_ORDER;
        if (first <= last) {
            java.util.Arrays.fill(pageblockMigratetype, first, last + 1, (byte) migratetype);
        }
    }

    /** set_page_links(): done once per frame at boot. */
    public void setLinks(int pfn, int nid, int zoneIdx) {
        flags[pfn] = (flags[pfn] & PageFlags.FLAGS_MASK) | (zoneIdx << PageFlags.ZONE_SHIFT)
                | (nid << PageFlags.NODE_SHIFT);
    }

    // ---- _refcount ----

    /** page_ref_count(): atomic_read() is READ_ONCE, which orders nothing; the atomic updates do. */
    public int refcount(int pfn) {
        return (int) INT.getOpaque(refcount, pfn);
    }

    public void setRefcount(int pfn, int value) {
        INT.setRelease(refcount, pfn, value);
    }

    /** atomic_add_return(). */
    public int addRefcount(int pfn, int delta) {
        return (int) INT.getAndAdd(refcount, pfn, delta) + delta;
    }

    /** atomic_add_unless(v, 1, 0): folio_try_get() never resurrects a folio at zero. */
    public boolean tryGet(int pfn) {
        int v;
        do {
            v = (int) INT.getVolatile(refcount, pfn);
            if (v == 0) {
                return false;
            }
        } while (!INT.compareAndSet(refcount, pfn, v, v + 1));
        return true;
    }

    /** atomic_cmpxchg(v, count, 0): page_ref_freeze() succeeds only if nobody else holds a reference. */
    public boolean refFreeze(int pfn, int count) {
        return INT.compareAndSet(refcount, pfn, count, 0);
    }

    // ---- _mapcount / page_type ----

    /** atomic_read(&page->_mapcount), READ_ONCE like {@link #refcount}. */
    public int mapcountWord(int pfn) {
        return (int) INT.getOpaque(mapcount, pfn);
    }

    public void setMapcountWord(int pfn, int value) {
        INT.setRelease(mapcount, pfn, value);
    }

    public int addMapcount(int pfn, int delta) {
        return (int) INT.getAndAdd(mapcount, pfn, delta) + delta;
    }

    public boolean isBuddy(int pfn) {
        return (mapcount[pfn] >>> 24) == PageType.PGTY_buddy && mapcount[pfn] != PageType.NO_TYPE;
    }

    public boolean hasPageType(int pfn, int pgty) {
        int w = mapcount[pfn];
        return PageType.hasType(w) && PageType.typeOf(w) == pgty;
    }

    /** __SetPageBuddy() + set_buddy_order(). */
    public void setBuddy(int pfn, int buddyOrder) {
        mapcount[pfn] = PageType.encode(PageType.PGTY_buddy);
        order[pfn] = (byte) buddyOrder;
    }

    /** __ClearPageBuddy() + set_page_private(page, 0). */
    public void clearBuddy(int pfn) {
        mapcount[pfn] = PageType.NO_TYPE;
        order[pfn] = 0;
    }

    public void setPageType(int pfn, int pgty) {
        mapcount[pfn] = PageType.encode(pgty);
    }

    public void clearPageType(int pfn) {
        mapcount[pfn] = PageType.NO_TYPE;
    }

    // ---- order, compound head ----

    public int order(int pfn) {
        return order[pfn];
    }

    public void setOrder(int pfn, int value) {
        order[pfn] = (byte) value;
    }

    /** compound_head(): a tail page's head, or the page itself. */
    public int compoundHead(int pfn) {
        return (flags[pfn] & (1 << PageFlags.PG_tail)) != 0 ? lruNext[pfn] : pfn;
    }

    /** set_compound_head(). */
    public void setCompoundHead(int tail, int head) {
        flags[tail] |= 1 << PageFlags.PG_tail;
        lruNext[tail] = head;
    }

    /** clear_compound_head(). */
    public void clearCompoundHead(int tail) {
        flags[tail] &= ~(1 << PageFlags.PG_tail);
        lruNext[tail] = NONE;
    }

    // ---- mapping, index ----

    public int mapping(int pfn) {
        return mapping[pfn];
    }

    public void setMapping(int pfn, int value) {
        mapping[pfn] = value;
    }

    public int index(int pfn) {
        return index[pfn];
    }

    public void setIndex(int pfn, int value) {
        index[pfn] = value;
    }

    // ---- list linkage (lru / buddy_list / pcp_list) ----

    public int next(int pfn) {
        return lruNext[pfn];
    }

    public int prev(int pfn) {
        return lruPrev[pfn];
    }

    void setNext(int pfn, int value) {
        lruNext[pfn] = value;
    }

    void setPrev(int pfn, int value) {
        lruPrev[pfn] = value;
    }

    // ---- pageblock migrate type ----

    public int pageblockMigratetype(int pfn) {
        return pageblockMigratetype[pfn >>> Mm.PAGEBLOCK_ORDER];
    }

    public void setPageblockMigratetype(int pfn, int migratetype) {
        pageblockMigratetype[pfn >>> Mm.PAGEBLOCK_ORDER] = (byte) migratetype;
    }
}
