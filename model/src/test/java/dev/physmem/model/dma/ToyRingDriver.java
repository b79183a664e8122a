package dev.physmem.model.dma;

import static dev.physmem.model.dma.DmaDirection.DMA_FROM_DEVICE;
import static dev.physmem.model.dma.DmaDirection.DMA_TO_DEVICE;

import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.machine.Machine;

/**
 * The example driver, written against the simulated DMA API as a kernel driver would be: a
 * ring of 16 descriptors in coherent memory, shared with the device, and 16 receive buffers of 2 KiB
 * mapped once DMA_FROM_DEVICE and handed back and forth with syncs (the page_pool pattern of a NIC).
 * Transmit maps a buffer DMA_TO_DEVICE for one send.
 */
final class ToyRingDriver {
    static final int RING_SIZE = 16;
    static final int DESC_SIZE = 16;
    static final int RX_BUF_SIZE = 2048;

    final Machine m;
    final DmaMapping dma;
    final Device dev;
    CoherentBuffer ring;
    final int[] rxPage = new int[RING_SIZE];
    final long[] rxHandle = new long[RING_SIZE];

    ToyRingDriver(Machine m, boolean dmaCoherent) {
        this.m = m;
        this.dma = m.dma;
        this.dev = dma.deviceAdd(new Device("toy0", "toyring", 32, dmaCoherent));
    }

    /** ndo_open: descriptor ring, then every receive buffer allocated and mapped. */
    void open() {
        ring = dma.dmaAllocCoherent(dev, RING_SIZE * DESC_SIZE, Gfp.GFP_KERNEL);
        for (int i = 0; i < RING_SIZE; i++) {
            rxPage[i] = m.pageAlloc.allocPages(Gfp.GFP_KERNEL, 0);
            rxHandle[i] = dma.dmaMapSingle(dev, dma.pageAddress(rxPage[i]), RX_BUF_SIZE, DMA_FROM_DEVICE);
            if (dma.dmaMappingError(dev, rxHandle[i])) {
                throw new IllegalStateException("rx buffer " + i + " could not be mapped");
            }
        }
    }

    /** The hardware: a packet lands in buffer {@code i}, then its descriptor is written back. */
    void deviceReceives(int i, int len) {
        dma.deviceWrites(dev, rxHandle[i], len);
        dma.deviceWrites(dev, ring.dmaHandle() + (long) i * DESC_SIZE, DESC_SIZE);
    }

    /** NAPI poll of slot {@code i}: read the descriptor, take the buffer for the CPU, read the packet, give it back. */
    void poll(int i, int len, boolean syncForCpu) {
        dma.cpuReads(ring.cpuAddr() + (long) i * DESC_SIZE, DESC_SIZE);
        if (syncForCpu) {
            dma.dmaSyncSingleForCpu(dev, rxHandle[i], len, DMA_FROM_DEVICE);
        }
        dma.cpuReads(dma.pageAddress(rxPage[i]), len);
        dma.dmaSyncSingleForDevice(dev, rxHandle[i], RX_BUF_SIZE, DMA_FROM_DEVICE);
    }

    /** ndo_start_xmit and its completion: fill a buffer, map it, the device sends it, unmap. */
    void transmit(int len) {
        int page = m.pageAlloc.allocPages(Gfp.GFP_KERNEL, 0);
        long buf = dma.pageAddress(page);
        dma.cpuWrites(buf, len);
        long handle = dma.dmaMapSingle(dev, buf, len, DMA_TO_DEVICE);
        if (dma.dmaMappingError(dev, handle)) {
            throw new IllegalStateException("tx buffer could not be mapped");
        }
        dma.deviceReads(dev, handle, len);
        dma.dmaUnmapSingle(dev, handle, len, DMA_TO_DEVICE);
        m.pageAlloc.freePages(page, 0);
    }

    /** ndo_stop and remove: unmap and free every buffer, free the ring, let go of the device. */
    void close() {
        for (int i = 0; i < RING_SIZE; i++) {
            dma.dmaUnmapSingle(dev, rxHandle[i], RX_BUF_SIZE, DMA_FROM_DEVICE);
            m.pageAlloc.freePages(rxPage[i], 0);
        }
        dma.dmaFreeCoherent(dev, RING_SIZE * DESC_SIZE, ring.cpuAddr(), ring.dmaHandle());
        dma.deviceDel(dev);
    }
}
