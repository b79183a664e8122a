import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A second agent for the bench, loaded after physmem's: it takes physmem's advice out of the JDK classes
 * and puts it back, so that {@link SteadyState} can compare the agent with no agent inside one JVM. On a
 * retransformation JVMTI hands the class to each agent's transformer in the order the agents were loaded,
 * so this one is given physmem's woven bytes and, while it strips, returns the JDK's own instead (read from
 * the runtime image). The classes are those physmem weaves (its HookPoints.CLASSES).
 */
public final class Unweave implements ClassFileTransformer {
    private static volatile Instrumentation inst;
    private static final Unweave INSTANCE = new Unweave();

    private final Map<String, byte[]> originals = new ConcurrentHashMap<>();
    private volatile boolean stripping;

    public static void premain(String args, Instrumentation i) {
        inst = i;
        i.addTransformer(INSTANCE, true);
    }

    /** Whether this agent was loaded (run.sh loads it beside physmem's). */
    static boolean loaded() {
        return inst != null;
    }

    /**
     * Takes physmem's advice out of the JDK classes ({@code strip}) or puts it back. The JIT compiles the
     * changed methods again afterwards: the next pass is a warm-up.
     */
    static void strip(boolean strip) throws Exception {
        List<Class<?>> targets = new ArrayList<>();
        for (String name : hookedClasses()) {
            Class<?> c = Class.forName(name, false, null);
            String internal = name.replace('.', '/');
            if (!INSTANCE.originals.containsKey(internal)) {
                INSTANCE.originals.put(internal, jdkBytes(c, internal));
            }
            targets.add(c);
        }
        INSTANCE.stripping = strip;
        inst.retransformClasses(targets.toArray(new Class<?>[0]));
    }

    @SuppressWarnings("unchecked")
    private static List<String> hookedClasses() throws ReflectiveOperationException {
        Field f = Class.forName("dev.physmem.agent.instrument.HookPoints").getDeclaredField("CLASSES");
        f.setAccessible(true);
        return (List<String>) f.get(null);
    }

    private static byte[] jdkBytes(Class<?> c, String internal) throws IOException {
        try (InputStream in = c.getModule().getResourceAsStream(internal + ".class")) {
            if (in == null) {
                throw new IOException("no class file for " + internal + " in " + c.getModule());
            }
            return in.readAllBytes();
        }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain pd, byte[] classFile) {
        return stripping && loader == null && redefined != null ? originals.get(className) : null;
    }
}
