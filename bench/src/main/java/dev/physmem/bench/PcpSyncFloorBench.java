package dev.physmem.bench;

import dev.physmem.model.cpu.Cpu;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under {@link PageAllocBench#order0AllocFreePair}: only the synchronization an order-0 pair
 * needs in the kernel and in the model — the CPU's pcp lock taken on alloc and on free (pcp_spin_trylock,
 * one CAS each), the _refcount drop of put_page_testzero (one atomic add), a thread-local CPU lookup
 * (smp_processor_id) — around a bare list pop and push. No watermark, statistics or page checks. What the
 * allocator costs above this is its own logic; below it nothing kernel-faithful can go on this machine.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PcpSyncFloorBench {
    private static final VarHandle REFCOUNT = MethodHandles.arrayElementVarHandle(int[].class);

    /** struct per_cpu_pages reduced to one list, behind the model's own CPU lock. */
    static final class Pcp {
        final Cpu cpu = new Cpu(0, 0, 0, 0, 0, 0);
        int head = -1;
        int count;
    }

    private final ThreadLocal<Pcp> current = new ThreadLocal<>();
    private final int[] refcount = new int[1024];
    private final int[] next = new int[1024];

    @Setup
    public void fill() {
        Pcp pcp = new Pcp();
        current.set(pcp);
        for (int pfn = 0; pfn < next.length; pfn++) {
            next[pfn] = pcp.head;
            pcp.head = pfn;
            pcp.count++;
        }
    }

    @Benchmark
    public int order0Pair() {
        Pcp pcp = current.get();
        pcp.cpu.lock();
        int pfn = pcp.head;
        pcp.head = next[pfn];
        pcp.count--;
        pcp.cpu.unlock();
        REFCOUNT.setRelease(refcount, pfn, 1);

        if ((int) REFCOUNT.getAndAdd(refcount, pfn, -1) == 1) {
            Pcp p = current.get();
            p.cpu.lock();
            next[pfn] = p.head;
            p.head = pfn;
            p.count++;
            p.cpu.unlock();
        }
        return pfn;
    }
}
