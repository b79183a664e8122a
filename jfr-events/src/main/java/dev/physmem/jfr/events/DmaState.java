package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** The DMA layer at a moment: swiotlb pool use, bounce copies, cache maintenance and errors. */
@Name(EventNames.DMA_STATE)
@Label("DMA State")
@Description("The DMA layer at this moment: the swiotlb pool's slots in use, bounce copies so far, cache lines "
        + "cleaned and invalidated for non-coherent devices, mapping failures and DMA-API errors.")
@Category({Categories.LINUX_MEMORY, Categories.DMA})
@StackTrace(false)
@Period("1 s")
public final class DmaState extends Event {
    @Label("Live Mappings")
    public long liveMappings;

    @Label("Mapping Errors")
    @Description("Mappings that failed (DMA_MAPPING_ERROR)")
    public long mappingErrors;

    @Label("Swiotlb Slots")
    @Description("2 KiB slots in the swiotlb pool")
    public long swiotlbSlots;

    @Label("Swiotlb Slots Used")
    public long swiotlbUsed;

    @Label("Swiotlb High Water")
    @Description("Most slots ever in use at once")
    public long swiotlbUsedHiwater;

    @Label("Swiotlb Full")
    @Description("Mappings refused with \"swiotlb buffer is full\"")
    public long swiotlbFull;

    @Label("Bounces")
    @Description("Bounce copies between a buffer and its swiotlb slot, both directions")
    public long bounces;

    @Label("Bytes Bounced")
    @DataAmount
    public long bytesBounced;

    @Label("Cache Lines Cleaned")
    @Description("arch_sync_dma_for_device(): lines written back before a non-coherent device reads")
    public long cleanLines;

    @Label("Cache Lines Invalidated")
    @Description("arch_sync_dma_for_cpu(): lines discarded before the CPU reads what a device wrote")
    public long invalidateLines;

    @Label("DMA-API Errors")
    @Description("Misuse caught by the DMA-API debug checks")
    public long errors;
}
