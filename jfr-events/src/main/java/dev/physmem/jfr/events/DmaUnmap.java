package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** dma_unmap_phys (include/trace/events/dma.h). */
@Name(EventNames.DMA_UNMAP)
@Label("Streaming DMA Unmapping")
@Description("A streaming DMA mapping was torn down with dma_unmap_page() or dma_unmap_single() and the "
        + "buffer returned to the CPU (tracepoint dma:dma_unmap_phys).")
@Category({Categories.LINUX_MEMORY, Categories.DMA})
@Enabled(false)
@StackTrace(false)
public final class DmaUnmap extends Event {
    @Label("Device")
    @Description("The device that does DMA")
    public String device;

    @Label("DMA Address")
    @Description("Bus address the device uses")
    @MemoryAddress
    public long dmaAddr;

    @Label("Size")
    @DataAmount
    public long size;

    @Label("Direction")
    @Description("DMA_TO_DEVICE, DMA_FROM_DEVICE, DMA_BIDIRECTIONAL or DMA_NONE")
    public String direction;
}
