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

/** dma_sync_single_for_cpu / dma_sync_single_for_device (include/trace/events/dma.h). */
@Name(EventNames.DMA_SYNC)
@Label("DMA Sync")
@Description("Ownership of a streaming DMA buffer passed between the CPU and the device, with the cache "
        + "maintenance a non-coherent machine needs (tracepoints dma:dma_sync_single_for_cpu and "
        + "_for_device).")
@Category({Categories.LINUX_MEMORY, Categories.DMA})
@Enabled(false)
@StackTrace(false)
public final class DmaSync extends Event {
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

    @Label("Synced For")
    @Description("cpu or device: who owns the buffer afterwards")
    public String syncFor;

    @Label("Cache Lines")
    @Description("Cache lines cleaned or invalidated; 0 on a coherent machine")
    public long cacheLines;
}
