package dev.physmem.agent.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The depth protocol: only the outermost instrumented call reports, and nothing escapes the bridge. */
class HooksTest {
    final List<String> seen = new ArrayList<>();

    final Sink recording = (Sink) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Sink.class}, (proxy, method, args) -> {
                if (method.getName().equals("write") && (Long) args[4] == 666) {
                    throw new IllegalStateException("the agent failed");
                }
                if (method.getName().equals("write")) {
                    // The agent's own I/O inside a report is one level deeper: it reports nothing.
                    Frame own = Hooks.enter();
                    Hooks.write(own, null, "fd", "/agent/log", -1, 1);
                }
                seen.add(method.getName() + (args == null ? "" : " " + args[args.length - 1]));
                return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
            });

    @AfterEach
    void tearDown() {
        Hooks.sink = null;
    }

    @Test
    void nestedCallsReportOnceAtTheOutermostLevel() {
        Hooks.sink = recording;
        Frame outer = Hooks.enter();            // FileInputStream.readAllBytes
        Frame inner = Hooks.enter();            //   -> read(byte[], int, int), on some JDKs
        Hooks.read(inner, null, "fd", "/f", -1, 8192);
        Hooks.read(outer, null, "fd", "/f", -1, 10000);
        assertThat(seen).containsExactly("read 10000");
        assertThat(outer.depth).isZero();
    }

    @Test
    void aFailingAgentNeverReachesTheApplicationAndTheDepthIsRestored() {
        Hooks.sink = recording;
        long before = Hooks.SUPPRESSED.get();
        Frame f = Hooks.enter();
        Hooks.write(f, null, "fd", "/f", -1, 666);
        assertThat(Hooks.SUPPRESSED.get()).isEqualTo(before + 1);
        assertThat(Hooks.lastSuppressed).hasMessage("the agent failed");
        assertThat(f.depth).isZero();
        Frame g = Hooks.enter();
        Hooks.write(g, null, "fd", "/f", -1, 4096);
        assertThat(seen).containsExactly("write 4096");
    }

    @Test
    void streamsWithoutAPathAndEmptyCallsAreNotFiles() {
        Hooks.sink = recording;
        Hooks.write(Hooks.enter(), null, "stdout", null, -1, 100);
        Hooks.write(Hooks.enter(), null, "fd", "/f", -1, 0);
        Hooks.read(Hooks.enter(), null, "fd", "/f", -1, -1);
        assertThat(seen).isEmpty();
    }

    @Test
    void opensAndDirectAllocationsInsideAnotherCallAreTheJdksOwn() {
        Hooks.sink = recording;
        Frame f = Hooks.enter();
        Hooks.opened(null, "fd", "/f", 0);
        Hooks.directAllocated(0x1000, 8192);    // a JDK 17 temporary buffer inside a channel write
        Hooks.leave(f);
        Hooks.directAllocated(0x2000, 4096);
        Hooks.directFreed(0x2000);
        assertThat(seen).containsExactly("directAllocated 4096", "directFreed 8192");
    }

    @Test
    void aTransferWithAnUnknownPeerLetsItsInnerCallsReport() {
        Sink unknownPeers = (Sink) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Sink.class}, (proxy, method, args) -> {
                    seen.add(method.getName());
                    return method.getReturnType() == boolean.class ? Boolean.FALSE : null;
                });
        Hooks.sink = unknownPeers;
        Frame f = Hooks.enterTransfer(new Object());
        assertThat(f).isNull();
        Hooks.read(Hooks.enter(), null, "fd", "/f", 0, 8192);   // transferToArbitraryChannel's read(bb, pos)
        assertThat(seen).containsExactly("knowsPeer", "read");
    }
}
