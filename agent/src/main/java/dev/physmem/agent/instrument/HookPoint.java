package dev.physmem.agent.instrument;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One place advice goes: a JDK class (by binary name), the methods of it, the advice, and what the
 * application loses if the running JDK has no such method (a native one cannot be advised).
 */
record HookPoint(String className, String methods, ElementMatcher<? super MethodDescription> matcher,
                 Class<?> advice, String ifAbsent) {

    /** "java.io.FileDescriptor.sync()": how reports name it. */
    String where() {
        return className.substring(className.lastIndexOf('.') + 1) + "." + methods;
    }
}
