package dev.physmem.agent.definer;

import jdk.internal.misc.Unsafe;

/**
 * Defines classes to the bootstrap loader. This class is defined by a class loader of its own (see
 * {@code bootstrap.BootBridge}), whose unnamed module is the only one java.base exports
 * {@code jdk.internal.misc} to, so the export never reaches the application's class path. It calls
 * Unsafe directly (the build compiles it with that export): on JDK 18+ a reflective call would spin
 * two dozen method-handle classes before the application's main.
 */
public final class BootDefiner {
    private BootDefiner() {}

    public static void define(String[] names, byte[][] classFiles) {
        Unsafe unsafe = Unsafe.getUnsafe();
        for (int i = 0; i < names.length; i++) {
            unsafe.defineClass(names[i], classFiles[i], 0, classFiles[i].length, null, null);
        }
    }
}
