package dev.physmem.model.filemap;

import dev.physmem.model.page.MemMap;

/**
 * The page-cache index of one address space ({@code mapping->i_pages}, lib/xarray.c): a radix tree of
 * 64-slot nodes (XA_CHUNK_SHIFT = 6) from page offset to folio PFN, with the three search marks the
 * page cache uses. Leaves hold primitive PFNs ({@link MemMap#NONE} = empty), so neither keys nor values
 * are ever boxed; each node keeps a bitmap of occupied slots and one per mark, and an inner node's bit
 * says "somewhere below", which makes "next dirty folio from index N" a walk down set bits.
 *
 * <pre>
 * XaNode   shift   6 * level (0 for a leaf)
 *          present bit i: slot i holds an entry (leaf) or a child (inner)
 *          marks[m] bit i: slot i is marked m (leaf) or has a marked entry below (inner)
 * </pre>
 * A large folio occupies every index it covers (as a multi-index entry does); only its first index is
 * marked. The owner's lock (the address space's {@code xa_lock}) protects the tree.
 */
public final class XArray {
    public static final int PAGECACHE_TAG_DIRTY = 0;
    public static final int PAGECACHE_TAG_WRITEBACK = 1;
    public static final int PAGECACHE_TAG_TOWRITE = 2;
    static final int XA_MAX_MARKS = 3;

    static final int XA_CHUNK_SHIFT = 6;
    static final int XA_CHUNK_SIZE = 1 << XA_CHUNK_SHIFT;
    static final int XA_CHUNK_MASK = XA_CHUNK_SIZE - 1;

    static final class XaNode {
        final int shift;
        final XaNode parent;
        final int offset;
        /** The first index this node covers; it covers {@code 64 << shift} indexes. */
        final long base;
        final XaNode[] slots;
        final int[] entries;
        long present;
        final long[] marks = new long[XA_MAX_MARKS];

        XaNode(int shift, XaNode parent, int offset) {
            this.shift = shift;
            this.parent = parent;
            this.offset = offset;
            this.base = parent == null ? 0 : parent.base + ((long) offset << parent.shift);
            if (shift == 0) {
                entries = new int[XA_CHUNK_SIZE];
                java.util.Arrays.fill(entries, MemMap.NONE);
                slots = null;
            } else {
                slots = new XaNode[XA_CHUNK_SIZE];
                entries = null;
            }
        }
    }

    private XaNode root;
    /** The leaf the last lookup ended in: sequential access skips the descent. */
    private XaNode lastLeaf;
    private long size;

    /** Number of indexes holding an entry. */
    public long size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** xa_load(). */
    public int load(long index) {
        XaNode leaf = lastLeaf;
        if (leaf == null || (index & ~(long) XA_CHUNK_MASK) != leaf.base) {
            leaf = findLeaf(index);
            if (leaf == null) {
                return MemMap.NONE;
            }
            lastLeaf = leaf;
        }
        return leaf.entries[(int) (index & XA_CHUNK_MASK)];
    }

    /** xa_store() of a present value over an empty slot or an old one. */
    public void store(long index, int pfn) {
        if (pfn == MemMap.NONE) {
            throw new IllegalArgumentException("store of NONE; use erase");
        }
        XaNode leaf = createLeaf(index);
        int slot = (int) (index & XA_CHUNK_MASK);
        if ((leaf.present & (1L << slot)) == 0) {
            size++;
            setPresent(leaf, slot);
        }
        leaf.entries[slot] = pfn;
        lastLeaf = leaf;
    }

    /** xa_erase(): empties the slot, clears its marks and frees nodes that become empty. */
    public int erase(long index) {
        XaNode leaf = findLeaf(index);
        if (leaf == null) {
            return MemMap.NONE;
        }
        int slot = (int) (index & XA_CHUNK_MASK);
        int old = leaf.entries[slot];
        if (old == MemMap.NONE) {
            return old;
        }
        leaf.entries[slot] = MemMap.NONE;
        size--;
        for (int m = 0; m < XA_MAX_MARKS; m++) {
            clearMarkAt(leaf, slot, m);
        }
        clearPresentAt(leaf, slot);
        return old;
    }

