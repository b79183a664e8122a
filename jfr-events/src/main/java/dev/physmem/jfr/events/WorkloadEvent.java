package dev.physmem.jfr.events;

import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;

/**
 * The field every workload input event has: the application thread that made the call. The agent may
 * commit the event from its own syscall thread (then that is the event thread), so who did the I/O is
 * this field, not the event thread.
 */
public abstract class WorkloadEvent extends Event {
    @Label("Application Thread")
    @Description("The thread that made the call")
    public Thread thread;
}
