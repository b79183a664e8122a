package dev.physmem.agent.advice;

import dev.physmem.agent.boot.Frame;
import dev.physmem.agent.boot.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * java.nio.DirectByteBuffer$Deallocator: made once for each buffer that owns its memory
 * (ByteBuffer.allocateDirect), run once when the buffer is cleaned. Its address is the allocation's.
 */
public final class DirectBufferAdvice {
    private DirectBufferAdvice() {}

    public static final class Allocated {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.FieldValue("address") long address, @Advice.FieldValue("capacity") int capacity) {
            Hooks.directAllocated(address, capacity);
        }
    }

    public static final class Freed {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.FieldValue("address") long address) {
            Hooks.directFreed(address);
        }
    }

    /** sun.nio.ch.Util.getTemporary*DirectBuffer: what is allocated in there is the JDK's, not the application's. */
    public static final class JdkTemporary {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Frame enter() {
            return Hooks.enter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Frame f) {
            Hooks.leave(f);
        }
    }
}
