package dev.physmem.model.dma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.model.Mm;
import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.machine.Arch;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.mmzone.Zone;
import dev.physmem.model.mmzone.ZoneType;
import dev.physmem.model.page.MemMap;
import dev.physmem.model.page.PageFlags;
import dev.physmem.model.testing.MemoryInvariants;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** dma_alloc_coherent() / dma_free_coherent() over dma-direct. */
class DmaCoherentTest {

    private static int zoneOf(Machine m, CoherentBuffer buf) {
        return m.memMap.zoneIdx((int) (buf.dmaHandle() >>> Mm.PAGE_SHIFT));
    }

    /**
     * dma_direct_optimal_gfp_mask() on x86_64 (zone_dma_limit = DMA_BIT_MASK(24)): a 24-bit mask asks
     * GFP_DMA, a 32-bit one GFP_DMA32, a 64-bit one no zone, which on 6 GiB means Normal (the zonelist
     * starts at the highest zone). On 1 GiB there is no Normal zone and the 64-bit device gets DMA32.
     */
    @ParameterizedTest
    @CsvSource({"6g,24,DMA", "6g,32,DMA32", "6g,64,Normal", "1g,64,DMA32", "1g,30,DMA32"})
    void x86ChoosesTheZoneTheCoherentMaskReaches(String ram, int bits, String zone) {
        Machine m = DmaMachines.strict(ram, Arch.X86_64);
        Device dev = m.dma.deviceAdd(new Device("dev" + bits, "maskdrv", bits, true));
        CoherentBuffer buf = m.dma.dmaAllocCoherent(dev, 4096, Gfp.GFP_KERNEL);
        assertThat(ZoneType.name(zoneOf(m, buf))).isEqualTo(zone);
        assertThat(Long.compareUnsigned(buf.dmaHandle() + 4095, DmaMapping.dmaBitMask(bits))).isLessThanOrEqualTo(0);
        m.dma.dmaFreeCoherent(dev, 4096, buf.cpuAddr(), buf.dmaHandle());
        MemoryInvariants.check(m);
    }

    /**
     * arm64 (zone_dma_limit = U32_MAX, RAM from 1 GiB): a 32-bit mask is GFP_DMA and ZONE_DMA holds
     * all RAM below 4 GiB; a 64-bit mask gets Normal. A 24-bit mask is refused by dma_set_coherent_mask()
     * (dma_direct_supported: below min(max RAM, zone_dma_limit)); a driver that writes it into the
     * device anyway gets NULL: GFP_DMA returns pages above 1 GiB, they are freed, and with GFP_DMA
     * already set there is no lower zone to retry.
     */
    @Test
    void arm64ServesDmaFrom4GiBDownAndCannotReach24Bits() {
        DmaTraceLog log = new DmaTraceLog();
        Machine m = DmaMachines.strict("6g", Arch.ARM64, log);
        Device dev32 = m.dma.deviceAdd(new Device("a32", "maskdrv", 32, false));
        Device dev64 = m.dma.deviceAdd(new Device("a64", "maskdrv", 64, false));
        assertThat(ZoneType.name(zoneOf(m, m.dma.dmaAllocCoherent(dev32, 4096, Gfp.GFP_KERNEL)))).isEqualTo("DMA");
        assertThat(ZoneType.name(zoneOf(m, m.dma.dmaAllocCoherent(dev64, 4096, Gfp.GFP_KERNEL)))).isEqualTo("Normal");

        Device isa = m.dma.deviceAdd(new Device("isa0", "floppy", 32, false));
        assertThat(m.dma.dmaSetCoherentMask(isa, DmaMapping.dmaBitMask(24))).isEqualTo(DmaMapping.EIO);
        assertThat(isa.coherentDmaMask()).isEqualTo(DmaMapping.dmaBitMask(32));
        isa.setMasksUnchecked(DmaMapping.dmaBitMask(24), DmaMapping.dmaBitMask(24));
        log.events.clear();
        assertThat(m.dma.dmaAllocCoherent(isa, 4096, Gfp.GFP_KERNEL)).isNull();
        assertThat(log.count("mm_page_alloc")).isEqualTo(1);
        assertThat(log.count("mm_page_free")).isEqualTo(1);
        assertThat(log.events.get(0)).matches("mm_page_alloc pfn=[0-9a-f]+ order=0");
        int tried = Integer.parseInt(log.events.get(0).split("[= ]")[2], 16);
        assertThat(m.memMap.zoneIdx(tried)).isEqualTo(ZoneType.ZONE_DMA);
        assertThat(log.events).contains("dma_alloc isa0 dma_addr=0 size=4096");
    }

