package dev.physmem.bench;

import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.time.VirtualScheduler;
import dev.physmem.model.trace.Tracepoints;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A cold boot, as a user's JVM pays it: one boot per fresh JVM with a 3 GiB heap (class loading, mem_map,
 * memblock, every free page into the buddy allocator). Target: a 64 GiB machine in under one second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 5, jvmArgs = {"-Xmx3g"})
public class MachineBootBench {
    @Param({"1", "64"})
    public int gib;

    @Benchmark
    public Machine boot() {
        return Machine.boot(MachineConfig.defaults().withRam((long) gib << 30), new VirtualScheduler(), Tracepoints.NONE);
    }
}