    /** xa_get_mark(). */
    public boolean getMark(long index, int mark) {
        XaNode leaf = findLeaf(index);
        return leaf != null && (leaf.marks[mark] & (1L << (index & XA_CHUNK_MASK))) != 0;
    }

    /** __xa_set_mark(): the index must hold an entry. */
    public void setMark(long index, int mark) {
        XaNode leaf = findLeaf(index);
        if (leaf == null || leaf.entries[(int) (index & XA_CHUNK_MASK)] == MemMap.NONE) {
            throw new IllegalStateException("mark " + mark + " on empty index " + index);
        }
        int slot = (int) (index & XA_CHUNK_MASK);
        for (XaNode n = leaf; n != null; slot = n.offset, n = n.parent) {
            long bit = 1L << slot;
            if ((n.marks[mark] & bit) != 0) {
                return;
            }
            n.marks[mark] |= bit;
        }
    }

    /** __xa_clear_mark(). */
    public void clearMark(long index, int mark) {
        XaNode leaf = findLeaf(index);
        if (leaf != null) {
            clearMarkAt(leaf, (int) (index & XA_CHUNK_MASK), mark);
        }
    }

    /** xa_marked(): any entry carries the mark (mapping_tagged()). */
    public boolean marked(int mark) {
        return root != null && root.marks[mark] != 0;
    }

    /** xa_find() with a mark: the first marked index at or after {@code start}, or -1. */
    public long findMarked(long start, int mark) {
        return find(start, mark);
    }

    /** xa_find() of any entry: the first occupied index at or after {@code start}, or -1. */
    public long findPresent(long start) {
        return find(start, -1);
    }

    /** The last occupied index, or -1 if the array is empty: the rightmost path down the present bits. */
    public long lastPresent() {
        XaNode n = root;
        if (n == null || n.present == 0) {
            return -1;
        }
        while (n.shift > 0) {
            n = n.slots[63 - Long.numberOfLeadingZeros(n.present)];
        }
        return n.base + 63 - Long.numberOfLeadingZeros(n.present);
    }

    private long find(long start, int mark) {
        if (root == null || start < 0 || start > maxIndex(root.shift)) {
            return -1;
        }
        XaNode leaf = lastLeaf;
        if (leaf != null && (start & ~(long) XA_CHUNK_MASK) == leaf.base) {
            // Walking a leaf in order, as writeback and truncation do: stay in it while it has more.
            long bits = (mark < 0 ? leaf.present : leaf.marks[mark]) & (-1L << (start & XA_CHUNK_MASK));
            if (bits != 0) {
                return leaf.base + Long.numberOfTrailingZeros(bits);
            }
        }
        XaNode n = root;
        long index = start;
        while (true) {
            int slot = (int) ((index - n.base) >>> n.shift);
            long bits = slot >= XA_CHUNK_SIZE ? 0 : (mark < 0 ? n.present : n.marks[mark]) & (-1L << slot);
            if (bits == 0) {
                // Nothing at or after index in this node: resume after it, in the first ancestor that covers that.
                index = n.base + ((long) XA_CHUNK_SIZE << n.shift);
                do {
                    n = n.parent;
                    if (n == null) {
                        return -1;
                    }
                } while (index - n.base >= ((long) XA_CHUNK_SIZE << n.shift));
                continue;
            }
            int next = Long.numberOfTrailingZeros(bits);
            if (next != slot) {
                index = n.base + ((long) next << n.shift);
            }
            if (n.shift == 0) {
                lastLeaf = n;
                return index;
            }
            n = n.slots[next];
        }
    }

    // ---- internals ----

    private static long maxIndex(int rootShift) {
        int bits = rootShift + XA_CHUNK_SHIFT;
        return bits >= 63 ? Long.MAX_VALUE : (1L << bits) - 1;
    }