    /**
     * The retry of __dma_direct_alloc_pages(): a 30-bit mask is above zone_dma_limit, so the first try
     * is GFP_DMA32. Once DMA32's 4 MiB blocks below 1 GiB are taken, that try returns a block above
     * 1 GiB (the one freed last, at the head of its free list); dma_coherent_ok() rejects it, it is
     * freed, and the retry asks GFP_DMA, whose blocks all lie below 16 MiB.
     */
    @Test
    void aMaskBetweenTheZonesRetriesOneZoneLower() {
        DmaTraceLog log = new DmaTraceLog();
        Machine m = DmaMachines.strict("4g", Arch.X86_64, log);
        Device dev = m.dma.deviceAdd(new Device("b30", "bcm", 30, true));
        long free = DmaMachines.freePages(m);
        List<Integer> low = new ArrayList<>();
        int pfn;
        while ((pfn = m.pageAlloc.allocPages(Gfp.GFP_KERNEL | Gfp.GFP_DMA32, 10)) != MemMap.NONE
                && DmaDirect.dmaCoherentOk(dev, Mm.pfnToPhys(pfn), 4 << 20)) {
            low.add(pfn);
        }
        int high = pfn;
        assertThat(m.memMap.zoneIdx(high)).isEqualTo(ZoneType.ZONE_DMA32);
        m.pageAlloc.freePages(high, 10);
        log.events.clear();

        CoherentBuffer buf = m.dma.dmaAllocCoherent(dev, 4 << 20, Gfp.GFP_KERNEL);
        assertThat(log.events.subList(0, 3)).containsExactly(
                String.format("mm_page_alloc pfn=%x order=10", high),
                String.format("mm_page_free pfn=%x order=10", high),
                String.format("mm_page_alloc pfn=%x order=10", buf.dmaHandle() >>> Mm.PAGE_SHIFT));
        assertThat(zoneOf(m, buf)).isEqualTo(ZoneType.ZONE_DMA);

        m.dma.dmaFreeCoherent(dev, 4 << 20, buf.cpuAddr(), buf.dmaHandle());
        for (int p : low) {
            m.pageAlloc.freePages(p, 10);
        }
        assertThat(DmaMachines.freePages(m)).isEqualTo(free);
        MemoryInvariants.check(m);
    }

    /**
     * 12 KiB is PAGE_ALIGNed to 12 KiB and allocated as get_order() = order 2: four physically
     * contiguous pages, naturally aligned to 16 KiB (the buddy allocator's guarantee, which the DMA API
     * documents for dma_alloc_coherent), not compound, with the allocation reference on the first
     * page. Only the 12 KiB asked for are zeroed. 20000 bytes become 20480 and order 3.
     */
    @Test
    void buffersAreContiguousAlignedZeroedAndReferenced() {
        Machine m = DmaMachines.strict("1g", Arch.X86_64);
        Device dev = m.dma.deviceAdd(new Device("c0", "contig", 32, true));
        long free = DmaMachines.freePages(m);
        CoherentBuffer a = m.dma.dmaAllocCoherent(dev, 12 << 10, Gfp.GFP_KERNEL);
        CoherentBuffer b = m.dma.dmaAllocCoherent(dev, 20000, Gfp.GFP_KERNEL);
        int pfn = (int) (a.dmaHandle() >>> Mm.PAGE_SHIFT);
        assertThat(a.dmaHandle() % (16 << 10)).isZero();
        assertThat(b.dmaHandle() % (32 << 10)).isZero();
        assertThat(a.cpuAddr()).isEqualTo(LinearMap.X86_64_PAGE_OFFSET + a.dmaHandle());
        assertThat(m.memMap.order(pfn)).isEqualTo(2);
        assertThat(m.memMap.refcount(pfn)).isEqualTo(1);
        for (int i = 0; i < 4; i++) {
            assertThat(m.memMap.isBuddy(pfn + i)).isFalse();
            assertThat(m.memMap.test(pfn + i, PageFlags.PG_head)).isFalse();
            assertThat(m.memMap.test(pfn + i, PageFlags.PG_tail)).isFalse();
        }
        assertThat(m.memMap.refcount(pfn + 1)).isZero();
        assertThat(m.dma.zeroedBytes()).isEqualTo((12 << 10) + 20480);
        assertThat(dev.coherentBytes(ZoneType.ZONE_DMA32)).isEqualTo((16 << 10) + (32 << 10));
        assertThat(DmaMachines.freePages(m)).isEqualTo(free - 4 - 8);

        m.dma.dmaFreeCoherent(dev, 12 << 10, a.cpuAddr(), a.dmaHandle());
        m.dma.dmaFreeCoherent(dev, 20000, b.cpuAddr(), b.dmaHandle());
        assertThat(m.memMap.refcount(pfn)).isZero();
        assertThat(dev.coherentBytes(ZoneType.ZONE_DMA32)).isZero();
        assertThat(DmaMachines.freePages(m)).isEqualTo(free);
        assertThat(m.dma.debug.liveEntries()).isZero();
        MemoryInvariants.check(m);
    }

