package dev.physmem.agent.instrument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;

/**
 * The Byte Buddy part: inlines each hook point's advice into a JDK class. Retransformation may not add
 * members, so only method bodies change (Implementation.Context.Disabled). Created only when a class
 * is not in the {@link WovenCache}: it is most of the agent's start-up cost.
 */
final class Weaver {
    /** The woven class file, and what the JDK did not let it weave (absent or native methods). */
    record Result(byte[] classFile, List<String> notes) {}

    private record Woven(HookPoint point, Advice advice) {}

    private final ByteBuddy byteBuddy = new ByteBuddy()
            .with(TypeValidation.DISABLED)
            .with(Implementation.Context.Disabled.Factory.INSTANCE)
            .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);
    private final Map<String, List<Woven>> byClass = new HashMap<>();

    Weaver(List<HookPoint> points) {
        for (HookPoint p : points) {
            byClass.computeIfAbsent(p.className().replace('.', '/'), k -> new ArrayList<>())
                    .add(new Woven(p, Advice.to(p.advice())));
        }
    }

    /** Weaves {@code classFile}, the bytes of the loaded class {@code redefined}. */
    Result weave(String internalName, Class<?> redefined, byte[] classFile) {
        ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(redefined.getName(),
                classFile), ClassFileLocator.ForClassLoader.ofBootLoader());
        TypeDescription type = TypeDescription.ForLoadedType.of(redefined);
        DynamicType.Builder<?> builder = byteBuddy.redefine(type, locator);
        List<String> notes = new ArrayList<>();
        for (Woven w : byClass.get(internalName)) {
            if (type.getDeclaredMethods().filter(w.point().matcher()).isEmpty()) {
                HookPoint p = w.point();
                notes.add(p.ifAbsent() != null ? p.ifAbsent() : p.where() + " is missing on this JDK: not observed");
                continue;
            }
            builder = builder.visit(w.advice().on(w.point().matcher()));
        }
        return new Result(builder.make().getBytes(), notes);
    }
}
