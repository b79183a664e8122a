package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** One DMA device's use of memory at a moment: coherent buffers held and streaming mappings made. */
@Name(EventNames.DMA_DEVICE)
@Label("DMA Device")
@Description("A device's DMA at this moment: coherent memory it holds (dma_alloc_coherent), streaming mappings "
        + "live and made so far (dma_map_*), and how many of them bounced through swiotlb.")
@Category({Categories.LINUX_MEMORY, Categories.DMA})
@StackTrace(false)
@Period("1 s")
public final class DmaDevice extends Event {
    @Label("Device")
    @Description("dev_name() of the device")
    public String device;

    @Label("Driver")
    public String driver;

    @Label("Cache Coherent")
    @Description("dev_is_dma_coherent(): no cache maintenance is needed for this device")
    public boolean coherent;

    @Label("Coherent Memory")
    @Description("Memory held by the device's dma_alloc_coherent() buffers, all zones")
    @DataAmount
    public long coherentBytes;

    @Label("Live Mappings")
    @Description("Streaming mappings not yet unmapped")
    public long liveMappings;

    @Label("Mappings")
    @Description("Streaming mappings made since boot")
    public long mappings;

    @Label("Bounced Mappings")
    @Description("Mappings that went through the swiotlb bounce buffer")
    public long bouncedMappings;

    @Label("Mapped Bytes")
    @Description("Bytes of the streaming mappings made since boot")
    @DataAmount
    public long mappedBytes;

    @Label("Syncs")
    @Description("dma_sync_*() calls since boot")
    public long syncs;

    @Label("Cache Lines")
    @Description("Cache lines cleaned or invalidated for this device since boot (0 for a dma-coherent device)")
    public long cacheLines;
}
