package dev.physmem.model.dma;

import static dev.physmem.model.dma.DmaDirection.DMA_FROM_DEVICE;
import static dev.physmem.model.dma.DmaDirection.DMA_TO_DEVICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.model.Mm;
import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.machine.Arch;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.testing.MemoryInvariants;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A well-behaved driver doing random DMA on a coherent device, a non-coherent one (arm64) and a
 * 24-bit one that bounces everything through a small swiotlb pool: no DMA-API report is ever made,
 * swiotlb's used count always equals the slots live mappings hold, and after teardown every page,
 * slot, reference and dma-debug entry is back where it started.
 */
class DmaPropertyTest {

    /** One step: kind (0 alloc coherent, 1 map page, 2 map sg, 3 exchange data, 4 release), and parameters. */
    record Step(int kind, int device, int order, int offset, int size, int dir, int victim) {}

    @Provide
    Arbitrary<List<Step>> stepLists() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, 4095), Arbitraries.integers().between(1, 65536),
                Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 1_000_000))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(120);
    }

    /** A live allocation or mapping and how to undo it. */
    private record Held(int kind, Device dev, int folio, long cpuAddr, long handle, long size, int dir,
                        Scatterlist sg, int slots) {}

    @Property(tries = 30)
    void aCorrectDriverIsNeverReportedAndLeavesNothingBehind(@ForAll boolean arm64,
                                                             @ForAll("stepLists") List<Step> steps) {
        Machine m = DmaMachines.strict("256m", arm64 ? Arch.ARM64 : Arch.X86_64);
        DmaMapping dma = m.dma;
        Swiotlb tlb = dma.swiotlb;
        if (!tlb.isSwiotlbActive()) {
            assertThat(tlb.swiotlbInitLate(2 << 20, Gfp.GFP_KERNEL | Gfp.GFP_DMA)).isZero();
        }
        Device[] devs = {
            dma.deviceAdd(new Device("coh0", "prop", 64, true)),
            dma.deviceAdd(new Device("nc0", "prop", 64, false)),
            dma.deviceAdd(new Device("isa0", "prop", arm64 ? 32 : 24, true)),
        };
        long free = DmaMachines.freePages(m);
        List<Held> live = new ArrayList<>();
        for (Step s : steps) {
            Device dev = devs[s.device()];
            switch (s.kind()) {
                case 0 -> {
                    CoherentBuffer b = dma.dmaAllocCoherent(dev, s.size(), Gfp.GFP_KERNEL);
                    if (b != null) {
                        live.add(new Held(0, dev, MemMap.NONE, b.cpuAddr(), b.dmaHandle(), b.size(), 0, null, 0));
                    }
                }
                case 1 -> {
                    int folio = m.pageAlloc.folioAlloc(Gfp.GFP_KERNEL, s.order());
                    long size = Math.min(s.size(), (Mm.PAGE_SIZE << s.order()) - s.offset());
                    if (dev == devs[2] && !arm64) {
                        size = Math.min(size, 256 << 10);
                    }
                    long h = dma.dmaMapPage(dev, folio, s.offset(), size, s.dir());
                    if (dma.dmaMappingError(dev, h)) {
                        m.folios.folioPut(folio);
                    } else {
                        live.add(new Held(1, dev, folio, dma.pageAddress(folio) + s.offset(), h, size, s.dir(), null,
                                slots(tlb, h, size)));
                    }
                }
                case 2 -> {
                    int n = 1 + s.order();
                    Scatterlist sg = new Scatterlist(n);
                    for (int i = 0; i < n; i++) {
                        sg.setPage(i, m.pageAlloc.folioAlloc(Gfp.GFP_KERNEL, 0), 1 + (s.size() + i * 997) % 4096, 0);
                    }
                    if (dma.dmaMapSg(dev, sg, n, s.dir()) == 0) {
                        for (int i = 0; i < n; i++) {
                            m.folios.folioPut(sg.page(i));
                        }
                    } else {
                        int slots = 0;
                        for (int i = 0; i < n; i++) {
                            slots += slots(tlb, sg.dmaAddress(i), sg.dmaLen(i));
                        }
                        live.add(new Held(2, dev, MemMap.NONE, 0, 0, 0, s.dir(), sg, slots));
                    }
                }
                case 3 -> {
                    if (!live.isEmpty()) {
                        exchange(dma, live.get(s.victim() % live.size()));
                    }
                }
                default -> {
                    if (!live.isEmpty()) {
                        release(m, live.remove(s.victim() % live.size()));
                    }
                }
            }
            assertThat(tlb.used()).isEqualTo(live.stream().mapToLong(Held::slots).sum());
        }
        assertThat(dma.debug.errorCount()).isZero();
        while (!live.isEmpty()) {
            release(m, live.remove(live.size() - 1));
        }
        assertThat(tlb.used()).isZero();
        assertThat(dma.debug.liveEntries()).isZero();
        assertThat(dma.debug.activeCachelines()).isZero();
        assertThat(dma.liveMappings()).isZero();
        assertThat(DmaMachines.freePages(m)).isEqualTo(free);
        MemoryInvariants.check(m);
        // Every slot is free again: the pool takes nslabs one-slot bounces (a small receive buffer of a
        // non-coherent arm64 device, a 24-bit device's buffer on x86), and on x86 a maximal mapping in
        // every segment, which needs the free-run counts merged back whole.
        Device bouncer = arm64 ? devs[1] : devs[2];
        int block = m.pageAlloc.allocPages(Gfp.GFP_KERNEL | Gfp.GFP_DMA32, 6);
        List<Long> handles = new ArrayList<>();
        for (int i = 0; i < tlb.nslabs(); i++) {
            long h = dma.dmaMapPage(bouncer, block + i / 64, (i % 64) * 64, 64, DMA_FROM_DEVICE);
            assertThat(dma.dmaMappingError(bouncer, h)).isFalse();
            handles.add(h);
        }
        assertThat(tlb.used()).isEqualTo(tlb.nslabs());
        for (long h : handles) {
            dma.dmaUnmapPage(bouncer, h, 64, DMA_FROM_DEVICE);
        }
        handles.clear();
        if (!arm64) {
            for (int i = 0; i < tlb.nslabs() / Swiotlb.IO_TLB_SEGSIZE; i++) {
                long h = dma.dmaMapPage(bouncer, block, 0, 256 << 10, DMA_TO_DEVICE);
                assertThat(dma.dmaMappingError(bouncer, h)).isFalse();
                handles.add(h);
            }
            for (long h : handles) {
                dma.dmaUnmapPage(bouncer, h, 256 << 10, DMA_TO_DEVICE);
            }
        }
        assertThat(tlb.used()).isZero();
        assertThat(dma.debug.errorCount()).isZero();
        m.pageAlloc.freePages(block, 6);
    }

    private static int slots(Swiotlb tlb, long handle, long size) {
        return tlb.isSwiotlbBuffer(handle) ? (int) ((size + Swiotlb.IO_TLB_SIZE - 1) / Swiotlb.IO_TLB_SIZE) : 0;
    }

    /** One round of data through a mapping, with the syncs its direction calls for. */
    private static void exchange(DmaMapping dma, Held h) {
        if (h.kind() != 1) {
            return;
        }
        if (h.dir() == DMA_TO_DEVICE) {
            dma.cpuWrites(h.cpuAddr(), h.size());
            dma.dmaSyncSingleForDevice(h.dev(), h.handle(), h.size(), h.dir());
            dma.deviceReads(h.dev(), h.handle(), h.size());
            return;
        }
        dma.deviceWrites(h.dev(), h.handle(), h.size());
        dma.dmaSyncSingleForCpu(h.dev(), h.handle(), h.size(), h.dir());
        dma.cpuReads(h.cpuAddr(), h.size());
        if (h.dir() == DMA_FROM_DEVICE) {
            dma.dmaSyncSingleForDevice(h.dev(), h.handle(), h.size(), h.dir());
            return;
        }
        dma.cpuWrites(h.cpuAddr(), h.size());
        dma.dmaSyncSingleForDevice(h.dev(), h.handle(), h.size(), h.dir());
        dma.deviceReads(h.dev(), h.handle(), h.size());
    }

    private static void release(Machine m, Held h) {
        DmaMapping dma = m.dma;
        switch (h.kind()) {
            case 0 -> dma.dmaFreeCoherent(h.dev(), h.size(), h.cpuAddr(), h.handle());
            case 1 -> {
                dma.dmaUnmapPage(h.dev(), h.handle(), h.size(), h.dir());
                m.folios.folioPut(h.folio());
            }
            default -> {
                dma.dmaUnmapSg(h.dev(), h.sg(), h.sg().nents(), h.dir());
                for (int i = 0; i < h.sg().nents(); i++) {
                    m.folios.folioPut(h.sg().page(i));
                }
            }
        }
    }
}
