package dev.physmem.model.dma;

import dev.physmem.model.mmzone.ZoneType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of the DMA figures a report shows: per device, the coherent memory held in each zone and
 * the streaming mappings; the swiotlb pool's use and bounce copies; the cache lines the architecture
 * cleaned and invalidated per direction; the DMA-API errors by kind and the DMA warnings by call site
 * (swiotlb_full, dma_addr_overflow, ...).
 */
public record DmaStats(List<DeviceStats> devices, long liveMappings, long mappingErrors, long swiotlbSlots, long swiotlbUsed,
                       long swiotlbUsedHiwater, long swiotlbFull, long bouncesToDevice, long bytesBouncedToDevice,
                       long bouncesFromDevice, long bytesBouncedFromDevice, long[] cleanLines, long[] invalidateLines,
                       long prepCoherentLines, long zeroedBytes, long errorCount, Map<DmaError, Long> errors,
                       Map<String, Long> warnings) {

    /** One device: name and driver, coherence, coherent bytes by zone index, mappings live, made and bounced. */
    public record DeviceStats(String name, String driver, boolean coherent, long[] coherentBytes, long liveMappings,
                              long mappings, long bouncedMappings, long mappedBytes, long syncs, long cacheLines) {}

    static DmaStats of(DmaMapping dma) {
        List<DeviceStats> devs = new ArrayList<>();
        for (Device d : dma.devices()) {
            long[] bytes = new long[ZoneType.MAX_NR_ZONES];
            for (int z = 0; z < bytes.length; z++) {
                bytes[z] = d.coherentBytes(z);
            }
            devs.add(new DeviceStats(d.name, d.driver, dma.arch.devIsDmaCoherent(d), bytes, d.liveMappings(),
                    d.mappings(), d.bouncedMappings(), d.mappedBytes(), d.syncs(), d.cacheLines()));
        }
        long[] clean = new long[3];
        long[] inval = new long[3];
        for (int dir = 0; dir < 3; dir++) {
            clean[dir] = dma.arch.cleanLines(dir);
            inval[dir] = dma.arch.invalidateLines(dir);
        }
        Map<DmaError, Long> errors = new EnumMap<>(DmaError.class);
        for (DmaError kind : DmaError.values()) {
            if (dma.debug.errors(kind) > 0) {
                errors.put(kind, dma.debug.errors(kind));
            }
        }
        Swiotlb tlb = dma.swiotlb;
        return new DmaStats(List.copyOf(devs), dma.liveMappings(), dma.mappingErrors(), tlb.nslabs(), tlb.used(), tlb.usedHiwater(),
                tlb.bufferFull(), tlb.bounces(true), tlb.bytesBounced(true), tlb.bounces(false),
                tlb.bytesBounced(false), clean, inval, dma.arch.prepCoherentLines(), dma.zeroedBytes(),
                dma.debug.errorCount(), errors, dma.warnings());
    }
}
