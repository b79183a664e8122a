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

/** dma_map_phys (include/trace/events/dma.h). */
@Name(EventNames.DMA_MAP)
@Label("Streaming DMA Mapping")
@Description("A buffer was mapped for a transfer with dma_map_page() or dma_map_single(), giving the "
        + "device a bus address for it (tracepoint dma:dma_map_phys).")
@Category({Categories.LINUX_MEMORY, Categories.DMA})
@Enabled(false)
@StackTrace(false)
public final class DmaMap extends Event {
    @Label("Device")
    @Description("The device that does DMA")
    public String device;

    @Label("Physical Address")
    @MemoryAddress
    public long physAddr;

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
