package dev.physmem.bench;

import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.syscalls.Syscalls;
import dev.physmem.model.time.VirtualScheduler;
import dev.physmem.model.trace.Tracepoints;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Buffered 4 KiB writes through the simulated page cache in virtual time, tracepoints off, one
 * thread; every score is pages per second. The target is 5 M/s for the write path.
 *
 * <ul>
 * <li>{@code writeNewPages}: the write path — 256 MiB of new pages into an empty file, below the
 * dirty thresholds so balance_dirty_pages() looks but lets the writer run: per page a folio
 * allocation, insertion into the cache and the LRU, dirtying with its accounting, and the throttling
 * check. The file is deleted between invocations, outside the measurement.</li>
 * <li>{@code overwriteCachedPages}: rewriting a cached 64 MiB file: lookup, dirtying and the throttling
 * check, with periodic writeback cleaning it behind the writer.</li>
 * <li>{@code unlinkCachedFile}: the other end — deleting a 256 MiB file whose dirty pages were never
 * written: per page its dirtiness cancelled, out of the cache and off the LRU, back to the allocator.
 * The file is written between invocations, outside the measurement.</li>
 * <li>{@code streamNewPages}: the whole life of a page on one thread — a writer appending without end
 * to a 4 GiB machine, sleeping (in virtual time) every pause it is given, so that the flusher writes
 * its pages through the disk model and kswapd reclaims them, all on this thread.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class PageCacheWriteBench {
    static final int NEW_PAGES = (256 << 20) >> 12;
    static final long CACHED_PAGES = (64L << 20) >> 12;
    /** A streamed file is replaced after 16 GiB so page offsets stay small. */
    static final long STREAM_FILE_PAGES = 1L << 22;

    /** A booted 4 GiB machine on virtual time. */
    @State(Scope.Thread)
    public static class Sim {
        Machine machine;
        VirtualScheduler clock;
        Syscalls sys;
        int cached;
        long cachedPage;
        int stream;
        long streamPage;

        @Setup(Level.Trial)
        public void boot() {
            clock = new VirtualScheduler();
            machine = Machine.boot(MachineConfig.defaults().withRam(4L << 30), clock, Tracepoints.NONE);
            machine.cpus.bind(0);
            sys = machine.syscalls();
            cached = sys.createInode("cached");
            clock.advance(sys.write(cached, 0, CACHED_PAGES << 12));
            stream = sys.createInode("stream");
        }
    }

    public abstract static class OwnMachine {
        Syscalls sys;

        /** A 4 GiB machine on virtual time, tracepoints off, this thread on CPU 0. */
        @Setup(Level.Trial)
        public void boot() {
            Machine machine = Machine.boot(MachineConfig.defaults().withRam(4L << 30), new VirtualScheduler(),
                    Tracepoints.NONE);
            machine.cpus.bind(0);
            sys = machine.syscalls();
        }
    }

    /**
     * A machine of its own with an empty file for each invocation of writeNewPages; the previous file
     * is deleted first, outside the measurement.
     */
    @State(Scope.Thread)
    public static class EmptyFile extends OwnMachine {
        int ino = -1;

        @Setup(Level.Invocation)
        public void fresh() {
            if (ino >= 0) {
                sys.unlink(ino);
            }
            ino = sys.createInode("new");
        }
    }

    /** A machine of its own with a written 256 MiB file for each invocation of unlinkCachedFile. */
    @State(Scope.Thread)
    public static class CachedFile extends OwnMachine {
        int ino;

        @Setup(Level.Invocation)
        public void written() {
            ino = sys.createInode("cached");
            for (long p = 0; p < NEW_PAGES; p++) {
                sys.write(ino, p << 12, 4096);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(NEW_PAGES)
    public void unlinkCachedFile(CachedFile file) {
        file.sys.unlink(file.ino);
    }

    @Benchmark
    @OperationsPerInvocation(NEW_PAGES)
    public long writeNewPages(EmptyFile file) {
        long pause = 0;
        for (long p = 0; p < NEW_PAGES; p++) {
            pause += file.sys.write(file.ino, p << 12, 4096);
        }
        return pause;
    }

    @Benchmark
    public long overwriteCachedPages(Sim sim) {
        long pause = sim.sys.write(sim.cached, (sim.cachedPage++ % CACHED_PAGES) << 12, 4096);
        sim.clock.advance(pause);
        return pause;
    }

    @Benchmark
    public long streamNewPages(Sim sim) {
        if (sim.streamPage == STREAM_FILE_PAGES) {
            sim.sys.unlink(sim.stream);
            sim.stream = sim.sys.createInode("stream");
            sim.streamPage = 0;
        }
        long pause = sim.sys.write(sim.stream, sim.streamPage++ << 12, 4096);
        sim.clock.advance(pause);
        return pause;
    }
}
