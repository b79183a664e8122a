package dev.physmem.agent.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

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
 *
 * <p>A read or write that continues its thread's last one joins that slot ({@link Call#join}), reached
 * from the thread's own frame: it touches neither this object nor the sink, only the slot. On a machine
 * with page-table isolation and no PCID the caller's TLB is cold right after its system call, so each
 * page a call touches costs a walk. A slot is open to joins until the consumer takes it or another call
 * is claimed after it ({@link #close}), so joins keep the claim order. The consumer's {@code head}, moved
 * on every call it runs, lives apart, alone on its cache lines.
 */
final class CallRing {
    /** Longs on each side of {@code head}: 128 bytes, the pair of lines x86 prefetches together. */
    private static final int PAD = 16;
    private static final VarHandle TAIL;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(CallRing.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Call[] slots;
    private final int mask;
    /** The next position to claim; producers move it with a CAS. */
    @SuppressWarnings("unused") // through TAIL
    private volatile long tail;
    /** The consumer's next position, at [PAD]; only the consumer reads and writes it. */
    private final long[] head = new long[2 * PAD + 1];

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
            long p = tail;
            Call c = slots[(int) p & mask];
            long seq = (long) Call.SEQUENCE.getAcquire(c);
            if (seq == p) {
                if (TAIL.compareAndSet(this, p, p + 1)) {
                    c.position = p;
                    if (p > 0) {
                        close(slots[(int) (p - 1) & mask]);
                    }
                    return c;
                }
            } else if (seq < p) {
                return null;
            }
            // else another producer claimed p meanwhile: look again
        }
    }

    void publish(Call c) {
        Call.EXTENT.setVolatile(c, c.position << Call.CALL_BITS | 1);
        Call.SEQUENCE.setRelease(c, c.position + 1);
        if (tail != c.position + 1) {
            close(c); // claimed after: whoever claimed may have closed it before this publish reset it
        }
    }

    /**
     * Closes a slot to {@link Call#join}, since a call was claimed after it: a call that happens after
     * that claim must come after it. A slot claimed but not yet published gets the mark on its previous
     * lap's extent, which its publish overwrites; the publish then sees the later claim in {@code tail}
     * and closes the slot itself (volatile accesses are in one order, so one of the two sees the other).
     */
    private static void close(Call c) {
        if ((long) Call.EXTENT.getVolatile(c) >= 0) {
            Call.EXTENT.getAndBitwiseOr(c, Call.TAKEN);
        }
    }

    /** Consumer: takes the slot {@link #peek} returned, closing it to {@link Call#join}; returns its calls. */
    long take(Call c) {
        return (long) Call.EXTENT.getAndBitwiseOr(c, Call.TAKEN) & Call.MAX_CALLS;
    }

    /** Slots claimed so far: a barrier waits until the consumer has run this many. */
    long claimed() {
        return tail;
    }

    /** Consumer: the next slot in claim order if it has been published, else null. */
    Call peek() {
        long h = head[PAD];
        Call c = slots[(int) h & mask];
        return (long) Call.SEQUENCE.getAcquire(c) == h + 1 ? c : null;
    }

    /** Consumer: the calls of the slot {@link #peek} returned have run; it is free for the next lap. */
    void release(Call c) {
        long h = head[PAD];
        c.clear();
        Call.SEQUENCE.setRelease(c, h + slots.length);
        head[PAD] = h + 1;
    }

    /** Consumer: slots run so far. */
    long head() {
        return head[PAD];
    }
}
