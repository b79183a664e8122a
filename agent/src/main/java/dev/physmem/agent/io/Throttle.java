package dev.physmem.agent.io;

import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * What happens to a wait the simulated kernel imposes on an application thread (balance_dirty_pages'
 * pause, a read that goes to disk, fsync waiting for writeback): {@code off} ignores it, {@code record}
 * (the default) only records it, {@code sleep} makes the thread really wait that long.
 */
public enum Throttle {
    OFF, RECORD, SLEEP;

    public static Throttle parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    /** Applies a simulated wait; returns the wait to record (0 when off). */
    long apply(long waitNanos) {
        if (this == OFF || waitNanos <= 0) {
            return 0;
        }
        if (this == SLEEP) {
            long deadline = System.nanoTime() + waitNanos;
            for (long left = waitNanos; left > 0 && !Thread.currentThread().isInterrupted();
                 left = deadline - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
        }
        return waitNanos;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