    @Test
    void zoneModifiersAreStrippedAndCompoundPagesRefused() {
        DmaTraceLog log = new DmaTraceLog();
        Machine m = DmaMachines.strict("6g", Arch.X86_64, log);
        Device dev = m.dma.deviceAdd(new Device("z0", "zonedrv", 64, true));
        CoherentBuffer buf = m.dma.dmaAllocCoherent(dev, 4096, Gfp.GFP_KERNEL | Gfp.GFP_DMA);
        assertThat(zoneOf(m, buf)).isEqualTo(ZoneType.ZONE_NORMAL);
        assertThat(m.dma.dmaAllocCoherent(dev, 8192, Gfp.GFP_KERNEL | Gfp.__GFP_COMP)).isNull();
        assertThat(m.dma.dmaAllocCoherent(dev, 8192, Gfp.GFP_KERNEL | Gfp.__GFP_COMP)).isNull();
        assertThat(log.warnings).containsExactly("WARNING: at kernel/dma/mapping.c:645 dma_alloc_attrs");
    }

    /**
     * A 24-bit device on x86 can only use ZONE_DMA (15 MiB managed on 1 GiB, the first MiB reserved).
     * 64 KiB buffers are handed out until the zone is down to its min watermark; then
     * dma_alloc_coherent() returns NULL (no fallback: GFP_DMA's zonelist has no lower zone, and the
     * allocator never OOM-kills for lowmem), while a 32-bit device is unaffected.
     */
    @Test
    void exhaustingZoneDmaFailsOnlyTheDevicesThatNeedIt() {
        Machine m = DmaMachines.strict("1g", Arch.X86_64);
        Zone dma = m.zone(0, ZoneType.ZONE_DMA);
        Device isa = m.dma.deviceAdd(new Device("isa0", "floppy", 24, true));
        Device pci = m.dma.deviceAdd(new Device("pci0", "e100", 32, true));
        long free = DmaMachines.freePages(m);
        List<CoherentBuffer> bufs = new ArrayList<>();
        CoherentBuffer b;
        while ((b = m.dma.dmaAllocCoherent(isa, 64 << 10, Gfp.GFP_KERNEL)) != null) {
            assertThat(zoneOf(m, b)).isEqualTo(ZoneType.ZONE_DMA);
            bufs.add(b);
        }
        assertThat(m.pageAlloc.allocFailures()).isEqualTo(1);
        assertThat(isa.coherentBytes(ZoneType.ZONE_DMA)).isEqualTo(bufs.size() * (64L << 10));
        // Order-4 blocks are gone or the zone is at its min watermark: either way the check fails.
        assertThat(m.pageAlloc.zoneWatermarkOk(dma, 4, dma.minWmarkPages(), ZoneType.ZONE_DMA, 0)).isFalse();
        // 3840 managed pages, 16 per buffer: most of the zone went to the device.
        assertThat(bufs.size() * 16L).isGreaterThan(dma.managedPages() * 3 / 4);
        CoherentBuffer ok = m.dma.dmaAllocCoherent(pci, 64 << 10, Gfp.GFP_KERNEL);
        assertThat(zoneOf(m, ok)).isEqualTo(ZoneType.ZONE_DMA32);

        m.dma.dmaFreeCoherent(pci, 64 << 10, ok.cpuAddr(), ok.dmaHandle());
        for (CoherentBuffer x : bufs) {
            m.dma.dmaFreeCoherent(isa, 64 << 10, x.cpuAddr(), x.dmaHandle());
        }
        assertThat(DmaMachines.freePages(m)).isEqualTo(free);
        MemoryInvariants.check(m);
    }

    @Test
    void masksAreCheckedAgainstWhatThePlatformCanHonour() {
        Machine x86 = DmaMachines.strict("1g", Arch.X86_64);
        Device dev = x86.dma.deviceAdd(new Device("m0", "maskdrv", 32, true));
        assertThat(x86.dma.dmaSetMaskAndCoherent(dev, DmaMapping.dmaBitMask(24))).isZero();
        assertThat(dev.dmaMask()).isEqualTo(0xffffffL);
        assertThat(x86.dma.dmaSetMaskAndCoherent(dev, DmaMapping.dmaBitMask(20))).isEqualTo(DmaMapping.EIO);
        assertThat(x86.dma.dmaSetMaskAndCoherent(dev, DmaMapping.dmaBitMask(64))).isZero();
        assertThat(dev.coherentDmaMask()).isEqualTo(-1L);
        assertThat(x86.dma.blockDevice.dmaMask()).isEqualTo(-1L);
        assertThat(x86.dma.netDevice.coherentDmaMask()).isEqualTo(-1L);
        assertThat(x86.dma.devices()).extracting(d -> d.name).containsExactly("8:0", "eth0", "m0");
        assertThat(MemMap.NONE).isEqualTo(-1);
    }
}
