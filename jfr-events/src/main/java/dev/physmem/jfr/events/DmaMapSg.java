package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** dma_map_sg (include/trace/events/dma.h). */
@Name(EventNames.DMA_MAP_SG)
@Label("Scatter-Gather DMA Mapping")
@Description("A scatter-gather list was mapped with dma_map_sg(), possibly merging entries into fewer bus "
        + "segments (tracepoint dma:dma_map_sg).")
@Category({Categories.LINUX_MEMORY, Categories.DMA})
@Enabled(false)
@StackTrace(false)
public final class DmaMapSg extends Event {
    @Label("Device")
    @Description("The device that does DMA")
    public String device;

    @Label("Entries")
    public int nents;

    @Label("Mapped Segments")
    public int mappedEnts;

    @Label("Size")
    @DataAmount
    public long size;

    @Label("Direction")
    @Description("DMA_TO_DEVICE, DMA_FROM_DEVICE, DMA_BIDIRECTIONAL or DMA_NONE")
    public String direction;
}
