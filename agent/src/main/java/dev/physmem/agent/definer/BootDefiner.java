package dev.physmem.agent.definer;

import java.lang.reflect.Method;
import java.security.ProtectionDomain;

/**
 * Defines classes to the bootstrap loader. This class is defined by a class loader of its own (see
 * {@code bootstrap.BootBridge}), whose unnamed module is the only one java.base exports
 * {@code jdk.internal.misc} to, so the export never reaches the application's class path.
 */
public final class BootDefiner {
    private BootDefiner() {}

    public static void define(String[] names, byte[][] classFiles) throws ReflectiveOperationException {
        Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
        Method define = unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, ProtectionDomain.class);
        for (int i = 0; i < names.length; i++) {
            define.invoke(unsafe, names[i], classFiles[i], 0, classFiles[i].length, null, null);
        }
    }
}
