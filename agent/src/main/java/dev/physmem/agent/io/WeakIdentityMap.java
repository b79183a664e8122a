package dev.physmem.agent.io;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.function.Consumer;

/**
 * A map from JDK objects (a FileDescriptor, a channel, an unmapper) to the agent's state for them, by
 * identity, holding the keys weakly: a stream the application forgets without closing still leaves.
 * {@link #get} is what every instrumented call does, so it takes no lock and allocates nothing: one
 * identity hash, one bucket walk. Writers lock, and replace the chain prefix they change, so a reader
 * always walks a consistent chain.
 */
final class WeakIdentityMap<V> {
    private static final class Entry<V> extends WeakReference<Object> {
        final int hash;
        final V value;
        final Entry<V> next;

        Entry(Object key, int hash, V value, Entry<V> next, ReferenceQueue<Object> queue) {
            super(key, queue);
            this.hash = hash;
            this.value = value;
            this.next = next;
        }
    }

    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    private final Consumer<V> onCollected;
    private volatile Entry<V>[] table = newTable(256);
    private int size;

    /**
     * {@code onCollected} hears, once, of each value whose key was garbage collected while still mapped;
     * it may be called with the map's lock held, so it must not call back into the map.
     */
    WeakIdentityMap(Consumer<V> onCollected) {
        this.onCollected = onCollected;
    }

    @SuppressWarnings("unchecked")
    private static <V> Entry<V>[] newTable(int n) {
        return (Entry<V>[]) new Entry[n];
    }

    V get(Object key) {
        Entry<V>[] t = table;
        int h = System.identityHashCode(key);
        for (Entry<V> e = t[h & (t.length - 1)]; e != null; e = e.next) {
            if (e.hash == h && e.get() == key) {
                return e.value;
            }
        }
        return null;
    }

    /** Maps {@code key} unless it is mapped already; returns the value now mapped. */
    V putIfAbsent(Object key, V value) {
        expungeCollected();
        synchronized (this) {
            V old = get(key);
            if (old != null) {
                return old;
            }
            Entry<V>[] t = table;
            if (size >= t.length * 3 / 4) {
                t = resize(t);
            }
            int h = System.identityHashCode(key);
            int i = h & (t.length - 1);
            t[i] = new Entry<>(key, h, value, t[i], queue);
            size++;
            table = t;
            return value;
        }
    }

    V remove(Object key) {
        V v;
        synchronized (this) {
            v = removeEntry(key, System.identityHashCode(key), null);
        }
        expungeCollected();
        return v;
    }

    synchronized int size() {
        return size;
    }

    /** Removes the entry for {@code key} (or, if key is null, the entry {@code which}); needs the lock. */
    private V removeEntry(Object key, int h, Entry<V> which) {
        Entry<V>[] t = table;
        int i = h & (t.length - 1);
        Entry<V> head = t[i];
        for (Entry<V> e = head; e != null; e = e.next) {
            if (which != null ? e == which : e.hash == h && e.get() == key) {
                Entry<V> rest = e.next;
                for (Entry<V> p = head; p != e; p = p.next) {
                    Object k = p.get();
                    if (k != null) {
                        rest = new Entry<>(k, p.hash, p.value, rest, queue);
                        p.clear();
                    } else {
                        size--;
                        onCollected.accept(p.value);
                    }
                }
                t[i] = rest;
                size--;
                table = t;
                return e.value;
            }
        }
        return null;
    }

    private Entry<V>[] resize(Entry<V>[] old) {
        Entry<V>[] t = newTable(old.length * 2);
        int live = 0;
        for (Entry<V> head : old) {
            for (Entry<V> e = head; e != null; e = e.next) {
                Object k = e.get();
                if (k != null) {
                    int i = e.hash & (t.length - 1);
                    t[i] = new Entry<>(k, e.hash, e.value, t[i], queue);
                    live++;
                    e.clear();
                } else {
                    onCollected.accept(e.value);
                }
            }
        }
        size = live;
        return t;
    }

    @SuppressWarnings("unchecked")
    private void expungeCollected() {
        for (Object r; (r = queue.poll()) != null; ) {
            Entry<V> e = (Entry<V>) r;
            V v;
            synchronized (this) {
                v = removeEntry(null, e.hash, e);
            }
            if (v != null) {
                onCollected.accept(v);
            }
        }
    }
}
