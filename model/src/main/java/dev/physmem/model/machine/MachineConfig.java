package dev.physmem.model.machine;

import dev.physmem.model.Mm;

/**
 * What a simulated machine is built from. Every value has the default a user gets without options;
 * {@link #validate()} rejects impossible machines with a one-line reason naming the setting.
 *
 * @param ramBytes       installed RAM (64m .. 1t)
 * @param arch           x86_64 or arm64
 * @param nodes          NUMA nodes; RAM is split evenly between them
 * @param cpus           simulated CPUs, spread evenly over the nodes
 * @param hugepages      2 MiB hugetlb pages reserved at boot (hugepages=)
 * @param hugepages1g    1 GiB hugetlb pages carved from memblock at boot (hugepagesz=1G hugepages=)
 * @param thp            transparent_hugepage mode
 * @param diskBandwidth  bytes per second the simulated block device transfers
 * @param diskLatencyNanos per-request latency of the simulated block device
 * @param swapBytes      size of the simulated swap device; 0 means no swap
 * @param strict         throw on kernel bugs (tests) instead of reporting and going on (agent)
 * @param seed           seed for everything the simulator randomises
 */
public record MachineConfig(long ramBytes, Arch arch, int nodes, int cpus, int hugepages, int hugepages1g,
                            ThpMode thp, long diskBandwidth, long diskLatencyNanos, long swapBytes,
                            boolean strict, long seed) {

    public static final long MIN_RAM = 64L << 20;
    public static final long MAX_RAM = 1L << 40;
    public static final int MAX_NODES = 16;
    public static final int MAX_CPUS = 256;

    public static MachineConfig defaults() {
        return new MachineConfig(1L << 30, Arch.X86_64, 1, 2, 0, 0, ThpMode.MADVISE,
                200L << 20, 500_000L, 0, false, 42);
    }

    public MachineConfig withRam(long bytes) {
        return new MachineConfig(bytes, arch, nodes, cpus, hugepages, hugepages1g, thp, diskBandwidth,
                diskLatencyNanos, swapBytes, strict, seed);
    }

    public MachineConfig withArch(Arch a) {
        return new MachineConfig(ramBytes, a, nodes, cpus, hugepages, hugepages1g, thp, diskBandwidth,
                diskLatencyNanos, swapBytes, strict, seed);
    }

    public MachineConfig withNodes(int n) {
        return new MachineConfig(ramBytes, arch, n, cpus, hugepages, hugepages1g, thp, diskBandwidth,
                diskLatencyNanos, swapBytes, strict, seed);
    }

    public MachineConfig withCpus(int n) {
        return new MachineConfig(ramBytes, arch, nodes, n, hugepages, hugepages1g, thp, diskBandwidth,
                diskLatencyNanos, swapBytes, strict, seed);
    }

    public MachineConfig withHugepages(int twoMiB, int oneGiB) {
        return new MachineConfig(ramBytes, arch, nodes, cpus, twoMiB, oneGiB, thp, diskBandwidth,
                diskLatencyNanos, swapBytes, strict, seed);
    }

    public MachineConfig withThp(ThpMode mode) {
        return new MachineConfig(ramBytes, arch, nodes, cpus, hugepages, hugepages1g, mode, diskBandwidth,
                diskLatencyNanos, swapBytes, strict, seed);
    }

    public MachineConfig withDisk(long bandwidth, long latencyNanos) {
        return new MachineConfig(ramBytes, arch, nodes, cpus, hugepages, hugepages1g, thp, bandwidth,
                latencyNanos, swapBytes, strict, seed);
    }

    public MachineConfig withSwap(long bytes) {
        return new MachineConfig(ramBytes, arch, nodes, cpus, hugepages, hugepages1g, thp, diskBandwidth,
                diskLatencyNanos, bytes, strict, seed);
    }

    public MachineConfig withStrict(boolean s) {
        return new MachineConfig(ramBytes, arch, nodes, cpus, hugepages, hugepages1g, thp, diskBandwidth,
                diskLatencyNanos, swapBytes, s, seed);
    }

    public MachineConfig withSeed(long s) {
        return new MachineConfig(ramBytes, arch, nodes, cpus, hugepages, hugepages1g, thp, diskBandwidth,
                diskLatencyNanos, swapBytes, strict, s);
    }

    /** Throws IllegalArgumentException naming the first setting that cannot be booted. */
    public MachineConfig validate() {
        if (ramBytes < MIN_RAM || ramBytes > MAX_RAM) {
            throw new IllegalArgumentException("ram=" + ByteSize.format(ramBytes) + " is out of range (64m .. 1t)");
        }
        if (ramBytes % (2L << 20) != 0) {
            throw new IllegalArgumentException("ram=" + ByteSize.format(ramBytes) + " must be a multiple of 2m");
        }
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("nodes=" + nodes + " is out of range (1 .. " + MAX_NODES + ")");
        }
        if (ramBytes / nodes < MIN_RAM) {
            throw new IllegalArgumentException("nodes=" + nodes + " leaves less than 64m per node with ram="
                    + ByteSize.format(ramBytes));
        }
        if (cpus < nodes || cpus > MAX_CPUS) {
            throw new IllegalArgumentException("cpus=" + cpus + " is out of range (" + nodes + " .. " + MAX_CPUS
                    + "; at least one per node)");
        }
        if (hugepages < 0 || hugepages1g < 0) {
            throw new IllegalArgumentException("hugepages must not be negative");
        }
        long huge = ((long) hugepages << (Mm.HPAGE_PMD_ORDER + Mm.PAGE_SHIFT)) + ((long) hugepages1g << 30);
        if (huge > ramBytes / 2) {
            throw new IllegalArgumentException("hugepages=" + hugepages + " and hugepages_1g=" + hugepages1g
                    + " would take more than half of ram=" + ByteSize.format(ramBytes));
        }
        if (diskBandwidth < 4096) {
            throw new IllegalArgumentException("disk=" + diskBandwidth + " is too slow (at least 4k per second)");
        }
        if (diskLatencyNanos < 0) {
            throw new IllegalArgumentException("disk_latency must not be negative");
        }
        if (swapBytes < 0 || (swapBytes > 0 && swapBytes < (1L << 20))) {
            throw new IllegalArgumentException("swap=" + ByteSize.format(swapBytes) + " is out of range (0 or at least 1m)");
        }
        return this;
    }
}
