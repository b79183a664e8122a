package dev.physmem.agent.advice;

import dev.physmem.agent.boot.Frame;
import dev.physmem.agent.boot.Hooks;
import net.bytebuddy.asm.Advice;

/** java.io.FileInputStream: open, read, skip (close is {@link FileOutputStreamAdvice.Close}). */
public final class FileInputStreamAdvice {
    private FileInputStreamAdvice() {}

    /** FileInputStream(File): every path constructor ends here. */
    public static final class Open {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.FieldValue("fd") Object fd,
                         @Advice.FieldValue("path") String path) {
            Hooks.opened(self, fd, path, 0);
        }
    }

    /** read(), also of RandomAccessFile: one byte or -1 at end of file. */
    public static final class ReadByte {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Frame enter() {
            return Hooks.enter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Frame f, @Advice.This Object self, @Advice.FieldValue("fd") Object fd,
                         @Advice.FieldValue("path") String path, @Advice.Return int b, @Advice.Thrown Throwable t) {
            Hooks.read(f, self, fd, path, -1, t == null && b >= 0 ? 1 : 0);
        }
    }

    /** read(byte[]) and read(byte[], int, int), also of RandomAccessFile: the count read or -1. */
    public static final class ReadArray {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Frame enter() {
            return Hooks.enter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Frame f, @Advice.This Object self, @Advice.FieldValue("fd") Object fd,
                         @Advice.FieldValue("path") String path, @Advice.Return int n, @Advice.Thrown Throwable t) {
            Hooks.read(f, self, fd, path, -1, t == null ? n : 0);
        }
    }

    /** readAllBytes() and readNBytes(int): the JDK reads in a loop; the array is what was read. */
    public static final class ReadToArray {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Frame enter() {
            return Hooks.enter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Frame f, @Advice.This Object self, @Advice.FieldValue("fd") Object fd,
                         @Advice.FieldValue("path") String path, @Advice.Return byte[] bytes,
                         @Advice.Thrown Throwable t) {
            Hooks.read(f, self, fd, path, -1, t == null ? bytes.length : 0);
        }
    }

    /** skip(long): lseek(SEEK_CUR) by what was skipped. */
    public static final class Skip {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Frame enter() {
            return Hooks.enter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Frame f, @Advice.FieldValue("fd") Object fd,
                         @Advice.FieldValue("path") String path, @Advice.Return long n, @Advice.Thrown Throwable t) {
            Hooks.skip(f, fd, path, t == null ? n : 0);
        }
    }
}
