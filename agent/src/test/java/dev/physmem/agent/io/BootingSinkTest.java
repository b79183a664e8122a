package dev.physmem.agent.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.agent.boot.Sink;
import java.lang.reflect.Proxy;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the application does while the machine boots reaches the translator, in order, once it exists. */
class BootingSinkTest {
    private final List<String> seen = new ArrayList<>();

    /** A translator stand-in that notes each call as "method(args)" and fails on a write of 13 bytes. */
    private Sink translator() {
        return (Sink) Proxy.newProxyInstance(Sink.class.getClassLoader(), new Class<?>[] {Sink.class}, (p, m, args) -> {
            if (m.getName().equals("write") && (long) args[4] == 13) {
                throw new IllegalStateException("write of 13 bytes");
            }
            seen.add(m.getName() + (args == null ? "()" : "(" + args[args.length - 1] + ")"));
            return m.getReturnType() == boolean.class ? Boolean.FALSE : null;
        });
    }

    @Test
    void callsMadeWhileBootingAreReplayedInOrderThenPassStraightThrough() {
        BootingSink early = new BootingSink();
        Object fd = new Object();
        early.opened(fd, fd, "/data/log", 0);
        early.write(fd, fd, "/data/log", -1, 4096);
        early.fsync(fd, "/data/log");
        early.directAllocated(0x1000, 65536);
        assertThat(seen).isEmpty();

        List<Throwable> failures = new ArrayList<>();
        assertThat(early.handOver(translator(), failures::add)).isZero();
        assertThat(seen).containsExactly("opened(0)", "write(4096)", "fsync(/data/log)", "directAllocated(65536)");
        assertThat(early.handedOver()).isEqualTo(4);
        assertThat(failures).isEmpty();

        early.closed(fd);
        assertThat(seen).endsWith("closed(" + fd + ")");
    }

    @Test
    void aFailingKeptCallIsReportedAndTheRestStillArrive() {
        BootingSink early = new BootingSink();
        Object fd = new Object();
        early.write(fd, fd, "/data/a", -1, 13);
        early.write(fd, fd, "/data/a", -1, 100);
        List<Throwable> failures = new ArrayList<>();
        early.handOver(translator(), failures::add);
        assertThat(failures).singleElement().extracting(Throwable::getMessage).isEqualTo("write of 13 bytes");
        assertThat(seen).containsExactly("write(100)");
    }

    @Test
    void beyondTheLimitCallsAreDroppedAndCounted() {
        BootingSink early = new BootingSink();
        for (int i = 0; i < BootingSink.MAX_KEPT + 5; i++) {
            early.socket(true, 1, true);
        }
        assertThat(early.handOver(translator(), e -> { })).isEqualTo(5);
        assertThat(seen).hasSize(BootingSink.MAX_KEPT);
    }

    @Test
    void untilTheHandOverEveryChannelMayBeAKnownPeer() throws Exception {
        BootingSink early = new BootingSink();
        try (SocketChannel socket = SocketChannel.open()) {
            assertThat(early.knowsPeer(socket)).isTrue();
        }
        assertThat(early.knowsPeer(new Object())).isFalse();
        early.handOver(translator(), e -> { });
        try (SocketChannel socket = SocketChannel.open()) {
            assertThat(early.knowsPeer(socket)).as("the translator answers now").isFalse();
        }
    }
}
