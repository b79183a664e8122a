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

/** swiotlb_bounced (include/trace/events/swiotlb.h). */
@Name(EventNames.SWIOTLB_BOUNCE)
@Label("SWIOTLB Bounce")
@Description("A device could not reach a buffer at its physical address, so the data went through the "
        + "swiotlb bounce buffer (tracepoint swiotlb:swiotlb_bounced).")
@Category({Categories.LINUX_MEMORY, Categories.DMA})
@Enabled(false)
@StackTrace(false)
public final class SwiotlbBounce extends Event {
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
}
