package dev.physmem.agent.instrument;

import dev.physmem.agent.boot.Frame;
import dev.physmem.agent.boot.Hooks;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;

/**
 * Weaves the advice into the JDK classes. A plain ClassFileTransformer that looks a class up by name in
 * a small map and otherwise returns at once, rather than Byte Buddy's AgentBuilder: the transformer sees
 * every class the application loads, and AgentBuilder's machinery costs about as much start-up time as
 * everything else the agent does. Retransformation may not add members, so the advice is inlined
 * (Implementation.Context.Disabled) and only method bodies change.
 */
public final class Installer implements ClassFileTransformer {
    private final ByteBuddy byteBuddy = new ByteBuddy()
            .with(TypeValidation.DISABLED)
            .with(Implementation.Context.Disabled.Factory.INSTANCE)
            .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);
    /** Internal class name ("java/io/FileOutputStream") to its hook points and their advice. */
    private final Map<String, List<Woven>> byClass = new HashMap<>();
    private final List<String> unobservable = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    private record Woven(HookPoint point, Advice advice) {}

    private Installer(List<HookPoint> points) {
        for (HookPoint p : points) {
            byClass.computeIfAbsent(p.className().replace('.', '/'), k -> new ArrayList<>())
                    .add(new Woven(p, Advice.to(p.advice())));
        }
    }

    /**
     * Registers the transformer and retransforms the hooked classes, loading the few that are not loaded
     * yet first (FileChannelImpl usually is not), so every class takes the same path: its description
     * comes from reflection, never from parsing its class file. Returns the installer, whose reports say
     * what did not work.
     */
    public static Installer install(Instrumentation inst) {
        Installer installer = new Installer(HookPoints.all());
        inst.addTransformer(installer, true);
        List<Class<?>> targets = installer.targets();
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
        for (String internalName : byClass.keySet()) {
            try {
                targets.add(Class.forName(internalName.replace('/', '.'), false, null));
            } catch (ClassNotFoundException notOnThisPlatform) {
                failures.add(internalName.replace('/', '.') + " does not exist on this JDK");
            }
        }
        return targets;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain pd, byte[] classFile) {
        if (loader != null || className == null) {
            return null;
        }
        List<Woven> woven = byClass.get(className);
        if (woven == null) {
            return null;
        }
        Frame frame = Hooks.enter();
        try {
            String name = className.replace('/', '.');
            ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, classFile),
                    ClassFileLocator.ForClassLoader.ofBootLoader());
            TypeDescription type = redefined != null ? TypeDescription.ForLoadedType.of(redefined)
                    : TypePool.Default.of(locator).describe(name).resolve();
            DynamicType.Builder<?> builder = byteBuddy.redefine(type, locator);
            for (Woven w : woven) {
                if (type.getDeclaredMethods().filter(w.point().matcher()).isEmpty()) {
                    noteAbsent(w.point());
                    continue;
                }
                builder = builder.visit(w.advice().on(w.point().matcher()));
            }
            return builder.make().getBytes();
        } catch (Throwable t) {
            failures.add(className + ": " + t);
            return null;
        } finally {
            Hooks.leave(frame);
        }
    }

    private void noteAbsent(HookPoint p) {
        String what = p.ifAbsent() != null ? p.ifAbsent() : p.where() + " is missing on this JDK: not observed";
        if (!unobservable.contains(what)) {
            unobservable.add(what);
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
