package dev.physmem.agent.net;

import dev.physmem.agent.io.AgentCounters;
import dev.physmem.agent.jfr.JfrBridge;
import dev.physmem.model.machine.Machine;

/**
 * Socket channel traffic and the simulated network device. Every byte a SocketChannel sends or
 * receives, and every byte FileChannel.transferTo/From moves between a file and a socket, arrives at
 * {@link #transfer}: the one place where socket I/O meets the DMA API.
 *
 * <p>MERGE POINT (DMA): when the model's dma package lands, {@link #transfer} maps the buffer for the
 * simulated NIC with a streaming mapping (dma_map_single, DMA_TO_DEVICE for a send, DMA_FROM_DEVICE for
 * a receive; bounced through swiotlb when the device cannot reach it) and unmaps it when the transfer
 * completes. Until then it counts and records the transfer.
 */
public final class NetDma {
    private final AgentCounters counters;

    public NetDma(Machine machine, AgentCounters counters) {
        this.counters = counters;
    }

    /**
     * {@code bytes} went to ({@code send}) or came from the network; {@code direct} says the application
     * buffer was a direct ByteBuffer (false for a heap buffer, which the JDK copies through a temporary
     * direct one, and for sendfile from the page cache).
     */
    public void transfer(boolean send, long bytes, boolean direct) {
        if (send) {
            counters.socketSends.increment();
            counters.socketSendBytes.add(bytes);
            JfrBridge.socketWrite(bytes, direct);
        } else {
            counters.socketReceives.increment();
            counters.socketReceiveBytes.add(bytes);
            JfrBridge.socketRead(bytes, direct);
        }
    }
}
