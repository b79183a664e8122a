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
 * <p>What producers use is in this object: {@code tail} and the slot claimed last, which a call that
 * joins that slot ({@link #extend}) reaches without walking {@code slots}: on a machine with page-table
 * isolation and no PCID the caller's TLB is cold right after its system call, so each page a call
 * touches costs a walk. The consumer's
 * {@code head}, moved on every call it runs, lives apart, alone on its cache lines.
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
    /** The slot claimed last (racy: {@link #extend} checks its position against {@code tail}). */
    private Call last;
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
                    last = c;
                    return c;
                }
            } else if (seq < p) {
                return null;
            }
            // else another producer claimed p meanwhile: look again
        }
    }

    void publish(Call c) {
        Call.EXTENT.set(c, c.position << Call.CALL_BITS | 1);
        Call.SEQUENCE.setRelease(c, c.position + 1);
    }

    /**
     * Producer: folds a read or write into the ring's last slot, if that holds calls of the calling
     * thread alike in all but the offset, this one begins where they end, and the consumer has not
     * taken it. The call then costs no slot: no line another core wrote, only one CAS on the line
     * this thread filled. Order is kept, since no call was claimed after that slot. False if the call
     * needs a slot of its own.
     */
    boolean extend(Thread by, int op, Object owner, Object fd, String path, long offset, long bytes) {
        long p = tail - 1;
        Call c = last;
        if (c == null || c.position != p || (long) Call.SEQUENCE.getAcquire(c) != p + 1) {
            return false;
        }
        long extent = (long) Call.EXTENT.getVolatile(c);
        long calls = extent - (p << Call.CALL_BITS); // negative once TAKEN, or for another lap
        if (calls <= 0 || calls >= Call.MAX_CALLS || c.op != op || c.thread != by || c.fd != fd
                || c.owner != owner || c.path != path || c.bytes != bytes
                || (offset < 0 ? c.offset >= 0 : c.offset < 0 || offset != c.offset + calls * bytes)) {
            return false;
        }
        return Call.EXTENT.compareAndSet(c, extent, extent + 1);
    }

    /** Consumer: takes the slot {@link #peek} returned, closing it to {@link #extend}; returns its calls. */
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
