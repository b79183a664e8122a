package dev.physmem.bench;

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
    private static final VarHandle OWNER;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(Cpu.class, "owner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The lock word and per-CPU list of the model's Cpu and PerCpuPages, reduced to what is synchronized. */
    static final class Cpu {
        volatile Thread owner;
        int depth;
        int head = -1;
        int count;

        void lock() {
            Thread me = Thread.currentThread();
            if (owner == me) {
                depth++;
                return;
            }
            while (!OWNER.compareAndSet(this, null, me)) {
                Thread.onSpinWait();
            }
            depth = 1;
        }

        void unlock() {
            if (--depth == 0) {
                OWNER.setRelease(this, null);
            }
        }
    }

    private final ThreadLocal<Cpu> current = new ThreadLocal<>();
    private final int[] refcount = new int[1024];
    private final int[] next = new int[1024];

    @Setup
    public void fill() {
        Cpu cpu = new Cpu();
        current.set(cpu);
        for (int pfn = 0; pfn < next.length; pfn++) {
            next[pfn] = cpu.head;
            cpu.head = pfn;
            cpu.count++;
        }
    }

    @Benchmark
    public int order0Pair() {
        Cpu cpu = current.get();
        cpu.lock();
        int pfn = cpu.head;
        cpu.head = next[pfn];
        cpu.count--;
        cpu.unlock();
        REFCOUNT.setRelease(refcount, pfn, 1);

        if ((int) REFCOUNT.getAndAdd(refcount, pfn, -1) == 1) {
            Cpu c = current.get();
            c.lock();
            next[pfn] = c.head;
            c.head = pfn;
            c.count++;
            c.unlock();
        }
        return pfn;
    }
}
