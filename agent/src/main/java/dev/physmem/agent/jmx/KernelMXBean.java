package dev.physmem.agent.jmx;

import java.util.List;

/** {@code dev.physmem:type=Kernel}: what a root shell on the simulated machine could do and read. */
public interface KernelMXBean {
    /** uname -r of the simulated kernel. */
    String getRelease();

    /** dmesg of the boot. */
    List<String> getBootLog();

    /** sync(2): write back every dirty page; returns the simulated nanoseconds until writeback completes. */
    long sync();

    /** echo MODE &gt; /proc/sys/vm/drop_caches: 1 page cache, 2 slab, 3 both. */
    void dropCaches(int mode);

    /** echo 1 &gt; /proc/sys/vm/compact_memory. */
    void compactMemory();

    /** The text of /proc/FILE: meminfo, vmstat, buddyinfo, zoneinfo, pagetypeinfo, or page-types (tools/mm). */
    String proc(String file);
}
