package dev.physmem.agent.io;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the agent passed to the simulated kernel, counted as it happened: the application's I/O as the
 * agent saw it (dev.physmem:type=Agent). Each count is one instrumented application call, so a
 * difference between JDKs in how an application call is split would show here first.
 */
public final class AgentCounters {
    public final LongAdder writes = new LongAdder();
    public final LongAdder writeBytes = new LongAdder();
    public final LongAdder reads = new LongAdder();
    public final LongAdder readBytes = new LongAdder();
    public final LongAdder fsyncs = new LongAdder();
    public final LongAdder truncates = new LongAdder();
    public final LongAdder unlinks = new LongAdder();
    public final LongAdder opens = new LongAdder();
    public final LongAdder mmaps = new LongAdder();
    public final LongAdder munmaps = new LongAdder();
    public final LongAdder directAllocs = new LongAdder();
    public final LongAdder directAllocBytes = new LongAdder();
    public final LongAdder directFrees = new LongAdder();
    public final LongAdder socketSends = new LongAdder();
    public final LongAdder socketSendBytes = new LongAdder();
    public final LongAdder socketReceives = new LongAdder();
    public final LongAdder socketReceiveBytes = new LongAdder();
    /** Packets the simulated NIC driver dropped for want of memory or a mapping. */
    public final LongAdder socketDrops = new LongAdder();
    /** Simulated nanoseconds the kernel would have made application threads wait (throttling, reads, fsync). */
    public final LongAdder waitNanos = new LongAdder();
    /** Calls that found the syscall thread's ring full and waited for room. */
    public final LongAdder queueFullWaits = new LongAdder();
    /** Calls dropped because the syscall thread did not move for a second (see SyscallThread.awaitRoom). */
    public final LongAdder queueDrops = new LongAdder();
}
