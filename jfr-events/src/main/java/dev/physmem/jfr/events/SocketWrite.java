package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** SocketChannel writes as the agent observed them. */
@Name(EventNames.SOCKET_WRITE)
@Label("Socket Write")
@Description("The application sent bytes on a socket from a direct buffer, which the network device reads "
        + "by streaming DMA (send(2)).")
@Category({Categories.LINUX_MEMORY, Categories.WORKLOAD})
@StackTrace(false)
public final class SocketWrite extends WorkloadEvent {
    @Label("Remote Address")
    public String remote;

    @Label("Bytes Written")
    @DataAmount
    public long length;

    @Label("Network Device")
    public String device;
}
