package dev.physmem.model.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.model.testing.TestMachines;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The flusher waits for a request tag when the disk's queue is full, and the tag sbitmap wakes it once
 * a batch of tags came free (sbitmap_queue_wake_up), not on every completion.
 */
class BlockDeviceTagWaitTest {

    @Test
    void wakeBatchIsTheKernelsForEachDepth() {
        // sbq_calc_wake_batch(): depth / SBQ_WAIT_QUEUES (8), clamped to [1, SBQ_WAKE_BATCH (8)].
        assertThat(BlockDevice.wakeBatch(1)).isEqualTo(1);
        assertThat(BlockDevice.wakeBatch(15)).isEqualTo(1);
        assertThat(BlockDevice.wakeBatch(32)).isEqualTo(4);
        assertThat(BlockDevice.wakeBatch(62)).isEqualTo(7);
        assertThat(BlockDevice.wakeBatch(64)).isEqualTo(8);
        assertThat(BlockDevice.wakeBatch(1023)).isEqualTo(8);
    }

    @Test
    void aTagWaiterIsWokenAfterAWakeBatchOfCompletionsNotAfterTheFirst() {
        TestMachines.Booted b = TestMachines.boot("1g");
        BlockDevice disk = b.machine().disk;
        int depth = disk.queueDepth();
        AtomicInteger completed = new AtomicInteger();
        List<Integer> wokenAfter = new ArrayList<>();
        assertThat(disk.waitForTag(() -> wokenAfter.add(completed.get()))).as("a tag is free").isFalse();

        for (int i = 0; i < depth; i++) {
            disk.submitBio(new Bio(false, null, 0, bio -> completed.incrementAndGet()));
        }
        assertThat(disk.congested()).isTrue();
        Runnable waiter = () -> wokenAfter.add(completed.get());
        assertThat(disk.waitForTag(waiter)).isTrue();
        assertThat(disk.waitForTag(waiter)).as("registered once").isTrue();
        b.clock().advance(TimeUnit.SECONDS.toNanos(1));

        assertThat(completed).hasValue(depth);
        assertThat(wokenAfter).as("woken once, by the batch's last completion").containsExactly(4);
        assertThat(disk.inflightRequests()).isZero();
    }
}
