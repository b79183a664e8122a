package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** dma_alloc (include/trace/events/dma.h). */
@Name(EventNames.DMA_ALLOC)
@Label("Coherent DMA Allocation")
@Description("A driver allocated a coherent DMA buffer with dma_alloc_coherent(), memory that the CPU and "
        + "the device see alike (tracepoint dma:dma_alloc).")
@Category({Categories.LINUX_MEMORY, Categories.DMA})
@StackTrace(false)
public final class DmaAlloc extends Event {
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

    @Label("GFP Flags")
    @Description("The allocation flags as the kernel prints them (%pGg)")
    public String gfpFlags;

    @Label("GFP Mask")
    @Description("The allocation flags as a number")
    public int gfp;
}
