package dev.physmem.model.page;

/**
 * A set of intrusive doubly-linked lists of page frames (the kernel's {@code list_head} threaded
 * through {@code struct page}): free lists, per-CPU lists and LRU lists are all instances. Each list
 * keeps its head, tail and length; the links live in {@link MemMap}. The owner's lock protects it.
 */
public final class PageLists {
    private final MemMap memMap;
    private final int[] head;
    private final int[] tail;
    private final long[] length;

    public PageLists(MemMap memMap, int nrLists) {
        this.memMap = memMap;
        head = new int[nrLists];
        tail = new int[nrLists];
        length = new long[nrLists];
        java.util.Arrays.fill(head, MemMap.NONE);
        java.util.Arrays.fill(tail, MemMap.NONE);
    }

    public int first(int list) {
        return head[list];
    }

    public int last(int list) {
        return tail[list];
    }

    public boolean isEmpty(int list) {
        return head[list] == MemMap.NONE;
    }

    /** Number of entries (not pages) on the list. */
    public long length(int list) {
        return length[list];
    }

    public int nrLists() {
        return head.length;
    }

    /** list_add(): at the head. */
    public void addHead(int list, int pfn) {
        int h = head[list];
        memMap.setPrev(pfn, MemMap.NONE);
        memMap.setNext(pfn, h);
        if (h == MemMap.NONE) {
            tail[list] = pfn;
        } else {
            memMap.setPrev(h, pfn);
        }
        head[list] = pfn;
        length[list]++;
    }

    /** list_add_tail(). */
    public void addTail(int list, int pfn) {
        int t = tail[list];
        memMap.setNext(pfn, MemMap.NONE);
        memMap.setPrev(pfn, t);
        if (t == MemMap.NONE) {
            head[list] = pfn;
        } else {
            memMap.setNext(t, pfn);
        }
        tail[list] = pfn;
        length[list]++;
    }

    /** list_del(): the page must be on {@code list}. */
    public void remove(int list, int pfn) {
        int p = memMap.prev(pfn);
        int n = memMap.next(pfn);
        if (p == MemMap.NONE) {
            head[list] = n;
        } else {
            memMap.setNext(p, n);
        }
        if (n == MemMap.NONE) {
            tail[list] = p;
        } else {
            memMap.setPrev(n, p);
        }
        memMap.setPrev(pfn, MemMap.NONE);
        memMap.setNext(pfn, MemMap.NONE);
        length[list]--;
    }

    /** list_move_tail(). */
    public void moveTail(int from, int to, int pfn) {
        remove(from, pfn);
        addTail(to, pfn);
    }

    /** list_move(). */
    public void moveHead(int from, int to, int pfn) {
        remove(from, pfn);
        addHead(to, pfn);
    }
}
