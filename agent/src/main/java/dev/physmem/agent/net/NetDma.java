package dev.physmem.agent.net;

import static dev.physmem.model.dma.DmaDirection.DMA_FROM_DEVICE;
import static dev.physmem.model.dma.DmaDirection.DMA_TO_DEVICE;

import dev.physmem.agent.io.AgentCounters;
import dev.physmem.agent.jfr.JfrBridge;
import dev.physmem.model.Mm;
import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.dma.CoherentBuffer;
import dev.physmem.model.dma.Device;
import dev.physmem.model.dma.DmaMapping;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.page.MemMap;

/**
 * Socket channel traffic through the simulated network card, the way a NIC driver moves it: every byte
 * a SocketChannel sends or receives (and every byte FileChannel.transferTo/From moves between a file
 * and a socket) arrives at {@link #transfer}.
 *
 * <p>Sending copies the data into an skb (pages of up to 64 KiB, the TSO segment), maps it
 * DMA_TO_DEVICE, lets the card read it, and unmaps and frees it at TX completion. Receiving uses a
 * ring of page_pool pages mapped DMA_FROM_DEVICE once: the card writes a page, the driver syncs it for
 * the CPU before copying it out and gives it back to the card with a sync for the device. So socket
 * I/O shows as streaming DMA of eth0 (and, on arm64, as cache maintenance).
 *
 * <p>Each packet also takes one descriptor of a TX or RX ring. The rings are what a driver allocates
 * with dma_alloc_coherent() when the interface comes up (e1000e_setup_tx_resources: 256 descriptors
 * of 16 bytes, one page each): CPU and card both write them while they stay mapped, without a sync,
 * which is what coherent memory is for.
 */
public final class NetDma {
    /** An skb's linear data: a 64 KiB TSO segment is an order-4 block. */
    static final int SKB_ORDER = 4;
    static final long SKB_BYTES = (long) Mm.PAGE_SIZE << SKB_ORDER;
    /** RX ring entries, one page each. */
    static final int RX_RING = 64;
    /** E1000_DEFAULT_TXD / E1000_DEFAULT_RXD descriptors of 16 bytes, struct e1000_tx_desc (drivers/net/ethernet/intel/e1000e/e1000.h, hw.h). */
    static final int RING_DESCRIPTORS = 256;
    static final int DESCRIPTOR_BYTES = 16;

    private final AgentCounters counters;
    private final Machine machine;
    private final DmaMapping dma;
    private final Device nic;
    private final int[] rxPages = new int[RX_RING];
    private final long[] rxHandles = new long[RX_RING];
    private int rxNext;
    private boolean rxReady;
    private CoherentBuffer txRing;
    private CoherentBuffer rxRing;
    private int txSlot;
    private int rxSlot;

    public NetDma(Machine machine, AgentCounters counters) {
        this.machine = machine;
        this.counters = counters;
        this.dma = machine.dma;
        this.nic = dma.netDevice;
    }

    /**
     * {@code bytes} went to ({@code send}) or came from the network; {@code direct} says the application
     * buffer was a direct ByteBuffer (a heap buffer is first copied through a temporary direct one).
     */
    public void transfer(boolean send, long bytes, boolean direct) {
        boolean up = ringsUp();
        if (send) {
            counters.socketSends.increment();
            counters.socketSendBytes.add(bytes);
            if (up) {
                transmit(bytes);
            }
            JfrBridge.socketWrite(bytes, nic.name);
        } else {
            counters.socketReceives.increment();
            counters.socketReceiveBytes.add(bytes);
            if (up) {
                receive(bytes);
            }
            JfrBridge.socketRead(bytes, nic.name);
        }
        if (!up) {
            counters.socketDrops.increment();
        }
    }

    /** dev_queue_xmit() down to the driver: one skb per TSO segment, mapped, read by the card, unmapped. */
    private synchronized void transmit(long bytes) {
        for (long left = bytes; left > 0; left -= SKB_BYTES) {
            long len = Math.min(left, SKB_BYTES);
            int pfn = machine.pageAlloc.allocPages(Gfp.GFP_ATOMIC | Gfp.__GFP_NOWARN, SKB_ORDER);
            if (pfn == MemMap.NONE) {
                counters.socketDrops.increment(); // the kernel drops the packet when it cannot get an skb
                continue;
            }
            long handle = dma.dmaMapPage(nic, pfn, 0, len, DMA_TO_DEVICE);
            if (!dma.dmaMappingError(nic, handle)) {
                txSlot = descriptor(txRing, txSlot, true);
                dma.deviceReads(nic, handle, len);
                dma.dmaUnmapPage(nic, handle, len, DMA_TO_DEVICE);
            }
            machine.pageAlloc.freePages(pfn, SKB_ORDER);
        }
    }

