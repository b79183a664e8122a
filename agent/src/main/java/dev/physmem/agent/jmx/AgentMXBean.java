package dev.physmem.agent.jmx;

import java.util.List;

/**
 * {@code dev.physmem:type=Agent}: the application's activity as the agent saw it and passed it on, and
 * the agent's own health. Counts are instrumented application calls.
 */
public interface AgentMXBean {
    String getOptions();

    long getWrites();

    long getWriteBytes();

    long getReads();

    long getReadBytes();

    long getFsyncs();

    long getTruncates();

    long getUnlinks();

    long getOpens();

    long getMmaps();

    long getMunmaps();

    long getDirectAllocs();

    long getDirectAllocBytes();

    long getDirectFrees();

    long getSocketSends();

    long getSocketSendBytes();

    long getSocketReceives();

    long getSocketReceiveBytes();

    /** Simulated nanoseconds the kernel made (or would have made) application threads wait. */
    long getWaitNanos();

    /** Calls that found the syscall thread's queue full and waited for room (throttle=record and off). */
    long getQueueFullWaits();

    /** Calls dropped, counted, because the syscall thread had not moved for a second. */
    long getQueueDrops();

    /** Slots of the queue to the syscall thread holding calls not yet translated, now (like reads or writes in a row share one). */
    long getQueueBacklog();

    int getOpenFiles();

    int getInodes();

    /** Throwables raised inside the agent and swallowed before they could reach the application. */
    long getSuppressedThrowables();

    String getLastSuppressedThrowable();

    /** Calls the application made while the machine booted, kept and handed to it once it was up. */
    long getCallsWhileBooting();

    /** Kernel work (flusher, kswapd, vmstat) that threw; the worker threads kept running. */
    long getWorkFailures();

    String getLastWorkFailure();

    /** What this JDK does not let the agent see, beyond what no JDK does. */
    List<String> getUnobservable();

    /** JDK classes that could not be instrumented, with the reason. */
    List<String> getInstrumentationFailures();
}
