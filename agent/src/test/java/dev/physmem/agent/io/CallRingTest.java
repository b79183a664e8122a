package dev.physmem.agent.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A read or write joins its thread's last slot only while that slot holds like calls of the same thread,
 * ends where this one begins, and is open: not taken, and no call claimed after it, even one claimed
 * before the slot was published. A slot run and freed, or on its next lap, takes no more.
 */
class CallRingTest {
    private final Thread me = Thread.currentThread();
    private final Object fd = new Object();

    private static Call queue(CallRing ring, int op, Object fd, long offset, long bytes) {
        Call c = ring.claim();
        fill(c, op, fd, offset, bytes);
        ring.publish(c);
        return c;
    }

    private static void fill(Call c, int op, Object fd, long offset, long bytes) {
        c.thread = Thread.currentThread();
        c.op = op;
        c.owner = fd;
        c.fd = fd;
        c.path = "/data";
        c.offset = offset;
        c.bytes = bytes;
    }

    private boolean join(Call c, int op, long offset, long bytes) {
        return c.join(op, fd, fd, "/data", offset, bytes);
    }

    @Test
    void likeCallsJoinTheSlotUntilItIsTaken() throws InterruptedException {
        CallRing ring = new CallRing(4);
        Call c = queue(ring, Call.WRITE, fd, -1, 4096);
        assertThat(join(c, Call.WRITE, -1, 4096)).isTrue();
        assertThat(join(c, Call.WRITE, -1, 4096)).isTrue();
        assertThat(join(c, Call.WRITE, -1, 512)).as("another size").isFalse();
        assertThat(join(c, Call.READ, -1, 4096)).as("another call").isFalse();
        assertThat(join(c, Call.WRITE, 0, 4096)).as("positional after appends").isFalse();
        assertThat(c.join(Call.WRITE, new Object(), fd, "/data", -1, 4096)).as("another stream").isFalse();
        AtomicBoolean joined = new AtomicBoolean(true);
        Thread other = new Thread(() -> joined.set(join(c, Call.WRITE, -1, 4096)));
        other.start();
        other.join();
        assertThat(joined).as("another thread").isFalse();

        assertThat(ring.peek()).isSameAs(c);
        assertThat(ring.take(c)).isEqualTo(3);
        assertThat(join(c, Call.WRITE, -1, 4096)).as("taken").isFalse();
        ring.release(c);
        assertThat(join(c, Call.WRITE, -1, 4096)).as("run and freed").isFalse();
    }

    @Test
    void positionalCallsJoinOnlyWhereTheLastEnded() {
        CallRing ring = new CallRing(4);
        Call c = queue(ring, Call.READ, fd, 1000, 100);
        assertThat(join(c, Call.READ, 1100, 100)).isTrue();
        assertThat(join(c, Call.READ, 1100, 100)).as("the second call ended at 1200").isFalse();
        assertThat(join(c, Call.READ, 1200, 100)).isTrue();
        assertThat(join(c, Call.READ, -1, 100)).as("at the file position").isFalse();
        assertThat(ring.take(ring.peek())).isEqualTo(3);
    }

    @Test
    void aCallClaimedAfterASlotClosesItAndAFullSlotTakesNoMore() {
        CallRing ring = new CallRing(4);
        Call write = queue(ring, Call.WRITE, fd, -1, 4096);
        queue(ring, Call.SEEK, fd, 0, 0);
        assertThat(join(write, Call.WRITE, -1, 4096)).as("a seek came after the write").isFalse();
        Call last = queue(ring, Call.WRITE, fd, -1, 4096);
        for (long i = 1; i < Call.MAX_CALLS; i++) {
            assertThat(join(last, Call.WRITE, -1, 4096)).isTrue();
        }
        assertThat(join(last, Call.WRITE, -1, 4096)).as("full").isFalse();
        assertThat(ring.take(ring.peek())).as("the closed slot still holds its call").isEqualTo(1);
        ring.release(write);
        ring.release(ring.peek());
        assertThat(ring.peek()).isSameAs(last);
        assertThat(ring.take(last)).isEqualTo(Call.MAX_CALLS);
    }

    /**
     * The claim that comes after a slot may come before that slot is published: its mark lands on the
     * slot's previous lap, the publish overwrites it, and the publish itself must then close the slot.
     */
    @Test
    void aSlotPublishedAfterALaterClaimIsClosedAllTheSame() {
        CallRing ring = new CallRing(4);
        Call first = ring.claim();
        Call second = ring.claim(); // closes first, still unpublished
        fill(first, Call.WRITE, fd, -1, 4096);
        ring.publish(first);
        assertThat(join(first, Call.WRITE, -1, 4096)).as("second was claimed after first").isFalse();
        fill(second, Call.WRITE, fd, -1, 4096);
        ring.publish(second);
        assertThat(join(second, Call.WRITE, -1, 4096)).as("nothing was claimed after second").isTrue();
        assertThat(ring.take(first)).isEqualTo(1);
        ring.release(first);
        assertThat(ring.peek()).isSameAs(second);
        assertThat(ring.take(second)).isEqualTo(2);
    }

    @Test
    void aSlotOnItsNextLapTakesCallsAgain() {
        CallRing ring = new CallRing(2);
        Call first = queue(ring, Call.WRITE, fd, -1, 4096);
        ring.take(first);
        ring.release(first);
        Call seek = queue(ring, Call.SEEK, fd, 0, 0);
        ring.take(seek);
        ring.release(seek);
        assertThat(join(first, Call.WRITE, -1, 4096)).as("the slot was run and freed").isFalse();
        Call again = queue(ring, Call.WRITE, fd, -1, 4096);
        assertThat(again).as("the first slot, one lap on").isSameAs(first);
        assertThat(join(again, Call.WRITE, -1, 4096)).isTrue();
        assertThat(ring.take(ring.peek())).isEqualTo(2);
    }
}
