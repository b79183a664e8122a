package dev.physmem.agent.advice;

import dev.physmem.agent.boot.Frame;
import dev.physmem.agent.boot.Hooks;
import dev.physmem.agent.boot.Sink;
import net.bytebuddy.asm.Advice;

/** java.io.FileOutputStream: open (with O_TRUNC or O_APPEND), write, close. */
public final class FileOutputStreamAdvice {
    private FileOutputStreamAdvice() {}

    /** FileOutputStream(File, boolean): every path constructor ends here. */
    public static final class Open {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.FieldValue("fd") Object fd,
                         @Advice.FieldValue("path") String path, @Advice.Argument(1) boolean append) {
            Hooks.opened(self, fd, path, append ? Sink.APPEND : 0);
        }
    }

    /** write(int). */
    public static final class WriteByte {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Frame enter() {
            return Hooks.enter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Frame f, @Advice.This Object self, @Advice.FieldValue("fd") Object fd,
                         @Advice.FieldValue("path") String path, @Advice.Thrown Throwable t) {
            Hooks.write(f, self, fd, path, -1, t == null ? 1 : 0);
        }
    }

    /** write(byte[]). */
    public static final class WriteArray {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Frame enter() {
            return Hooks.enter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Frame f, @Advice.This Object self, @Advice.FieldValue("fd") Object fd,
                         @Advice.FieldValue("path") String path, @Advice.Argument(0) byte[] b,
                         @Advice.Thrown Throwable t) {
            Hooks.write(f, self, fd, path, -1, t == null ? b.length : 0);
        }
    }

    /** write(byte[], int, int). */
    public static final class WriteRange {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Frame enter() {
            return Hooks.enter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Frame f, @Advice.This Object self, @Advice.FieldValue("fd") Object fd,
                         @Advice.FieldValue("path") String path, @Advice.Argument(2) int len,
                         @Advice.Thrown Throwable t) {
            Hooks.write(f, self, fd, path, -1, t == null ? len : 0);
        }
    }

    /** close(), also of FileInputStream and RandomAccessFile. */
    public static final class Close {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.FieldValue("fd") Object fd) {
            Hooks.closed(fd);
        }
    }
}
