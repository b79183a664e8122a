package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** err_printk() (kernel/dma/debug.c). */
@Name(EventNames.DMA_DEBUG_ERROR)
@Label("DMA-API Error")
@Description("The DMA-API debug checks caught a driver misusing the DMA API, such as freeing memory it "
        + "never allocated (err_printk in kernel/dma/debug.c).")
@Category({Categories.LINUX_MEMORY, Categories.DMA})
@StackTrace(true)
public final class DmaDebugError extends Event {
    @Label("Device")
    @Description("The device that does DMA")
    public String device;

    @Label("Message")
    @Description("The kernel's \"DMA-API: ...\" message")
    public String message;
}
