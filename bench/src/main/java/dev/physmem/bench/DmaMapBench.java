package dev.physmem.bench;

import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.dma.Device;
import dev.physmem.model.dma.DmaDirection;
import dev.physmem.model.dma.DmaMapping;
import dev.physmem.model.machine.Arch;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.time.VirtualScheduler;
import dev.physmem.model.trace.Tracepoints;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What writeback will pay per folio: dma_map_page + dma_mapping_error + dma_unmap_page of a 4 KiB
 * page-cache folio on the block device (x86: coherent, no cache maintenance; arm64: a device without
 * dma-coherent, one clean and one invalidate pass), and the same through a swiotlb bounce buffer for a
 * 32-bit device on 6 GiB. dma-debug is on, tracepoints off.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class DmaMapBench {
    @Param({"x86_64", "arm64"})
    public String arch;

    private DmaMapping dma;
    private Device disk;
    private Device pci32;
    private int folio;

    @Setup(Level.Trial)
    public void boot() {
        Machine m = Machine.boot(MachineConfig.defaults().withRam(6L << 30).withArch(Arch.parse(arch)),
                new VirtualScheduler(), Tracepoints.NONE);
        m.cpus.bind(0);
        dma = m.dma;
        disk = dma.blockDevice;
        pci32 = dma.deviceAdd(new Device("pci32", "legacy", 32, true));
        folio = m.pageAlloc.folioAlloc(Gfp.GFP_HIGHUSER_MOVABLE, 0);
    }

    /** One map/check/unmap of a page-cache folio for writeback (DMA_TO_DEVICE). */
    @Benchmark
    public long writebackMapUnmap() {
        long h = dma.dmaMapPage(disk, folio, 0, 4096, DmaDirection.DMA_TO_DEVICE);
        dma.dmaMappingError(disk, h);
        dma.dmaUnmapPage(disk, h, 4096, DmaDirection.DMA_TO_DEVICE);
        return h;
    }

    /** The same for a device that cannot reach the folio: slots found, one copy in, slots released. */
    @Benchmark
    public long bouncedMapUnmap() {
        long h = dma.dmaMapPage(pci32, folio, 0, 4096, DmaDirection.DMA_TO_DEVICE);
        dma.dmaMappingError(pci32, h);
        dma.dmaUnmapPage(pci32, h, 4096, DmaDirection.DMA_TO_DEVICE);
        return h;
    }
}
