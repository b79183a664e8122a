package dev.physmem.agent.advice;

import dev.physmem.agent.boot.Hooks;
import net.bytebuddy.asm.Advice;

/** Names and open options: java.io.File.delete, and sun.nio.fs.UnixFileSystemProvider (Files.*). */
public final class FileSystemAdvice {
    private FileSystemAdvice() {}

    /** File.delete(): unlink(2) or rmdir(2); true if the name is gone. */
    public static final class FileDelete {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object file) {
            return Hooks.beforeDelete(file);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object token, @Advice.Return boolean deleted, @Advice.Thrown Throwable t) {
            Hooks.deleted(token, t == null && deleted);
        }
    }

    /** implDelete(Path, boolean): Files.delete and Files.deleteIfExists; true if the name is gone. */
    public static final class PathDelete {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.Argument(0) Object path) {
            return Hooks.beforeDelete(path);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object token, @Advice.Return boolean deleted, @Advice.Thrown Throwable t) {
            Hooks.deleted(token, t == null && deleted);
        }
    }

    /** newFileChannel / newByteChannel(Path, Set&lt;OpenOption&gt;, FileAttribute...): APPEND, SYNC, DSYNC. */
    public static final class OpenOptions {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Return Object channel, @Advice.Argument(1) Object options) {
            Hooks.openOptions(channel, options);
        }
    }
}
