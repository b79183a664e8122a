package dev.physmem.agent.io;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The hooks' sink while the simulated machine boots, so that the application need not wait for it: what
 * the application does meanwhile is kept in order, with the thread that did it, and handed call by call
 * to the sink that takes over once the machine is up ({@link #handOver}); from then on every call goes
 * straight on. A wait the kernel would have imposed on a kept call is not imposed: the call has long
 * returned. A file opened before the agent and first read or written during the boot is looked at when
 * the call is translated.
 */
public final class BootingSink extends DeferredSink {
    /** More than any start-up does in the fraction of a second a boot takes; beyond it calls are dropped. */
    static final int MAX_KEPT = 1 << 16;

    private record Kept(Thread by, Consumer<Translator> call) {}

    private final List<Kept> kept = new ArrayList<>();
    private TranslatorSink target;
    private long dropped;
    private int handedOver;

    /** Hands {@code call} on, or keeps it until there is somewhere to hand it. */
    @Override
    void call(Consumer<Translator> call) {
        TranslatorSink t;
        synchronized (this) {
            t = target;
            if (t == null) {
                if (kept.size() < MAX_KEPT) {
                    kept.add(new Kept(Thread.currentThread(), call));
                } else {
                    dropped++;
                }
                return;
            }
        }
        t.run(Thread.currentThread(), call);
    }

    /**
     * The machine is up: hands the kept calls to {@code next} in the order they came (later calls wait
     * for that), then lets every call through. Returns how many calls had to be dropped; a kept call
     * that fails while being handed over is reported to {@code failed} and the rest go on.
     */
    public synchronized long handOver(TranslatorSink next, Consumer<Throwable> failed) {
        handedOver = kept.size();
        for (Kept k : kept) {
            try {
                next.run(k.by(), k.call());
            } catch (RuntimeException e) {
                failed.accept(e);
            }
        }
        kept.clear();
        target = next;
        return dropped;
    }

    /** How many kept calls {@link #handOver} replayed. */
    public synchronized int handedOver() {
        return handedOver;
    }

    /** Until the hand-over any channel may be known; then the next sink answers. */
    @Override
    public boolean knowsPeer(Object peer) {
        TranslatorSink t;
        synchronized (this) {
            t = target;
        }
        return t != null ? t.knowsPeer(peer) : super.knowsPeer(peer);
    }
}
