package dev.physmem.agent.instrument;

import dev.physmem.agent.boot.Frame;
import dev.physmem.agent.boot.Hooks;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Weaves the advice into the JDK classes: a plain ClassFileTransformer that looks a class up by name
 * and otherwise returns at once (it sees every class the application loads), rather than Byte Buddy's
 * AgentBuilder, whose machinery costs as much start-up time as the weaving itself. A class already in
 * the {@link WovenCache} comes from there, and then Byte Buddy is never loaded.
 */
public final class Installer implements ClassFileTransformer {
    private final WovenCache cache;
    private final List<String> unobservable = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private Weaver weaver;

    private Installer(WovenCache cache) {
        this.cache = cache;
    }

    /**
     * Loads the hooked classes that are not loaded yet (FileChannelImpl usually is not), then registers
     * the transformer and retransforms them all, so every class takes the same path and none is ever
     * woven while it is being loaded: the weaving and the cache use file channels themselves, and a
     * class that needed itself to be loaded would fail with ClassCircularityError for good. Returns the
     * installer, whose reports say what did not work.
     */
    public static Installer install(Instrumentation inst, Path agentJar) {
        Installer installer = new Installer(WovenCache.open(agentJar));
        List<Class<?>> targets = installer.targets();
        inst.addTransformer(installer, true);
        try {
            inst.retransformClasses(targets.toArray(new Class<?>[0]));
        } catch (Throwable batch) {
            for (Class<?> c : targets) {
                try {
                    inst.retransformClasses(c);
                } catch (Throwable t) {
                    installer.failures.add(c.getName() + ": " + t);
                }
            }
        }
        return installer;
    }

    /** Takes the advice out again: the JDK classes get their original bytes back. */
    public void uninstall(Instrumentation inst) {
        inst.removeTransformer(this);
        try {
            inst.retransformClasses(targets().toArray(new Class<?>[0]));
        } catch (Throwable t) {
            failures.add("uninstall: " + t);
        }
    }

    private List<Class<?>> targets() {
        List<Class<?>> targets = new ArrayList<>();
        for (String name : HookPoints.CLASSES) {
            try {
                targets.add(Class.forName(name, false, null));
            } catch (ClassNotFoundException notOnThisPlatform) {
                failures.add(name + " does not exist on this JDK");
            }
        }
        return targets;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain pd, byte[] classFile) {
        if (loader != null || redefined == null || !HookPoints.INTERNAL_NAMES.contains(className)) {
            return null;
        }
        Frame frame = Hooks.enter();
        try {
            long crc = WovenCache.crc(classFile);
            WovenCache.Entry cached = cache.get(className, crc);
            if (cached != null) {
                note(cached.notes());
                return cached.classFile();
            }
            Weaver.Result woven = weaver().weave(className, redefined, classFile);
            cache.put(className, crc, woven);
            note(woven.notes());
            return woven.classFile();
        } catch (Throwable t) {
            failures.add(className + ": " + t);
            return null;
        } finally {
            Hooks.leave(frame);
        }
    }

    private synchronized Weaver weaver() {
        if (weaver == null) {
            weaver = new Weaver(HookPoints.all());
        }
        return weaver;
    }

    private void note(List<String> notes) {
        for (String n : notes) {
            if (!unobservable.contains(n)) {
                unobservable.add(n);
            }
        }
    }

    /** What this JDK does not let the agent see (beyond what no JDK does), one sentence each. */
    public List<String> unobservable() {
        return List.copyOf(unobservable);
    }

    /** Classes that could not be woven, with the reason; empty when everything worked. */
    public List<String> failures() {
        return List.copyOf(failures);
    }
}
