package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A direct buffer's cleaner running. */
@Name(EventNames.DIRECT_BUFFER_FREE)
@Label("Direct Buffer Free")
@Description("A direct ByteBuffer's memory was released, so its anonymous pages were freed (munmap(2)).")
@Category({Categories.LINUX_MEMORY, Categories.WORKLOAD})
@StackTrace(false)
public final class DirectBufferFree extends WorkloadEvent {
    @Label("Address")
    @Description("Native address of the buffer")
    @MemoryAddress
    public long address;

    @Label("Capacity")
    @DataAmount
    public long capacity;

    @Label("Mapping ID")
    public long mapping;
}
