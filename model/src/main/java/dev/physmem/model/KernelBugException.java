package dev.physmem.model;

/**
 * A kernel bug the simulator detected (bad page state, refcount underflow, DMA-API misuse), thrown in
 * strict mode. The message is the kernel's report, line for line.
 */
public final class KernelBugException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KernelBugException(String report) {
        super(report);
    }
}
