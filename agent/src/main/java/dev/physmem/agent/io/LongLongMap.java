package dev.physmem.agent.io;

/**
 * An open-addressing map of long to long (linear probing, backward-shift deletion, no boxing), for
 * direct-buffer addresses to simulated mapping handles. Key 0 is never a valid address and marks a free
 * slot; {@link #MISSING} is returned for absent keys. Not thread-safe: the owner locks.
 */
final class LongLongMap {
    static final long MISSING = Long.MIN_VALUE;

    private long[] keys = new long[64];
    private long[] values = new long[64];
    private int size;

    void put(long key, long value) {
        if (key == 0) {
            throw new IllegalArgumentException("key 0 is reserved");
        }
        if (size + 1 > keys.length / 2) {
            grow();
        }
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (keys[i] == 0) {
            size++;
        }
        keys[i] = key;
        values[i] = value;
    }

    long get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); keys[i] != 0; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return values[i];
            }
        }
        return MISSING;
    }

    long remove(long key) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != key) {
            if (keys[i] == 0) {
                return MISSING;
            }
            i = (i + 1) & mask;
        }
        long v = values[i];
        // Backward-shift: pull later entries of the probe run into the hole so lookups never stop early.
        int hole = i;
        for (int j = (i + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = 0;
        size--;
        return v;
    }

    int size() {
        return size;
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }
}
