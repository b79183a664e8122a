package dev.physmem.bench;

import dev.physmem.jfr.JfrTracepoints;
import dev.physmem.jfr.PhysmemJfr;
import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.time.VirtualScheduler;
import dev.physmem.model.trace.Tracepoints;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the JFR tracepoints cost the allocator's fast path when their events are off, in nanoseconds
 * per order-0 allocate+free pair (two tracepoints: mm_page_alloc and mm_page_free), with
 * <ul>
 *   <li>{@code none}: Tracepoints.NONE, the model's no-op;</li>
 *   <li>{@code jfr}: physmem's JFR adapter and no recording;</li>
 *   <li>{@code jfr-recording}: the adapter inside a recording with physmem's default settings, where
 *       the per-page events are disabled.</li>
 * </ul>
 * Target: the last two within 5% of the first. Each value runs in its own JVM, so {@code none} never
 * loads the adapter and the JIT sees a single Tracepoints implementation in every fork.
 * {@link #tracepointPair} times the two tracepoint calls alone, which a shared machine's noise
 * cannot hide the way it hides a few percent of the whole path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgs = {"-Xmx2g"})
public class TracepointCostBench {
    @Param({"none", "jfr", "jfr-recording"})
    public String tracepoints;

    private Machine machine;
    private Tracepoints trace;
    private Recording recording;
    private int pfn;

    @Setup(Level.Trial)
    public void boot() {
        trace = tracepoints.equals("none") ? Tracepoints.NONE : PhysmemJfr.tracepoints();
        machine = Machine.boot(MachineConfig.defaults().withRam(4L << 30), new VirtualScheduler(), trace);
        machine.cpus.bind(0);
        if (trace instanceof JfrTracepoints) {
            ((JfrTracepoints) trace).attach(machine);
        }
        if (tracepoints.equals("jfr-recording")) {
            recording = new Recording(PhysmemJfr.configuration(PhysmemJfr.DEFAULT));
            recording.start();
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (recording != null) {
            recording.close();
        }
    }

    /** One alloc_pages(GFP_KERNEL, 0) and one __free_pages(): the score is ns per pair. */
    @Benchmark
    public int order0AllocFreePair() {
        int p = machine.pageAlloc.allocPages(Gfp.GFP_KERNEL, 0);
        machine.pageAlloc.freePages(p, 0);
        return p;
    }

    /** The two tracepoints of a pair, as the allocator calls them, and nothing else. */
    @Benchmark
    public void tracepointPair() {
        int p = 0x10000 + (pfn++ & 0xffff);
        trace.mmPageAlloc(p, 0, Gfp.GFP_KERNEL, 0);
        trace.mmPageFree(p, 0);
    }
}
