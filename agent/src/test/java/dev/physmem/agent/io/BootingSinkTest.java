package dev.physmem.agent.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the application does while the machine boots reaches the translator, in order, once it exists;
 * against a Syscalls that records, so the test sees what the simulated kernel was asked.
 */
class BootingSinkTest {
    @TempDir
    Path dir;
    RecordingSyscalls sys;
    AgentCounters counters;
    Translator translator;
    BootingSink early;
    List<Throwable> failures = new ArrayList<>();

    @BeforeEach
    void setUp() {
        sys = new RecordingSyscalls();
        counters = new AgentCounters();
        translator = sys.translator(counters);
        early = new BootingSink();
    }

    private String file(String name) throws IOException {
        return Files.write(dir.resolve(name), new byte[0]).toString();
    }

    @Test
    void callsMadeWhileBootingAreReplayedInOrderThenPassStraightThrough() throws IOException {
        String path = file("log");
        Object fd = new Object();
        early.opened(fd, fd, path, 0);
        early.write(fd, fd, path, -1, 4096);
        early.fsync(fd, path);
        assertThat(sys.calls()).isEmpty();

        assertThat(early.handOver(translator, failures::add)).isZero();
        assertThat(early.handedOver()).isEqualTo(3);
        assertThat(sys.calls()).containsExactly("createInode(" + path + ")=1", "write(1, 0, 4096)", "fsync(1)");
        early.write(fd, fd, path, -1, 4096);
        assertThat(sys.calls()).endsWith("write(1, 4096, 4096)");
        assertThat(failures).isEmpty();
    }

    /** The file is gone by the time the machine is up: what was learnt at the calls still counts. */
    @Test
    void aFileDeletedBeforeTheHandOverStillHasItsWritesAndItsUnlink() throws IOException {
        String path = file("short-lived");
        Object fd = new Object();
        early.opened(fd, fd, path, 0);
        early.write(fd, fd, path, -1, 8192);
        early.closed(fd);
        Object token = early.beforeDelete(Path.of(path));
        Files.delete(Path.of(path));
        early.deleted(token);

        early.handOver(translator, failures::add);
        assertThat(sys.calls()).containsExactly("createInode(" + path + ")=1", "write(1, 0, 8192)", "unlink(1)");
        assertThat(failures).isEmpty();
    }

    @Test
    void aFailingKeptCallIsReportedAndTheRestStillArrive() throws IOException {
        String path = file("b");
        Object bad = new Object();
        Object fd = new Object();
        early.opened(bad, bad, "nul\0byte", 0);
        early.opened(fd, fd, path, 0);
        early.write(fd, fd, path, -1, 100);
        early.handOver(translator, failures::add);
        assertThat(failures).singleElement().isInstanceOf(java.nio.file.InvalidPathException.class);
        assertThat(sys.calls()).containsExactly("createInode(" + path + ")=1", "write(1, 0, 100)");
    }

    @Test
    void beyondTheLimitCallsAreDroppedAndCounted() {
        for (int i = 0; i < BootingSink.MAX_KEPT + 5; i++) {
            early.socket(true, 1, true);
        }
        assertThat(early.handOver(translator, failures::add)).isEqualTo(5);
        assertThat(counters.socketSends.sum()).isEqualTo(BootingSink.MAX_KEPT);
    }

    @Test
    void untilTheHandOverEverySocketMayBeAKnownPeer() throws Exception {
        try (SocketChannel socket = SocketChannel.open()) {
            assertThat(early.knowsPeer(socket)).isTrue();
        }
        assertThat(early.knowsPeer(new Object())).isFalse();
        early.handOver(translator, failures::add);
        Object unknownFile = new Object();
        assertThat(early.knowsPeer(unknownFile)).as("the translator answers now").isFalse();
    }
}
