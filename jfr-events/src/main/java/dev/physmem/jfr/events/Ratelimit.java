package dev.physmem.jfr.events;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.SettingControl;

/**
 * The {@code ratelimit} setting: at most N events of a type per interval, as the kernel's
 * {@code ___ratelimit()} (lib/ratelimit.c) lets a burst of messages through per interval and
 * suppresses the rest. Values are {@code off} or {@code N/unit} with a unit of {@code ns us ms s m h d}
 * ({@code 100/s}), the syntax of JDK 25's {@code throttle} setting, which user events cannot have when
 * compiled for JDK 17; this one works on 17 and 25 alike.
 *
 * <p>JFR evaluates a setting on every {@code shouldCommit()} and again in {@code commit()}, so a
 * rate-limited event must be committed without calling {@code shouldCommit()} first.
 */
public final class Ratelimit extends SettingControl {
    static final String OFF = "off";

    private volatile String value = OFF;
    private volatile long burst = -1;
    private volatile long intervalNanos;
    private final AtomicLong begin = new AtomicLong();
    private final AtomicInteger printed = new AtomicInteger();

    /** The most permissive value of all running recordings: {@code off} beats any limit. */
    @Override
    public String combine(Set<String> values) {
        String best = null;
        double bestRate = -1;
        for (String v : values) {
            double rate = ratePerSecond(v);
            if (rate > bestRate) {
                best = v;
                bestRate = rate;
            }
        }
        return best == null ? OFF : best;
    }

    @Override
    public void setValue(String v) {
        long[] parsed = parse(v);
        if (parsed == null) {
            value = OFF;
            burst = -1;
        } else {
            intervalNanos = parsed[1];
            burst = parsed[0];
            value = v;
        }
        begin.set(System.nanoTime());
        printed.set(0);
    }

    @Override
    public String getValue() {
        return value;
    }

    /** ___ratelimit(): true while the current interval's burst lasts. */
    boolean allow() {
        long b = burst;
        if (b < 0) {
            return true;
        }
        long now = System.nanoTime();
        long start = begin.get();
        if (now - start >= intervalNanos && begin.compareAndSet(start, now)) {
            printed.set(0);
        }
        return printed.incrementAndGet() <= b;
    }

    /** {N, interval in ns}, or null for "off" and anything unreadable (JFR never rejects a setting). */
    static long[] parse(String v) {
        if (v == null) {
            return null;
        }
        int slash = v.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        try {
            long n = Long.parseLong(v.substring(0, slash).trim());
            long unit = unitNanos(v.substring(slash + 1).trim());
            return n < 0 || unit <= 0 ? null : new long[] {n, unit};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long unitNanos(String unit) {
        switch (unit) {
            case "ns": return 1L;
            case "us": return 1_000L;
            case "ms": return 1_000_000L;
            case "s": return 1_000_000_000L;
            case "m": return 60_000_000_000L;
            case "h": return 3_600_000_000_000L;
            case "d": return 86_400_000_000_000L;
            default: return -1;
        }
    }

    private static double ratePerSecond(String v) {
        long[] p = parse(v);
        return p == null ? Double.MAX_VALUE : p[0] * 1e9 / p[1];
    }
}
