package dev.physmem.agent.io;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded multi-producer, single-consumer ring of preallocated {@link Call}s (Vyukov's bounded
 * queue): application threads claim a slot with one CAS, fill it and publish it; the syscall thread
 * takes slots in claim order. The claim order is a single order over all threads that respects each
 * thread's program order and every happens-before between threads (a file opened on one thread and
 * written on another is opened first). Nothing is allocated after construction.
 *
 * <p>A slot's sequence says whose turn it is: {@code p} when it is free for the producer of position
 * {@code p}, {@code p + 1} once that producer has published, and {@code p + capacity} when the consumer
 * has run it and the slot is free for the next lap.
 */
final class CallRing {
    private final Call[] slots;
    private final int mask;
    private final AtomicLong tail = new AtomicLong();
    /** The consumer's next position; only the consumer writes it. */
    private long head;

    /** {@code capacity} is a power of two. */
    CallRing(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity " + capacity + " is not a power of two");
        }
        slots = new Call[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = new Call(i);
        }
        mask = capacity - 1;
    }

    /** A free slot for the calling producer to fill and {@link #publish}, or null if the ring is full. */
    Call claim() {
        for (;;) {
            long p = tail.get();
            Call c = slots[(int) p & mask];
            long seq = (long) Call.SEQUENCE.getAcquire(c);
            if (seq == p) {
                if (tail.compareAndSet(p, p + 1)) {
                    c.position = p;
                    return c;
                }
            } else if (seq < p) {
                return null;
            }
            // else another producer claimed p meanwhile: look again
        }
    }

    void publish(Call c) {
        Call.SEQUENCE.setRelease(c, c.position + 1);
    }

    /** Calls claimed so far: a barrier waits until the consumer has run this many. */
    long claimed() {
        return tail.get();
    }

    /** Consumer: the next call in claim order if it has been published, else null. */
    Call peek() {
        Call c = slots[(int) head & mask];
        return (long) Call.SEQUENCE.getAcquire(c) == head + 1 ? c : null;
    }

    /** Consumer: the call {@link #peek} returned has run; its slot is free for the next lap. */
    void release(Call c) {
        c.clear();
        Call.SEQUENCE.setRelease(c, head + slots.length);
        head++;
    }

    /** Consumer: calls run so far. */
    long head() {
        return head;
    }
}
