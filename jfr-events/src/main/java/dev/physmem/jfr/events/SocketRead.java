package dev.physmem.jfr.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** SocketChannel reads as the agent observed them. */
@Name(EventNames.SOCKET_READ)
@Label("Socket Read")
@Description("The application received bytes on a socket into a direct buffer, which the network device "
        + "fills by streaming DMA (recv(2)).")
@Category({Categories.LINUX_MEMORY, Categories.WORKLOAD})
@StackTrace(false)
public final class SocketRead extends WorkloadEvent {
    @Label("Remote Address")
    public String remote;

    @Label("Bytes Read")
    @DataAmount
    public long length;

    @Label("Network Device")
    public String device;
}
