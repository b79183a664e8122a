package dev.physmem.model.writeback;

import java.util.Arrays;

/**
 * A map from folio (PFN) to a long, for per-folio facts that have no field in mem_map: when a
 * device's request for the folio completes, or which swap slot holds it. Open addressing over two
 * primitive arrays (-1 marks a free slot; deletion shifts the cluster back), so no PFN is boxed. The
 * owner's lock protects it.
 */
public final class PfnLongMap {
    private static final int FREE = -1;
    private int[] keys = new int[64];
    private long[] values = new long[64];
    private int size;

    public PfnLongMap() {
        Arrays.fill(keys, FREE);
    }

    public int size() {
        return size;
    }

    public void put(int pfn, long value) {
        if ((size + 1) * 2 > keys.length) {
            rehash(keys.length * 2);
        }
        int mask = keys.length - 1;
        int i = hash(pfn) & mask;
        while (keys[i] != FREE && keys[i] != pfn) {
            i = (i + 1) & mask;
        }
        if (keys[i] == FREE) {
            size++;
        }
        keys[i] = pfn;
        values[i] = value;
    }

    /** The folio's value, or -1 if it has none. */
    public long get(int pfn) {
        int mask = keys.length - 1;
        for (int i = hash(pfn) & mask; keys[i] != FREE; i = (i + 1) & mask) {
            if (keys[i] == pfn) {
                return values[i];
            }
        }
        return -1;
    }

    public void remove(int pfn) {
        int mask = keys.length - 1;
        int i = hash(pfn) & mask;
        while (keys[i] != pfn) {
            if (keys[i] == FREE) {
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = FREE;
        size--;
        // Backward-shift deletion: pull later members of the cluster into the hole when their home allows it.
        int hole = i;
        for (int j = (i + 1) & mask; keys[j] != FREE; j = (j + 1) & mask) {
            int home = hash(keys[j]) & mask;
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                keys[j] = FREE;
                hole = j;
            }
        }
    }

    private void rehash(int capacity) {
        int[] oldKeys = keys;
        long[] oldValues = values;
        keys = new int[capacity];
        values = new long[capacity];
        Arrays.fill(keys, FREE);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != FREE) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int hash(int pfn) {
        return pfn * 0x9E3779B9 >>> 7;
    }
}
