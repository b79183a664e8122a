package dev.physmem.model.dma;

import dev.physmem.model.trace.Tracepoints;
import java.util.ArrayList;
import java.util.List;

/** Records the DMA tracepoints a test looks at, one line per event. */
final class DmaTraceLog implements Tracepoints {
    final List<String> errors = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final List<String> events = new ArrayList<>();

    @Override
    public void dmaDebugError(String dev, String message) {
        errors.add(message);
    }

    @Override
    public void dmaWarn(String dev, String message) {
        warnings.add(message);
    }

    @Override
    public void dmaAlloc(String dev, long cpuAddr, long dmaAddr, long size, int gfp) {
        events.add(String.format("dma_alloc %s dma_addr=%x size=%d", dev, dmaAddr, size));
    }

    @Override
    public void dmaFree(String dev, long cpuAddr, long dmaAddr, long size) {
        events.add(String.format("dma_free %s dma_addr=%x size=%d", dev, dmaAddr, size));
    }

    @Override
    public void dmaMapPhys(String dev, long physAddr, long dmaAddr, long size, int dir) {
        events.add(String.format("dma_map_phys %s dir=%d dma_addr=%x size=%d phys_addr=%x", dev, dir, dmaAddr, size,
                physAddr));
    }

    @Override
    public void dmaUnmapPhys(String dev, long dmaAddr, long size, int dir) {
        events.add(String.format("dma_unmap_phys %s dir=%d dma_addr=%x size=%d", dev, dir, dmaAddr, size));
    }

    @Override
    public void dmaMapSg(String dev, int nents, int mappedEnts, long totalSize, int dir) {
        events.add(String.format("dma_map_sg %s nents=%d ents=%d size=%d dir=%d", dev, nents, mappedEnts, totalSize, dir));
    }

    @Override
    public void dmaUnmapSg(String dev, int nents, int dir) {
        events.add(String.format("dma_unmap_sg %s nents=%d dir=%d", dev, nents, dir));
    }

    @Override
    public void dmaSyncSingleForCpu(String dev, long dmaAddr, long size, int dir, long cacheLines) {
        events.add(String.format("dma_sync_single_for_cpu %s dma_addr=%x size=%d dir=%d lines=%d", dev, dmaAddr, size,
                dir, cacheLines));
    }

    @Override
    public void dmaSyncSingleForDevice(String dev, long dmaAddr, long size, int dir, long cacheLines) {
        events.add(String.format("dma_sync_single_for_device %s dma_addr=%x size=%d dir=%d lines=%d", dev, dmaAddr,
                size, dir, cacheLines));
    }

    @Override
    public void swiotlbBounced(String dev, long dmaAddr, long size) {
        events.add(String.format("swiotlb_bounced %s dev_addr=%x size=%d", dev, dmaAddr, size));
    }

    @Override
    public void mmPageAlloc(int pfn, int order, int gfp, int migratetype) {
        events.add(String.format("mm_page_alloc pfn=%x order=%d", pfn, order));
    }

    @Override
    public void mmPageFree(int pfn, int order) {
        events.add(String.format("mm_page_free pfn=%x order=%d", pfn, order));
    }

    long count(String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix + " ")).count();
    }
}
