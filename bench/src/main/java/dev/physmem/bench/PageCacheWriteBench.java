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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Buffered 4 KiB writes through the simulated page cache in virtual time, tracepoints off, one
 * thread; the score is pages per second (target: 5 M/s).
 *
 * <ul>
 * <li>{@code writeNewPages}: the write path itself — a writer filling 256 MiB files (below the dirty
 * thresholds, so balance_dirty_pages() only looks and lets it run) and deleting each when full: per
 * page a folio allocation, insertion into the cache and the LRU, dirtying with its accounting and the
 * throttling check, and, amortised, cancelling, removal and freeing at unlink.</li>
 * <li>{@code streamNewPages}: a writer appending to a file without end on a 4 GiB machine, sleeping
 * (in virtual time) every pause balance_dirty_pages() gives it. In steady state each page is
 * allocated, added to the cache and the LRU, dirtied with its accounting, throttled, written back by
 * the flusher through the disk model, and reclaimed by kswapd: the whole life of a page.</li>
 * <li>{@code overwriteCachedPages}: rewriting a 64 MiB file that stays cached: lookup, dirtying and
 * the throttling check, with periodic writeback cleaning it behind the writer.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class PageCacheWriteBench {
    /** A file is replaced after 16 GiB so page offsets stay small. */
    private static final long FILE_PAGES = 1L << 22;
    private static final long CACHED_PAGES = (64L << 20) >> 12;
    private static final long SCRATCH_PAGES = (256L << 20) >> 12;

    private Machine machine;
    private VirtualScheduler clock;
    private Syscalls sys;
    private int stream;
    private long streamPage;
    private int cached;
    private long cachedPage;
    private int scratch;
    private long scratchPage;

    @Setup(Level.Trial)
    public void boot() {
        clock = new VirtualScheduler();
        machine = Machine.boot(MachineConfig.defaults().withRam(4L << 30), clock, Tracepoints.NONE);
        machine.cpus.bind(0);
        sys = machine.syscalls();
        stream = sys.createInode("stream");
        cached = sys.createInode("cached");
        scratch = sys.createInode("scratch");
        clock.advance(sys.write(cached, 0, CACHED_PAGES << 12));
    }

    @Benchmark
    public long writeNewPages() {
        if (scratchPage == SCRATCH_PAGES) {
            sys.unlink(scratch);
            scratch = sys.createInode("scratch");
            scratchPage = 0;
        }
        return sys.write(scratch, scratchPage++ << 12, 4096);
    }

    @Benchmark
    public long streamNewPages() {
        if (streamPage == FILE_PAGES) {
            sys.unlink(stream);
            stream = sys.createInode("stream");
            streamPage = 0;
        }
        long pause = sys.write(stream, streamPage++ << 12, 4096);
        clock.advance(pause);
        return pause;
    }

    @Benchmark
    public long overwriteCachedPages() {
        long pause = sys.write(cached, (cachedPage++ % CACHED_PAGES) << 12, 4096);
        clock.advance(pause);
        return pause;
    }
}
