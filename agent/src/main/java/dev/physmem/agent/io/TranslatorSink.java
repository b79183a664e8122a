package dev.physmem.agent.io;

import dev.physmem.agent.boot.Sink;
import java.util.function.Consumer;

/**
 * What the hooks report to once the machine is up: the {@link Translator} itself (calls translated on
 * the application's threads, for throttle=sleep) or the {@link AsyncSink} in front of the syscall
 * thread. Either also takes translator calls made earlier ({@link BootingSink}'s hand-over).
 */
public interface TranslatorSink extends Sink {
    /** Runs {@code call}, made by {@code by}, after every call this sink already has. */
    void run(Thread by, Consumer<Translator> call);
}
