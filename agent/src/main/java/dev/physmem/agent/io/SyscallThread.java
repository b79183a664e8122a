package dev.physmem.agent.io;

import dev.physmem.agent.boot.Frame;
import dev.physmem.agent.boot.Hooks;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * physmem-syscalls: the one thread that runs the application's calls on the simulated kernel, in the
 * order the {@link CallRing} holds them, each as the simulated task of the thread that made it. The
 * application thread only queues its call; the page cache, the allocator, throttling and the call's
 * event happen here. A call that throws is handed to {@code failed} and the thread goes on.
 *
 * <p>With nothing to do it sleeps {@link #IDLE_NANOS} at a time and then runs all that came meanwhile.
 * It does not spin on the slot an application thread is filling: two cores passing the cache lines of
 * adjacent slots back and forth on every call cost the writer more than queueing itself. Producers
 * never pay for a wake-up while calls keep coming, only when the ring is full, when a reader waits for
 * {@link #drain}, and for the first call after a quiet spell: after {@link #QUIET_LOOKS} empty looks
 * the thread dozes, and the first call published wakes it, so that an idle application is not woken a
 * thousand times a second.
 */
public final class SyscallThread extends Thread {
    /** A producer facing a full ring, or a drain, waits at most this long for the thread to move on. */
    static final long MAX_WAIT_NANOS = 1_000_000_000L;
    /**
     * How long the idle thread lets calls gather: hundreds of calls at a few µs each, a few per cent of
     * the ring. Waking more often costs the application more: on a machine with few cores each wake-up
     * can preempt it.
     */
    static final long IDLE_NANOS = 1_000_000;
    /** Empty looks in a row (each after an {@link #IDLE_NANOS} sleep) before the thread dozes. */
    static final int QUIET_LOOKS = 16;
    /**
     * A doze's length. The first call published wakes it; only a call published in the instant the
     * thread goes to doze can miss it (the producer pays no fence), and waits this long at most.
     */
    static final long DOZE_NANOS = 50_000_000;
    /** How often, in slots, a busy thread publishes {@link #done}; an idle one publishes before it sleeps. */
    private static final int PUBLISH_EVERY = 64;

    private final CallRing ring;
    private final Translator translator;
    private final Consumer<Thread> switchTo;
    private final Consumer<Throwable> failed;
    private final AgentCounters counters;

    /** Slots run so far, published for {@link #drain} and for producers waiting for room. */
    private volatile long done;
    /** {@link #done} when a producer last gave up waiting for room: until it moves, producers do not wait. */
    private volatile long stalledAt = -1;
    private volatile boolean stopping;
    /** Set while the thread dozes: the next producer to publish wakes it. */
    private volatile boolean dozing;
    private final long dozeNanos;
    /** The application thread whose call runs now; only this thread reads and writes it. */
    private Thread actingFor;

    /**
     * {@code switchTo} makes this thread run as the simulated task of the given application thread
     * (see ThreadTasks); it is called only when the thread changes from one call to the next. The ring
     * holds {@code capacity} calls, a power of two.
     */
    public SyscallThread(int capacity, Translator translator, Consumer<Thread> switchTo, Consumer<Throwable> failed,
                         AgentCounters counters) {
        this(capacity, translator, switchTo, failed, counters, DOZE_NANOS);
    }

    /** With a doze of {@code dozeNanos}, for tests. */
    SyscallThread(int capacity, Translator translator, Consumer<Thread> switchTo, Consumer<Throwable> failed,
                  AgentCounters counters, long dozeNanos) {
        super("physmem-syscalls");
        this.dozeNanos = dozeNanos;
        setDaemon(true);
        this.ring = new CallRing(capacity);
        this.translator = translator;
        this.switchTo = switchTo;
        this.failed = failed;
        this.counters = counters;
    }

    /** The application thread the calling thread runs a call for: itself, unless it is the syscall thread. */
    public static Thread caller() {
        Thread t = Thread.currentThread();
        return t instanceof SyscallThread ? ((SyscallThread) t).actingFor : t;
    }

    @Override
    public void run() {
        Frame agent = Hooks.enter(); // whatever I/O the translation does is the agent's own
        try {
            int emptyLooks = 0;
            while (!stopping) {
                Call c = ring.peek();
                if (c == null) {
                    done = ring.head();
                    if (emptyLooks < QUIET_LOOKS) {
                        emptyLooks++;
                        LockSupport.parkNanos(this, IDLE_NANOS);
                    } else {
                        doze();
                    }
                    continue;
                }
                emptyLooks = 0;
                runOne(c, ring.take(c));
                ring.release(c);
                if ((ring.head() & (PUBLISH_EVERY - 1)) == 0) {
                    done = ring.head();
                }
            }
        } finally {
            Hooks.leave(agent);
        }
    }

    /** Sleeps until a producer publishes a call (or {@code dozeNanos} pass), unless one came meanwhile. */
    private void doze() {
        dozing = true;
        if (ring.peek() == null && !stopping) {
            LockSupport.parkNanos(this, dozeNanos);
        }
        dozing = false;
    }

    /** Whether the thread dozes now; for tests. */
    boolean dozing() {
        return dozing;
    }

    private void runOne(Call c, long calls) {
        try {
            if (c.thread != actingFor) {
                actingFor = c.thread;
                switchTo.accept(c.thread);
            }
            c.run(translator, calls);
        } catch (Throwable t) {
            failed.accept(t);
        }
    }

    /** A slot for the calling application thread's call, or null if it had to be dropped (counted). */
    Call claim() {
        Call c = ring.claim();
        if (c == null) {
            c = awaitRoom();
        }
        if (c != null) {
            c.thread = Thread.currentThread();
        }
        return c;
    }

    void publish(Call c) {
        ring.publish(c);
        if (dozing) {
            LockSupport.unpark(this);
        }
    }

    /**
     * The ring is full: the application waits for the syscall thread to make room, as a writer waits
     * for the kernel. Only a thread that has not moved for {@link #MAX_WAIT_NANOS} (stopped at exit, or
     * stuck in a bug) makes calls be dropped, counted, rather than stall the application.
     */
    private Call awaitRoom() {
        counters.queueFullWaits.increment();
        if (stalledAt == done) {
            counters.queueDrops.increment();
            return null;
        }
        long deadline = System.nanoTime() + MAX_WAIT_NANOS;
        for (;;) {
            LockSupport.unpark(this);
            Thread.yield();
            Call c = ring.claim();
            if (c != null) {
                return c;
            }
            if (System.nanoTime() - deadline > 0) {
                stalledAt = done;
                counters.queueDrops.increment();
                return null;
            }
        }
    }

    /**
     * A barrier: returns once every call queued before it has run, so whoever reads the simulated state
     * next (an MBean, a JFR snapshot, sync, exit) sees them all. Returns at once on the syscall thread
     * itself, and after {@link #MAX_WAIT_NANOS} if the thread does not move.
     */
    public void drain() {
        if (Thread.currentThread() == this) {
            return;
        }
        long target = ring.claimed();
        long deadline = System.nanoTime() + MAX_WAIT_NANOS;
        while (done < target && isAlive() && System.nanoTime() - deadline < 0) {
            LockSupport.unpark(this);
            LockSupport.parkNanos(10_000);
        }
    }

    /** At exit: runs what is queued, then stops. */
    public void shutdown() {
        drain();
        stopping = true;
        LockSupport.unpark(this);
    }

    /** Slots queued and not yet run (a run of like reads or writes is one). */
    public long backlog() {
        return ring.claimed() - done;
    }
}
