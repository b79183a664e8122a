package dev.physmem.agent.advice;

import dev.physmem.agent.boot.Frame;
import dev.physmem.agent.boot.Hooks;
import dev.physmem.agent.boot.Sink;
import net.bytebuddy.asm.Advice;

/**
 * java.io.RandomAccessFile: open ("rws"/"rwd" are O_SYNC/O_DSYNC), seek, setLength (a Java method from
 * JDK 21 on; native, and so invisible, on 17). Reads, writes and close share the stream advice.
 */
public final class RandomAccessFileAdvice {
    private RandomAccessFileAdvice() {}

    /** RandomAccessFile(File, String, boolean): every public constructor ends here. */
    public static final class Open {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.FieldValue("fd") Object fd,
                         @Advice.FieldValue("path") String path, @Advice.Argument(1) String mode) {
            Hooks.opened(self, fd, path, Sink.RANDOM_ACCESS
                    | (mode.indexOf('s') >= 0 || mode.indexOf('d') >= 0 ? Sink.SYNC : 0));
        }
    }

    /** seek(long), also FileChannel.position(long). */
    public static final class Seek {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Frame enter() {
            return Hooks.enter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Frame f, @Advice.FieldValue("fd") Object fd,
                         @Advice.FieldValue("path") String path, @Advice.Argument(0) long position,
                         @Advice.Thrown Throwable t) {
            Hooks.seek(f, fd, t == null ? path : null, position);
        }
    }

    /** setLength(long): ftruncate, longer or shorter. */
    public static final class SetLength {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Frame enter() {
            return Hooks.enter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Frame f, @Advice.FieldValue("fd") Object fd,
                         @Advice.FieldValue("path") String path, @Advice.Argument(0) long length,
                         @Advice.Thrown Throwable t) {
            Hooks.truncate(f, fd, t == null ? path : null, length, false);
        }
    }
}
