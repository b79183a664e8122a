package dev.physmem.model.time;

import java.util.Comparator;

/**
 * One arming of a {@link DelayedWork}: immutable, so a scheduler's queue stays ordered while the work
 * is re-armed or cancelled from other threads. A timer whose work was re-armed since is stale and does
 * not fire ({@link DelayedWork#fire}).
 */
record Timer(long when, long seq, DelayedWork work) {
    /** Due time first, then arming order. */
    static final Comparator<Timer> ORDER = Comparator.comparingLong(Timer::when).thenComparingLong(Timer::seq);
}
