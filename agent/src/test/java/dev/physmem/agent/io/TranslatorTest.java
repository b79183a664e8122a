package dev.physmem.agent.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.agent.boot.Sink;
import dev.physmem.agent.net.NetDma;
import dev.physmem.model.dma.DmaStats;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.testing.TestMachines;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.stream.LongStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the translator makes of the JDK's reports, call by call, against a Syscalls that records. The
 * FileDescriptor and channel objects are stand-ins: the translator only knows them by identity.
 */
class TranslatorTest {
    @TempDir
    Path dir;
    RecordingSyscalls sys;
    AgentCounters counters;
    Machine machine;
    Translator t;

    @BeforeEach
    void setUp() {
        sys = new RecordingSyscalls();
        counters = new AgentCounters();
        machine = TestMachines.boot("64m").machine();
        t = new Translator(sys, Throttle.RECORD, counters, new NetDma(machine, counters), () -> List.of("/proc/"));
    }

    private String file(String name, int bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, new byte[bytes]);
        return p.toString();
    }

    @Test
    void sequentialWritesAdvanceTheFilePositionPagesAtATime() throws IOException {
        String path = file("a", 0);
        Object fd = new Object();
        t.opened(fd, fd, path, 0);
        for (int i = 0; i < 3; i++) {
            t.write(fd, fd, path, -1, 4096);
        }
        assertThat(sys.calls()).containsExactly("createInode(" + path + ")=1", "write(1, 0, 4096)",
                "write(1, 4096, 4096)", "write(1, 8192, 4096)");
        assertThat(counters.writes.sum()).isEqualTo(3);
        assertThat(counters.writeBytes.sum()).isEqualTo(12288);
    }

    @Test
    void aFileThatExistedBeforeGetsItsSizeAndAppendsGoToItsEnd() throws IOException {
        String path = file("log", 100);
        Object fd = new Object();
        t.opened(fd, fd, path, Sink.APPEND);
        t.write(fd, fd, path, -1, 10);
        t.write(fd, fd, path, -1, 10);
        assertThat(sys.calls()).containsExactly("createInode(" + path + ")=1", "truncate(1, 100)",
                "write(1, 100, 10)", "write(1, 110, 10)");
    }

    @Test
    void aStreamAndItsChannelShareOneFilePosition() throws IOException {
        String path = file("shared", 0);
        Object fd = new Object();
        Object stream = new Object();
        Object channel = new Object();
        t.opened(stream, fd, path, 0);
        t.opened(channel, fd, path, 0);
        t.write(stream, fd, path, -1, 5000);
        t.write(channel, fd, path, -1, 3000);
        t.write(channel, fd, path, 100_000, 10);
        t.write(stream, fd, path, -1, 1);
        assertThat(sys.calls()).containsExactly("createInode(" + path + ")=1", "write(1, 0, 5000)",
                "write(1, 5000, 3000)", "write(1, 100000, 10)", "write(1, 8000, 1)");
        assertThat(counters.opens.sum()).isEqualTo(1);
    }

    @Test
    void reopeningATruncatedFileDropsItsTail() throws IOException {
        String path = file("t", 0);
        Object fd1 = new Object();
        t.opened(fd1, fd1, path, 0);
        t.write(fd1, fd1, path, -1, 8192);
        t.closed(fd1);
        Files.write(Path.of(path), new byte[0]); // what O_TRUNC did by the time the constructor returns
        Object fd2 = new Object();
        t.opened(fd2, fd2, path, 0);
        assertThat(sys.calls()).containsExactly("createInode(" + path + ")=1", "write(1, 0, 8192)", "truncate(1, 0)");
        assertThat(counters.truncates.sum()).isEqualTo(1);
    }

    @Test
    void seekSkipAndPositionalReadsMoveOnlyWhatTheyShould() throws IOException {
        String path = file("r", 20000);
        Object fd = new Object();
        t.opened(fd, fd, path, 0);
        sys.clear();
        t.read(fd, fd, path, -1, 4096);
        t.seek(fd, 10000);
        t.read(fd, fd, path, -1, 100);
        t.skip(fd, 900);
        t.read(fd, fd, path, 0, 50);
        t.read(fd, fd, path, -1, 100);
        assertThat(sys.calls()).containsExactly("read(1, 0, 4096)", "read(1, 10000, 100)", "read(1, 0, 50)",
                "read(1, 11000, 100)");
    }

    @Test
    void fileChannelTruncateNeverGrowsAFileAndPullsThePositionBack() throws IOException {
        String path = file("c", 0);
        Object fd = new Object();
        t.opened(fd, fd, path, 0);
        t.write(fd, fd, path, -1, 10000);
        t.truncate(fd, path, 20000, true);
        t.truncate(fd, path, 4096, true);
        t.write(fd, fd, path, -1, 1);
        t.truncate(fd, path, 20000, false);
        assertThat(sys.calls()).containsExactly("createInode(" + path + ")=1", "write(1, 0, 10000)",
                "truncate(1, 4096)", "write(1, 4096, 1)", "truncate(1, 20000)");
    }

    @Test
    void syncWritesAreFollowedByAnFsyncAndWaitsAreCounted() throws IOException {
        String path = file("s", 0);
        Object fd = new Object();
        t.opened(fd, fd, path, Sink.SYNC);
        sys.writeWait = 3_000;
        sys.fsyncWait = 500_000;
        t.write(fd, fd, path, -1, 512);
        t.fsync(fd, path);
        assertThat(sys.calls()).containsExactly("createInode(" + path + ")=1", "write(1, 0, 512)", "fsync(1)", "fsync(1)");
        assertThat(counters.waitNanos.sum()).isEqualTo(1_003_000);
        assertThat(counters.fsyncs.sum()).isEqualTo(1);
    }

    @Test
    void aDeletedFileThatIsStillOpenLeavesTheCacheAtItsLastClose() throws IOException {
        String path = file("d", 4096);
        Object fd = new Object();
        t.opened(fd, fd, path, 0);
        Object token = t.beforeDelete(Path.of(path));
        Files.delete(Path.of(path));
        t.deleted(token);
        assertThat(sys.calls()).doesNotContain("unlink(1)");
        t.closed(fd);
        assertThat(sys.calls()).endsWith("unlink(1)");
        assertThat(counters.unlinks.sum()).isEqualTo(1);
    }

    @Test
    void removingOneOfTwoNamesKeepsThePages() throws IOException {
        String path = file("h", 4096);
        Path link = dir.resolve("h2");
        Files.createLink(link, Path.of(path));
        Object fd = new Object();
        t.opened(fd, fd, path, 0);
        t.closed(fd);
        Object token = t.beforeDelete(link);
        Files.delete(link);
        t.deleted(token);
        assertThat(sys.calls()).noneMatch(c -> c.startsWith("unlink"));
        assertThat(t.beforeDelete(dir)).as("a directory is not a file with pages").isNull();
    }

    @Test
    void pseudoFilesAndPipesAreLeftAlone() {
        Object fd = new Object();
        t.opened(fd, fd, "/proc/self/status", 0);
        t.read(fd, fd, "/proc/self/status", -1, 100);
        Object devNull = new Object();
        t.opened(devNull, devNull, "/dev/null", 0);
        t.write(devNull, devNull, "/dev/null", -1, 100);
        assertThat(sys.calls()).isEmpty();
        assertThat(counters.reads.sum() + counters.writes.sum()).isZero();
    }

    @Test
    void directBuffersAreAnonymousMemoryUntilTheirCleanerRuns() {
        t.directAllocated(0x7f00_0000_1000L, 1 << 20);
        t.directAllocated(0x7f00_0020_0000L, 4096);
        t.directFreed(0x7f00_0000_1000L);
        t.directFreed(0x1234L); // a buffer from before the agent, or a JDK temporary one
        assertThat(sys.calls()).containsExactly("mmapAnonymous(1048576)=100", "mmapAnonymous(4096)=101", "munmap(100)");
        assertThat(counters.directAllocBytes.sum()).isEqualTo((1 << 20) + 4096);
        assertThat(counters.directFrees.sum()).isEqualTo(1);
    }

    @Test
    void aMappingLastsUntilItsUnmapperRunsOnce() throws IOException {
        String path = file("m", 65536);
        Object fd = new Object();
        Object unmapper = new Object();
        t.opened(fd, fd, path, 0);
        t.mapped(fd, path, unmapper, 8192, 16384);
        t.unmapped(unmapper);
        t.unmapped(unmapper);
        assertThat(sys.calls()).containsExactly("createInode(" + path + ")=1", "truncate(1, 65536)",
                "mmap(1, 8192, 16384)=100", "munmap(100)");
    }

    @Test
    void transferToAFileChannelReadsHereAndWritesThereAtItsPosition() throws IOException {
        String src = file("src", 10000);
        String dst = file("dst", 0);
        Object srcFd = new Object();
        Object dstFd = new Object();
        Object dstChannel = new Object();
        t.opened(srcFd, srcFd, src, 0);
        t.opened(dstChannel, dstFd, dst, 0);
        t.write(dstChannel, dstFd, dst, -1, 100);
        assertThat(t.knowsPeer(dstChannel)).isTrue();
        assertThat(t.knowsPeer(new Object())).isFalse();
        sys.clear();
        t.transfer(srcFd, srcFd, src, dstChannel, 1000, 5000, true);
        t.transfer(dstChannel, dstFd, dst, srcFd, 0, 2000, false);
        assertThat(sys.calls()).containsExactly("read(1, 1000, 5000)", "write(2, 100, 5000)",
                "read(1, 0, 2000)", "write(2, 0, 2000)");
    }

    @Test
    void transferToASocketIsNetworkTraffic() throws IOException {
        String src = file("page", 4096);
        Object fd = new Object();
        t.opened(fd, fd, src, 0);
        sys.clear();
        try (SocketChannel socket = SocketChannel.open()) {
            assertThat(t.knowsPeer(socket)).isTrue();
            t.transfer(fd, fd, src, socket, 0, 4096, true);
        }
        t.socket(true, 100, true);
        t.socket(false, 50, false);
        assertThat(sys.calls()).containsExactly("read(1, 0, 4096)");
        assertThat(counters.socketSends.sum()).isEqualTo(2);
        assertThat(counters.socketSendBytes.sum()).isEqualTo(4196);
        assertThat(counters.socketReceiveBytes.sum()).isEqualTo(50);
        // Two sends became two skbs mapped DMA_TO_DEVICE and unmapped at TX completion; the first
        // receive mapped the 64-page RX ring DMA_FROM_DEVICE, which stays mapped for the card. The
        // first packet brought the interface up: a TX and an RX descriptor ring, one coherent page each.
        DmaStats.DeviceStats eth0 = machine.dma.stats().devices().stream()
                .filter(d -> d.name().equals(machine.dma.netDevice.name)).findFirst().orElseThrow();
        assertThat(eth0.mappings()).isEqualTo(2 + 64);
        assertThat(eth0.liveMappings()).isEqualTo(64);
        assertThat(LongStream.of(eth0.coherentBytes()).sum()).isEqualTo(2L * 4096);
        assertThat(machine.dma.debug.errorCount()).isZero();
    }

    @Test
    void throttleOffRecordsNoWaitAndSleepReallyWaits() throws IOException {
        String path = file("w", 0);
        sys.writeWait = 20_000_000;
        Translator off = new Translator(sys, Throttle.OFF, counters, new NetDma(machine, counters), List::of);
        Object fd = new Object();
        off.opened(fd, fd, path, 0);
        off.write(fd, fd, path, -1, 1);
        assertThat(counters.waitNanos.sum()).isZero();

        Translator sleep = new Translator(sys, Throttle.SLEEP, counters, new NetDma(machine, counters), List::of);
        Object fd2 = new Object();
        sleep.opened(fd2, fd2, path, 0);
        long start = System.nanoTime();
        sleep.write(fd2, fd2, path, -1, 1);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(20_000_000);
        assertThat(counters.waitNanos.sum()).isEqualTo(20_000_000);
    }
}
