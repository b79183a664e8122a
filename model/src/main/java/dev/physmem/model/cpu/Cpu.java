package dev.physmem.model.cpu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One simulated CPU. Application threads are spread over the simulated CPUs; holding a CPU's lock is
 * the simulator's "local_irq_save/preempt_disable": it makes the CPU's per-CPU data (page lists,
 * vmstat deltas, event counters) ours. Lock order: any subsystem lock, then a CPU lock, then a zone
 * lock. The lock is reentrant and costs one CAS to take and a release store to drop.
 */
public final class Cpu {
    private static final VarHandle OWNER;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(Cpu.class, "owner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public final int id;
    public final int nid;
    @SuppressWarnings("unused") // accessed through OWNER
    private volatile Thread owner;
    private int depth;

    /** vm_zone_stat_diff of struct per_cpu_zonestat, for every zone: [zoneId * items + item]. */
    public final int[] zoneStatDiff;
    /** vm_node_stat_diff of struct per_cpu_nodestat, for every node: [nid * items + item]. */
    public final int[] nodeStatDiff;
    /** struct vm_event_state: event counters summed over CPUs when read. */
    public final long[] events;
    /** vm_numa_event of struct per_cpu_zonestat: [zoneId * items + item]. */
    public final long[] numaEvents;

    public Cpu(int id, int nid, int nrZoneStats, int nrNodeStats, int nrEvents, int nrNumaEvents) {
        this.id = id;
        this.nid = nid;
        zoneStatDiff = new int[nrZoneStats];
        nodeStatDiff = new int[nrNodeStats];
        events = new long[nrEvents];
        numaEvents = new long[nrNumaEvents];
    }

    public void lock() {
        Thread me = Thread.currentThread();
        if (OWNER.getOpaque(this) == me) {
            depth++;
            return;
        }
        int spins = 0;
        while (!OWNER.compareAndSet(this, null, me)) {
            if (++spins < 64) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        depth = 1;
    }

    public void unlock() {
        if (--depth == 0) {
            OWNER.setRelease(this, null);
        }
    }

    public boolean heldByCurrentThread() {
        return OWNER.getOpaque(this) == Thread.currentThread();
    }

    @Override
    public String toString() {
        return "cpu" + id;
    }
}
