package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** dma_unmap_sg (include/trace/events/dma.h). */
@Name(EventNames.DMA_UNMAP_SG)
@Label("Scatter-Gather DMA Unmapping")
@Description("A scatter-gather list was unmapped with dma_unmap_sg() (tracepoint dma:dma_unmap_sg).")
@Category({Categories.LINUX_MEMORY, Categories.DMA})
@Enabled(false)
@StackTrace(false)
public final class DmaUnmapSg extends Event {
    @Label("Device")
    @Description("The device that does DMA")
    public String device;

    @Label("Entries")
    public int nents;

    @Label("Direction")
    @Description("DMA_TO_DEVICE, DMA_FROM_DEVICE, DMA_BIDIRECTIONAL or DMA_NONE")
    public String direction;
}
