package dev.physmem.agent.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Puts the bridge classes ({@code dev.physmem.agent.boot}) into the bootstrap class loader, where the
 * advice inlined into java.base can link to them.
 *
 * <p>Why this way: {@code Instrumentation.appendToBootstrapClassLoaderSearch} makes HotSpot print "Sharing
 * is only supported for boot loader classes because bootstrap classpath has been appended" and turns
 * CDS off for every application class; a manifest {@code Boot-Class-Path} needs a second jar next to the
 * agent under a fixed name; Byte Buddy's Unsafe injector prints JDK 24+'s sun.misc.Unsafe warning. Here
 * the four class files are defined with {@code jdk.internal.misc.Unsafe.defineClass(..., null loader)},
 * called from a one-class module built in memory to which java.base exports {@code jdk.internal.misc}
 * (Instrumentation.redefineModule). Nothing is printed, CDS stays on, no file is written, the jar can
 * have any name, and the internal package is exported to that module only, never to the application.
 */
public final class BootBridge {
    static final String DEFINER_MODULE = "dev.physmem.agent.definer";
    static final String DEFINER_CLASS = "dev.physmem.agent.definer.BootDefiner";
    /** In dependency order: a class is defined after what it extends or implements. */
    static final List<String> BOOT_CLASSES = List.of("dev.physmem.agent.boot.Frame", "dev.physmem.agent.boot.Sink",
            "dev.physmem.agent.boot.Frames", "dev.physmem.agent.boot.Hooks");

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
        Module definer = definerModule(agentLoader);
        Module javaBase = Object.class.getModule();
        inst.redefineModule(javaBase, Set.of(), Map.of("jdk.internal.misc", Set.of(definer)), Map.of(), Set.of(),
                Map.of());
        String[] names = BOOT_CLASSES.toArray(new String[0]);
        byte[][] files = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            files[i] = classFile(agentLoader, names[i]);
        }
        Class<?> c = definer.getClassLoader().loadClass(DEFINER_CLASS);
        c.getMethod("define", String[].class, byte[][].class).invoke(null, names, files);
        Class<?> hooks = Class.forName(names[names.length - 1], false, null);
        // java.base reads the boot loader's unnamed module, so the inlined advice links without relying on
        // the read edges the JDK adds to instrumented modules.
        inst.redefineModule(javaBase, Set.of(hooks.getModule()), Map.of(), Map.of(), Set.of(), Map.of());
    }

    private static Module definerModule(ClassLoader agentLoader) throws IOException {
        byte[] definerClass = classFile(agentLoader, DEFINER_CLASS);
        String pkg = DEFINER_CLASS.substring(0, DEFINER_CLASS.lastIndexOf('.'));
        ModuleDescriptor descriptor = ModuleDescriptor.newModule(DEFINER_MODULE).packages(Set.of(pkg))
                .exports(pkg).build();
        ModuleReference ref = new InMemoryModule(descriptor, DEFINER_CLASS.replace('.', '/') + ".class", definerClass);
        ModuleFinder finder = new ModuleFinder() {
            @Override
            public Optional<ModuleReference> find(String name) {
                return name.equals(DEFINER_MODULE) ? Optional.of(ref) : Optional.empty();
            }

            @Override
            public Set<ModuleReference> findAll() {
                return Set.of(ref);
            }
        };
        ModuleLayer parent = ModuleLayer.boot();
        Configuration cf = parent.configuration().resolve(finder, ModuleFinder.of(), Set.of(DEFINER_MODULE));
        return parent.defineModulesWithOneLoader(cf, agentLoader).findModule(DEFINER_MODULE).orElseThrow();
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

    /** A module with one class file, served from memory. */
    private static final class InMemoryModule extends ModuleReference {
        private final String resource;
        private final byte[] bytes;

        InMemoryModule(ModuleDescriptor descriptor, String resource, byte[] bytes) {
            super(descriptor, null);
            this.resource = resource;
            this.bytes = bytes;
        }

        @Override
        public ModuleReader open() {
            return new ModuleReader() {
                @Override
                public Optional<URI> find(String name) {
                    return Optional.empty();
                }

                @Override
                public Optional<InputStream> open(String name) {
                    return Optional.empty();
                }

                @Override
                public Optional<ByteBuffer> read(String name) {
                    return name.equals(resource) ? Optional.of(ByteBuffer.wrap(bytes)) : Optional.empty();
                }

                @Override
                public Stream<String> list() {
                    return Stream.of(resource);
                }

                @Override
                public void close() {}
            };
        }
    }
}
