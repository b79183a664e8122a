package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** dma_free (include/trace/events/dma.h). */
@Name(EventNames.DMA_FREE)
@Label("Coherent DMA Free")
@Description("A driver freed a coherent DMA buffer with dma_free_coherent() (tracepoint dma:dma_free).")
@Category({Categories.LINUX_MEMORY, Categories.DMA})
@StackTrace(false)
public final class DmaFree extends Event {
    @Label("Device")
    @Description("The device that does DMA")
    public String device;

    @Label("CPU Address")
    @Description("Kernel virtual address of the buffer")
    @MemoryAddress
    public long cpuAddr;

    @Label("DMA Address")
    @Description("Bus address the device uses")
    @MemoryAddress
    public long dmaAddr;

    @Label("Size")
    @DataAmount
    public long size;
}
