package dev.physmem.model.dma;

/**
 * The {@code dma_active_cacheline} radix tree of kernel/dma/debug.c: for each mapping the device may
 * write (any direction but DMA_TO_DEVICE), its first cache line, with an overlap count kept in the
 * tree's three tag bits (so it saturates at {@link #MAX_OVERLAP}). A second mapping of a line already
 * present is the "cacheline tracking EEXIST" case.
 *
 * <p>Open addressing over primitive arrays (linear probing, backward-shift deletion), so inserting and
 * removing allocate nothing. Callers hold the dma-debug lock.
 */
final class ActiveCachelines {
    /** ACTIVE_CACHELINE_MAX_OVERLAP: (1 << RADIX_TREE_MAX_TAGS) - 1. */
    static final int MAX_OVERLAP = 7;
    private static final long EMPTY = -1;

    private long[] keys = newKeys(64);
    private byte[] overlap = new byte[64];
    private int size;

    private static long[] newKeys(int capacity) {
        long[] k = new long[capacity];
        java.util.Arrays.fill(k, EMPTY);
        return k;
    }

    /**
     * radix_tree_insert(): -1 if the line was not there. On EEXIST, active_cacheline_inc_overlap():
     * the new overlap count, or MAX_OVERLAP + 1 when the tag bits cannot hold it (the kernel WARNs).
     */
    int insert(long cln) {
        int slot = find(cln);
        if (keys[slot] == cln) {
            if (overlap[slot] == MAX_OVERLAP) {
                return MAX_OVERLAP + 1;
            }
            return ++overlap[slot];
        }
        keys[slot] = cln;
        overlap[slot] = 0;
        if (++size * 2 > keys.length) {
            grow();
        }
        return -1;
    }

    /** active_cacheline_remove(): drop one overlap, or the line itself when none is left. */
    void remove(long cln) {
        int slot = find(cln);
        if (keys[slot] != cln) {
            return;
        }
        if (overlap[slot] > 0) {
            overlap[slot]--;
            return;
        }
        deleteAt(slot);
    }

    /** active_cacheline_read_overlap(), or -1 if the line is not present. */
    int overlap(long cln) {
        int slot = find(cln);
        return keys[slot] == cln ? overlap[slot] : -1;
    }

    int size() {
        return size;
    }

    private int find(long cln) {
        int mask = keys.length - 1;
        int slot = hash(cln) & mask;
        while (keys[slot] != EMPTY && keys[slot] != cln) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static int hash(long cln) {
        long h = cln * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private void deleteAt(int slot) {
        int mask = keys.length - 1;
        keys[slot] = EMPTY;
        size--;
        int hole = slot;
        int next = (slot + 1) & mask;
        while (keys[next] != EMPTY) {
            int home = hash(keys[next]) & mask;
            // Move the entry back into the hole unless its home lies cyclically in (hole, next].
            boolean stays = hole <= next ? (home > hole && home <= next) : (home > hole || home <= next);
            if (!stays) {
                keys[hole] = keys[next];
                overlap[hole] = overlap[next];
                keys[next] = EMPTY;
                hole = next;
            }
            next = (next + 1) & mask;
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        byte[] oldOverlap = overlap;
        keys = newKeys(oldKeys.length * 2);
        overlap = new byte[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int slot = find(oldKeys[i]);
                keys[slot] = oldKeys[i];
                overlap[slot] = oldOverlap[i];
            }
        }
    }
}
