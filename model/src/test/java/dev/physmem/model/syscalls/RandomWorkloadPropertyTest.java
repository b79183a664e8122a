package dev.physmem.model.syscalls;

import dev.physmem.model.machine.ByteSize;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.testing.MemoryInvariants;
import dev.physmem.model.testing.PageCacheInvariants;
import dev.physmem.model.testing.RandomCalls;
import dev.physmem.model.testing.TestMachines;
import dev.physmem.model.time.VirtualScheduler;
import dev.physmem.model.vmstat.VmEventItem;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;

/**
 * Random workloads through the system calls on a small machine — writes, reads, fsync, truncate,
 * unlink, file and anonymous mappings, drop_caches, sync, and time passing (so the flusher, the disk,
 * kswapd and direct reclaim all run) — with every law of the allocator, the LRU and the page cache
 * checked after every step: pages conserved, counters equal to recounts, no folio on two LRU lists,
 * Dirty + Writeback + clean = Cached, and refcount = cache + PTEs + I/O.
 */
class RandomWorkloadPropertyTest {
    enum Kind { CREATE, WRITE, READ, FSYNC, TRUNCATE, UNLINK, MMAP, MMAP_ANON, MUNMAP, DROP_CACHES, SYNC, ADVANCE }

    record Op(Kind kind, int a, int b, int c) {}

    private static final long[] ADVANCES = {0, 1_000, 1_000_000, 50_000_000, 1_000_000_000, 6_000_000_000L};

    @Provide
    Arbitrary<List<Op>> workloads() {
        Arbitrary<Kind> kind = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(5, Kind.CREATE), net.jqwik.api.Tuple.of(30, Kind.WRITE),
                net.jqwik.api.Tuple.of(15, Kind.READ), net.jqwik.api.Tuple.of(5, Kind.FSYNC),
                net.jqwik.api.Tuple.of(5, Kind.TRUNCATE), net.jqwik.api.Tuple.of(3, Kind.UNLINK),
                net.jqwik.api.Tuple.of(6, Kind.MMAP), net.jqwik.api.Tuple.of(5, Kind.MMAP_ANON),
                net.jqwik.api.Tuple.of(6, Kind.MUNMAP), net.jqwik.api.Tuple.of(3, Kind.DROP_CACHES),
                net.jqwik.api.Tuple.of(2, Kind.SYNC), net.jqwik.api.Tuple.of(15, Kind.ADVANCE));
        // Uniform, not jqwik's default bias toward small numbers: sizes must reach memory pressure.
        Arbitrary<Integer> any = Arbitraries.integers().between(0, 1 << 20).withDistribution(RandomDistribution.uniform());
        Arbitrary<Integer> size = Arbitraries.integers().between(0, 1 << 24).withDistribution(RandomDistribution.uniform());
        return Combinators.combine(kind, any, any, size)
                .as(Op::new).list().ofMinSize(10).ofMaxSize(70);
    }

    /** A caller that sleeps what the call says it would wait (throttle=sleep), or one that does not. */
    private static void sleepOrNot(VirtualScheduler clock, Op op, long wait) {
        if ((op.a() & 1) == 0) {
            clock.advance(wait);
        }
    }

    @Property(tries = 40)
    void everyLawHoldsAfterEveryStep(@ForAll("workloads") List<Op> ops, @ForAll boolean withSwap) {
        TestMachines.Booted b = TestMachines.boot(MachineConfig.defaults().withRam(ByteSize.parse("64m"))
                .withSwap(withSwap ? 32L << 20 : 0));
        Machine m = b.machine();
        VirtualScheduler clock = b.clock();
        Syscalls sys = m.syscalls();
        RandomCalls calls = new RandomCalls(sys, 20_000, 512, 4000);
        for (Op op : ops) {
            int file = calls.file(op.a());
            switch (op.kind()) {
                case CREATE -> calls.create();
                case WRITE -> {
                    if (file >= 0) {
                        sleepOrNot(clock, op, sys.write(file, calls.pageOffset(op.b()) + op.c() % 4096,
                                1 + op.c() % (16 << 20)));
                    }
                }
                case READ -> {
                    if (file >= 0) {
                        sleepOrNot(clock, op, sys.read(file, calls.pageOffset(op.b()) + op.c() % 4096,
                                1 + op.c() % (16 << 20)));
                    }
                }
                case FSYNC -> {
                    if (file >= 0) {
                        sleepOrNot(clock, op, sys.fsync(file));
                    }
                }
                case TRUNCATE -> calls.truncate(op.a(), calls.pageOffset(op.b()) + op.c() % 4096);
                case UNLINK -> calls.unlink(op.a());
                case MMAP -> calls.mmap(op.a(), op.b(), op.c());
                case MMAP_ANON -> calls.mmapAnonymous(op.b());
                case MUNMAP -> calls.munmap(op.b());
                case DROP_CACHES -> sys.dropCaches(1 + 2 * (op.b() % 2));
                case SYNC -> sleepOrNot(clock, op, sys.sync());
                case ADVANCE -> clock.advance(ADVANCES[op.b() % ADVANCES.length]);
            }
            MemoryInvariants.check(m);
            PageCacheInvariants.check(m);
        }
        // Let every request complete: nothing may stay under writeback, and the laws still hold.
        clock.advance(60_000_000_000L);
        MemoryInvariants.check(m);
        PageCacheInvariants.check(m);
        m.vmStat.refresh();
        if (m.vmStat.globalNodePageState(dev.physmem.model.vmstat.NodeStatItem.NR_WRITEBACK) != 0) {
            throw new AssertionError("writeback left after a minute of idle time");
        }
        // What the workloads exercised, in the property's report.
        net.jqwik.api.statistics.Statistics.label("reclaimed").collect(
                m.vmStat.vmEvent(VmEventItem.PGSTEAL_KSWAPD) + m.vmStat.vmEvent(VmEventItem.PGSTEAL_DIRECT) > 0);
        net.jqwik.api.statistics.Statistics.label("written back").collect(
                m.vmStat.globalNodePageState(dev.physmem.model.vmstat.NodeStatItem.NR_WRITTEN) > 0);
        net.jqwik.api.statistics.Statistics.label("oom kill").collect(m.vmStat.vmEvent(VmEventItem.OOM_KILL) > 0);
        net.jqwik.api.statistics.Statistics.label("swapped out").collect(m.vmStat.vmEvent(VmEventItem.PSWPOUT) > 0);
    }
}
