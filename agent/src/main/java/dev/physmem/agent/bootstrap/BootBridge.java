package dev.physmem.agent.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts the bridge classes ({@code dev.physmem.agent.boot}) into the bootstrap class loader, where the
 * advice inlined into java.base can link to them.
 *
 * <p>Why this way: {@code Instrumentation.appendToBootstrapClassLoaderSearch} makes HotSpot print "Sharing
 * is only supported for boot loader classes because bootstrap classpath has been appended" and turns
 * CDS off for every application class; a manifest {@code Boot-Class-Path} needs a second jar next to the
 * agent under a fixed name; Byte Buddy's Unsafe injector prints JDK 24+'s sun.misc.Unsafe warning. Here
 * the four class files are defined with {@code jdk.internal.misc.Unsafe.defineClass(..., null loader)},
 * called from one class defined by a class loader of its own, whose unnamed module is the only one
 * java.base exports {@code jdk.internal.misc} to (Instrumentation.redefineModule). Every class loader has
 * its own unnamed module, so the export never reaches the application's class path; nothing is printed,
 * CDS stays on, no file is written, and the jar can have any name. (An in-memory module layer did the same
 * at the price of module resolution: 120 ms of a JDK 25 start.)
 */
public final class BootBridge {
    static final String DEFINER_CLASS = "dev.physmem.agent.definer.BootDefiner";
    /** In dependency order: a class is defined after what it extends or implements. */
    static final List<String> BOOT_CLASSES = List.of("dev.physmem.agent.boot.Fold", "dev.physmem.agent.boot.Frame",
            "dev.physmem.agent.boot.Sink", "dev.physmem.agent.boot.Frames", "dev.physmem.agent.boot.Hooks");

    private BootBridge() {}

    /** True if an earlier load of the agent already defined the bridge in this JVM. */
    public static boolean present() {
        try {
            Class.forName(BOOT_CLASSES.get(BOOT_CLASSES.size() - 1), false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    public static void install(Instrumentation inst) throws Exception {
        ClassLoader agentLoader = BootBridge.class.getClassLoader();
        Class<?> definer = new DefinerLoader(agentLoader, classFile(agentLoader, DEFINER_CLASS)).definer();
        Module javaBase = Object.class.getModule();
        inst.redefineModule(javaBase, Set.of(), Map.of("jdk.internal.misc", Set.of(definer.getModule())), Map.of(),
                Set.of(), Map.of());
        String[] names = BOOT_CLASSES.toArray(new String[0]);
        byte[][] files = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            files[i] = classFile(agentLoader, names[i]);
        }
        definer.getMethod("define", String[].class, byte[][].class).invoke(null, names, files);
        Class<?> hooks = Class.forName(names[names.length - 1], false, null);
        // java.base reads the boot loader's unnamed module, so the inlined advice links without relying on
        // the read edges the JDK adds to instrumented modules.
        inst.redefineModule(javaBase, Set.of(hooks.getModule()), Map.of(), Map.of(), Set.of(), Map.of());
    }

    static byte[] classFile(ClassLoader loader, String className) throws IOException {
        String resource = className.replace('.', '/') + ".class";
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("the agent jar has no " + resource);
            }
            return in.readAllBytes();
        }
    }

    /** Defines the definer class and nothing else: its unnamed module is the export's only target. */
    private static final class DefinerLoader extends ClassLoader {
        private final byte[] definerClass;

        DefinerLoader(ClassLoader parent, byte[] definerClass) {
            super("physmem-definer", parent);
            this.definerClass = definerClass;
        }

        Class<?> definer() {
            return defineClass(DEFINER_CLASS, definerClass, 0, definerClass.length);
        }
    }
}
