package dev.physmem.agent.advice;

import dev.physmem.agent.boot.Frame;
import dev.physmem.agent.boot.Hooks;
import net.bytebuddy.asm.Advice;

/** sun.nio.ch.SocketChannelImpl reads and writes, single buffer and scatter/gather. */
public final class SocketChannelAdvice {
    private SocketChannelAdvice() {}

    public static final class Read {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Frame enter() {
            return Hooks.enter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Frame f, @Advice.Argument(0) Object buffers,
                         @Advice.Return(typing = net.bytebuddy.implementation.bytecode.assign.Assigner.Typing.DYNAMIC) long n,
                         @Advice.Thrown Throwable t) {
            Hooks.socket(f, false, t == null ? n : 0, buffers, 0);
        }
    }

    public static final class ReadScatter {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Frame enter() {
            return Hooks.enter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Frame f, @Advice.Argument(0) Object buffers, @Advice.Argument(1) int offset,
                         @Advice.Return long n, @Advice.Thrown Throwable t) {
            Hooks.socket(f, false, t == null ? n : 0, buffers, offset);
        }
    }

    public static final class Write {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Frame enter() {
            return Hooks.enter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Frame f, @Advice.Argument(0) Object buffers,
                         @Advice.Return(typing = net.bytebuddy.implementation.bytecode.assign.Assigner.Typing.DYNAMIC) long n,
                         @Advice.Thrown Throwable t) {
            Hooks.socket(f, true, t == null ? n : 0, buffers, 0);
        }
    }

    public static final class WriteGather {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Frame enter() {
            return Hooks.enter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Frame f, @Advice.Argument(0) Object buffers, @Advice.Argument(1) int offset,
                         @Advice.Return long n, @Advice.Thrown Throwable t) {
            Hooks.socket(f, true, t == null ? n : 0, buffers, offset);
        }
    }
}
