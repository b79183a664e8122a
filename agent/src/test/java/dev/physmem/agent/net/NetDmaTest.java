package dev.physmem.agent.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.agent.io.AgentCounters;
import dev.physmem.model.dma.DmaStats;
import dev.physmem.model.machine.Arch;
import dev.physmem.model.machine.ByteSize;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.testing.TestMachines;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Socket traffic through the simulated NIC on a strict machine (a DMA-API error or stale read throws):
 * descriptor rings in coherent memory, packets in streaming mappings, and what each costs in cache
 * maintenance on a coherent x86 device and a non-coherent arm64 one.
 */
class NetDmaTest {
    /** One 64 KiB TSO send and one 4 KiB receive; returns eth0's figures and the DMA layer's. */
    private static DmaStats oneSendOneReceive(Arch arch) {
        Machine machine = TestMachines.boot(MachineConfig.defaults().withRam(ByteSize.parse("64m")).withArch(arch)).machine();
        AgentCounters counters = new AgentCounters();
        NetDma nic = new NetDma(machine, counters);
        nic.transfer(true, 64 << 10, true);
        nic.transfer(false, 4096, true);
        assertThat(counters.socketDrops.sum()).isZero();
        return machine.dma.stats();
    }

    private static DmaStats.DeviceStats eth0(DmaStats stats) {
        return stats.devices().stream().filter(d -> d.name().equals("eth0")).findFirst().orElseThrow();
    }

    @Test
    void ringsAreCoherentAndNeedNoCacheMaintenanceOnX86() {
        DmaStats stats = oneSendOneReceive(Arch.X86_64);
        DmaStats.DeviceStats eth0 = eth0(stats);
        assertThat(eth0.coherent()).isTrue();
        assertThat(LongStream.of(eth0.coherentBytes()).sum()).isEqualTo(2 * 4096);
        assertThat(eth0.mappings()).isEqualTo(1 + 64); // the skb, then the RX page pool
        assertThat(eth0.cacheLines()).isZero();
        assertThat(stats.prepCoherentLines()).isZero();
        assertThat(stats.errorCount()).isZero();
    }

    @Test
    void aNonCoherentArm64CardCostsCacheLinesForPacketsButNotForItsRings() {
        DmaStats stats = oneSendOneReceive(Arch.ARM64);
        DmaStats.DeviceStats eth0 = eth0(stats);
        assertThat(eth0.coherent()).isFalse();
        assertThat(LongStream.of(eth0.coherentBytes()).sum()).isEqualTo(2 * 4096);
        // arch_dma_prep_coherent cleans and invalidates each ring once, at allocation: 2 x 4096 / 64.
        assertThat(stats.prepCoherentLines()).isEqualTo(128);
        // The skb's clean before the card reads it (1024 lines), the 64 RX pages invalidated when
        // mapped (4096), then the received page synced for the CPU and back for the card (64 + 64).
        assertThat(eth0.cacheLines()).isEqualTo(1024 + 4096 + 64 + 64);
        assertThat(stats.errorCount()).isZero();
    }
}
