package dev.physmem.model.dma;

/**
 * What {@code dma_alloc_coherent()} hands back: the CPU's address of the buffer (the return value)
 * and the bus address the device uses ({@code *dma_handle}). {@code size} is the size asked for;
 * {@code dma_free_coherent()} must be given the same one.
 */
public record CoherentBuffer(long cpuAddr, long dmaHandle, long size) {}
