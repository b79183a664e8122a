package dev.physmem.agent.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A read or write joins the ring's last slot only while that slot holds like calls of the same thread,
 * ends where this one begins, and has not been taken; a slot that was taken, or run and freed, or is
 * not the last, takes no more.
 */
class CallRingTest {
    private final Thread me = Thread.currentThread();
    private final Object fd = new Object();

    private static Call queue(CallRing ring, Thread by, int op, Object fd, long offset, long bytes) {
        Call c = ring.claim();
        c.thread = by;
        c.op = op;
        c.owner = fd;
        c.fd = fd;
        c.path = "/data";
        c.offset = offset;
        c.bytes = bytes;
        ring.publish(c);
        return c;
    }

    private boolean extend(CallRing ring, int op, long offset, long bytes) {
        return ring.extend(me, op, fd, fd, "/data", offset, bytes);
    }

    @Test
    void likeCallsJoinTheLastSlotUntilItIsTaken() {
        CallRing ring = new CallRing(4);
        assertThat(extend(ring, Call.WRITE, -1, 4096)).as("an empty ring has no last slot").isFalse();
        Call c = queue(ring, me, Call.WRITE, fd, -1, 4096);
        assertThat(extend(ring, Call.WRITE, -1, 4096)).isTrue();
        assertThat(extend(ring, Call.WRITE, -1, 4096)).isTrue();
        assertThat(extend(ring, Call.WRITE, -1, 512)).as("another size").isFalse();
        assertThat(extend(ring, Call.READ, -1, 4096)).as("another call").isFalse();
        assertThat(extend(ring, Call.WRITE, 0, 4096)).as("positional after appends").isFalse();
        assertThat(ring.extend(me, Call.WRITE, new Object(), fd, "/data", -1, 4096)).as("another stream").isFalse();
        assertThat(ring.extend(new Thread(() -> { }), Call.WRITE, fd, fd, "/data", -1, 4096)).as("another thread").isFalse();

        assertThat(ring.peek()).isSameAs(c);
        assertThat(ring.take(c)).isEqualTo(3);
        assertThat(extend(ring, Call.WRITE, -1, 4096)).as("taken").isFalse();
        ring.release(c);
        assertThat(extend(ring, Call.WRITE, -1, 4096)).as("run and freed").isFalse();
    }

    @Test
    void positionalCallsJoinOnlyWhereTheLastEnded() {
        CallRing ring = new CallRing(4);
        queue(ring, me, Call.READ, fd, 1000, 100);
        assertThat(extend(ring, Call.READ, 1100, 100)).isTrue();
        assertThat(extend(ring, Call.READ, 1100, 100)).as("the second call ended at 1200").isFalse();
        assertThat(extend(ring, Call.READ, 1200, 100)).isTrue();
        assertThat(extend(ring, Call.READ, -1, 100)).as("at the file position").isFalse();
        assertThat(ring.take(ring.peek())).isEqualTo(3);
    }

    @Test
    void onlyTheLastSlotTakesCallsAndAFullSlotTakesNoMore() {
        CallRing ring = new CallRing(4);
        queue(ring, me, Call.WRITE, fd, -1, 4096);
        queue(ring, me, Call.SEEK, fd, 0, 0);
        assertThat(extend(ring, Call.WRITE, -1, 4096)).as("a seek came after the write").isFalse();
        Call last = queue(ring, me, Call.WRITE, fd, -1, 4096);
        for (long i = 1; i < Call.MAX_CALLS; i++) {
            assertThat(extend(ring, Call.WRITE, -1, 4096)).isTrue();
        }
        assertThat(extend(ring, Call.WRITE, -1, 4096)).as("full").isFalse();
        ring.release(ring.peek());
        ring.release(ring.peek());
        assertThat(ring.peek()).isSameAs(last);
        assertThat(ring.take(last)).isEqualTo(Call.MAX_CALLS);
    }

    @Test
    void aSlotOnItsNextLapTakesCallsAgain() {
        CallRing ring = new CallRing(2);
        Call first = queue(ring, me, Call.WRITE, fd, -1, 4096);
        ring.take(first);
        ring.release(first);
        Call seek = queue(ring, me, Call.SEEK, fd, 0, 0);
        ring.take(seek);
        ring.release(seek);
        assertThat(extend(ring, Call.WRITE, -1, 4096)).as("the last slot was run and freed").isFalse();
        Call again = queue(ring, me, Call.WRITE, fd, -1, 4096);
        assertThat(again).as("the first slot, one lap on").isSameAs(first);
        assertThat(extend(ring, Call.WRITE, -1, 4096)).isTrue();
        assertThat(ring.take(ring.peek())).isEqualTo(2);
    }
}