    private XaNode findLeaf(long index) {
        XaNode leaf = lastLeaf;
        if (leaf != null && (index & ~(long) XA_CHUNK_MASK) == leaf.base) {
            return leaf;
        }
        XaNode n = root;
        if (n == null || index < 0 || index > maxIndex(n.shift)) {
            return null;
        }
        while (n.shift > 0) {
            n = n.slots[(int) ((index >>> n.shift) & XA_CHUNK_MASK)];
            if (n == null) {
                return null;
            }
        }
        lastLeaf = n;
        return n;
    }

    /** xas_create(): grows the tree upward until it covers {@code index}, then builds the path down. */
    private XaNode createLeaf(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("negative index " + index);
        }
        XaNode leaf = lastLeaf;
        if (leaf != null && (index & ~(long) XA_CHUNK_MASK) == leaf.base) {
            return leaf;
        }
        if (root == null) {
            root = new XaNode(0, null, 0);
        }
        while (index > maxIndex(root.shift)) {
            XaNode old = root;
            XaNode up = new XaNode(old.shift + XA_CHUNK_SHIFT, null, 0);
            root = reparent(old, up);
        }
        XaNode n = root;
        while (n.shift > 0) {
            int slot = (int) ((index >>> n.shift) & XA_CHUNK_MASK);
            XaNode child = n.slots[slot];
            if (child == null) {
                child = new XaNode(n.shift - XA_CHUNK_SHIFT, n, slot);
                n.slots[slot] = child;
            }
            n = child;
        }
        return n;
    }

    /**
     * Puts the old root under a new one at slot 0. Nodes are immutable in their position, so the old
     * subtree is copied into nodes that know their new parent; this happens once per height change.
     */
    private XaNode reparent(XaNode old, XaNode up) {
        if (old.present == 0) {
            return up;
        }
        XaNode copy = copyInto(old, up, 0);
        up.slots[0] = copy;
        up.present = 1L;
        for (int m = 0; m < XA_MAX_MARKS; m++) {
            if (old.marks[m] != 0) {
                up.marks[m] = 1L;
            }
        }
        lastLeaf = null;
        return up;
    }

    private static XaNode copyInto(XaNode src, XaNode parent, int offset) {
        XaNode dst = new XaNode(src.shift, parent, offset);
        dst.present = src.present;
        System.arraycopy(src.marks, 0, dst.marks, 0, XA_MAX_MARKS);
        if (src.shift == 0) {
            System.arraycopy(src.entries, 0, dst.entries, 0, XA_CHUNK_SIZE);
        } else {
            for (int i = 0; i < XA_CHUNK_SIZE; i++) {
                if (src.slots[i] != null) {
                    dst.slots[i] = copyInto(src.slots[i], dst, i);
                }
            }
        }
        return dst;
    }

    private static void setPresent(XaNode n, int slot) {
        for (; n != null; slot = n.offset, n = n.parent) {
            long bit = 1L << slot;
            boolean wasEmpty = n.present == 0;
            n.present |= bit;
            if (!wasEmpty) {
                return;
            }
        }
    }

    private static void clearMarkAt(XaNode n, int slot, int mark) {
        for (; n != null; slot = n.offset, n = n.parent) {
            n.marks[mark] &= ~(1L << slot);
            if (n.marks[mark] != 0) {
                return;
            }
        }
    }

    /** Clears the slot's present bit and frees every node this leaves empty (xas_delete_node). */
    private void clearPresentAt(XaNode n, int slot) {
        while (n != null) {
            n.present &= ~(1L << slot);
            if (n.present != 0) {
                return;
            }
            XaNode parent = n.parent;
            if (parent == null) {
                root = null;
                lastLeaf = null;
                return;
            }
            parent.slots[n.offset] = null;
            if (lastLeaf == n) {
                lastLeaf = null;
            }
            slot = n.offset;
            n = parent;
        }
    }
}