    /** napi_poll() of the RX ring: the card wrote these pages; sync for the CPU, copy out, hand back. */
    private synchronized void receive(long bytes) {
        if (!rxReady && !fillRxRing()) {
            return;
        }
        for (long left = bytes; left > 0; left -= Mm.PAGE_SIZE) {
            long len = Math.min(left, Mm.PAGE_SIZE);
            long handle = rxHandles[rxNext];
            dma.deviceWrites(nic, handle, len);
            rxSlot = descriptor(rxRing, rxSlot, false);
            dma.dmaSyncSingleForCpu(nic, handle, Mm.PAGE_SIZE, DMA_FROM_DEVICE);
            dma.cpuReads(dma.pageAddress(rxPages[rxNext]), len);
            dma.dmaSyncSingleForDevice(nic, handle, Mm.PAGE_SIZE, DMA_FROM_DEVICE);
            rxNext = (rxNext + 1) % RX_RING;
        }
    }

    /**
     * ndo_open(): the TX and RX descriptor rings, coherent for as long as the interface is up (the
     * JVM's life). False when there is no memory for them; the packet is dropped and the next one
     * tries again.
     */
    private synchronized boolean ringsUp() {
        if (txRing == null) {
            txRing = dma.dmaAllocCoherent(nic, RING_DESCRIPTORS * DESCRIPTOR_BYTES, Gfp.GFP_KERNEL);
        }
        if (rxRing == null) {
            rxRing = dma.dmaAllocCoherent(nic, RING_DESCRIPTORS * DESCRIPTOR_BYTES, Gfp.GFP_KERNEL);
        }
        return txRing != null && rxRing != null;
    }

    /**
     * One descriptor of a coherent ring: for TX the CPU fills it and the card fetches it, then writes
     * back its status; for RX the card fills it and the CPU reads it. Returns the next slot.
     */
    private int descriptor(CoherentBuffer ring, int slot, boolean cpuFills) {
        long offset = (long) slot * DESCRIPTOR_BYTES;
        if (cpuFills) {
            dma.cpuWrites(ring.cpuAddr() + offset, DESCRIPTOR_BYTES);
            dma.deviceReads(nic, ring.dmaHandle() + offset, DESCRIPTOR_BYTES);
        }
        dma.deviceWrites(nic, ring.dmaHandle() + offset, DESCRIPTOR_BYTES);
        dma.cpuReads(ring.cpuAddr() + offset, DESCRIPTOR_BYTES);
        return (slot + 1) % RING_DESCRIPTORS;
    }

    /** page_pool: the ring's pages are allocated and mapped once, when the first packet arrives. */
    private boolean fillRxRing() {
        for (int i = 0; i < RX_RING; i++) {
            int pfn = machine.pageAlloc.allocPages(Gfp.GFP_ATOMIC | Gfp.__GFP_NOWARN, 0);
            long handle = pfn == MemMap.NONE ? DmaMapping.DMA_MAPPING_ERROR
                    : dma.dmaMapPage(nic, pfn, 0, Mm.PAGE_SIZE, DMA_FROM_DEVICE);
            if (pfn == MemMap.NONE || dma.dmaMappingError(nic, handle)) {
                for (int j = 0; j < i; j++) {
                    dma.dmaUnmapPage(nic, rxHandles[j], Mm.PAGE_SIZE, DMA_FROM_DEVICE);
                    machine.pageAlloc.freePages(rxPages[j], 0);
                }
                if (pfn != MemMap.NONE) {
                    machine.pageAlloc.freePages(pfn, 0);
                }
                counters.socketDrops.increment();
                return false;
            }
            rxPages[i] = pfn;
            rxHandles[i] = handle;
        }
        rxReady = true;
        return true;
    }
}
