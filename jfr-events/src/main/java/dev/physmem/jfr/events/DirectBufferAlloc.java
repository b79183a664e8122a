package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** ByteBuffer.allocateDirect() as the agent observed it. */
@Name(EventNames.DIRECT_BUFFER_ALLOC)
@Label("Direct Buffer Allocation")
@Description("The application allocated a direct ByteBuffer, which the simulated kernel backs with "
        + "anonymous pages (mmap(2) with MAP_ANONYMOUS).")
@Category({Categories.LINUX_MEMORY, Categories.WORKLOAD})
@StackTrace(false)
public final class DirectBufferAlloc extends WorkloadEvent {
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
