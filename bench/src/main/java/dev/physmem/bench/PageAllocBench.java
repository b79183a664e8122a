package dev.physmem.bench;

import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.time.VirtualScheduler;
import dev.physmem.model.trace.Tracepoints;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The allocator's fast path: order-0 allocate+free pairs through the per-CPU lists, and a mix of
 * orders 0..3, with tracepoints off. Targets: 30 M pairs/s and 15 M operations/s on one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class PageAllocBench {
    private Machine machine;
    private int next;
    private final int[] held = new int[64];
    private final int[] heldOrder = new int[64];

    @Setup(Level.Trial)
    public void boot() {
        machine = Machine.boot(MachineConfig.defaults().withRam(4L << 30), new VirtualScheduler(), Tracepoints.NONE);
        machine.cpus.bind(0);
        java.util.Arrays.fill(held, -1);
    }

    /** One alloc_pages(GFP_KERNEL, 0) and one __free_pages() per invocation: the score is pairs per second. */
    @Benchmark
    public int order0AllocFreePair() {
        int pfn = machine.pageAlloc.allocPages(Gfp.GFP_KERNEL, 0);
        machine.pageAlloc.freePages(pfn, 0);
        return pfn;
    }

    /**
     * A sliding window of 64 live blocks of orders 0..3: each invocation frees the oldest and allocates
     * one, so the score counts allocations (each paired with a free).
     */
    @Benchmark
    public int mixedOrders0to3() {
        int slot = next++ & 63;
        if (held[slot] >= 0) {
            machine.pageAlloc.freePages(held[slot], heldOrder[slot]);
        }
        int order = (next * 0x9E3779B9) >>> 30;
        held[slot] = machine.pageAlloc.allocPages(Gfp.GFP_KERNEL, order);
        heldOrder[slot] = order;
        return held[slot];
    }
}
