package dev.physmem.model.lib;

/** lib/math/int_sqrt.c: the integer square root the watermark and LRU-ratio formulas use. */
public final class IntSqrt {
    private IntSqrt() {}

    /** int_sqrt(x): the largest r with r * r &lt;= x. */
    public static long intSqrt(long x) {
        long r = (long) Math.sqrt((double) x);
        while (r * r > x) {
            r--;
        }
        while ((r + 1) * (r + 1) <= x) {
            r++;
        }
        return r;
    }
}
