package dev.physmem.agent.advice;

import dev.physmem.agent.boot.Frame;
import dev.physmem.agent.boot.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * sun.nio.ch.FileChannelImpl, the channel behind FileChannel.open, Files.newByteChannel/newOutputStream/
 * write and every stream's getChannel(): reads and writes (at the position, positional, scatter/gather),
 * force, truncate, transfers, map, close.
 */
public final class FileChannelAdvice {
    private FileChannelAdvice() {}

    /** Every constructor: the channel of a stream shares the stream's FileDescriptor and position. */
    public static final class Open {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self, @Advice.FieldValue("fd") Object fd,
                         @Advice.FieldValue("path") String path) {
            Hooks.opened(self, fd, path, 0);
        }
    }

    /** read(ByteBuffer) and read(ByteBuffer[], int, int) at the file position. */
    public static final class Read {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Frame enter() {
            return Hooks.enter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Frame f, @Advice.This Object self, @Advice.FieldValue("fd") Object fd,
                         @Advice.FieldValue("path") String path,
                         @Advice.Return(typing = net.bytebuddy.implementation.bytecode.assign.Assigner.Typing.DYNAMIC) long n,
                         @Advice.Thrown Throwable t) {
            Hooks.read(f, self, fd, path, -1, t == null ? n : 0);
        }
    }

    /** read(ByteBuffer, long): pread. */
    public static final class PRead {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Frame enter() {
            return Hooks.enter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Frame f, @Advice.This Object self, @Advice.FieldValue("fd") Object fd,
                         @Advice.FieldValue("path") String path, @Advice.Argument(1) long position,
                         @Advice.Return int n, @Advice.Thrown Throwable t) {
            Hooks.read(f, self, fd, path, position, t == null ? n : 0);
        }
    }

    /** write(ByteBuffer) and write(ByteBuffer[], int, int) at the file position (or its end if appending). */
    public static final class Write {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Frame enter() {
            return Hooks.enter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Frame f, @Advice.This Object self, @Advice.FieldValue("fd") Object fd,
                         @Advice.FieldValue("path") String path,
                         @Advice.Return(typing = net.bytebuddy.implementation.bytecode.assign.Assigner.Typing.DYNAMIC) long n,
                         @Advice.Thrown Throwable t) {
            Hooks.write(f, self, fd, path, -1, t == null ? n : 0);
        }
    }

    /** write(ByteBuffer, long): pwrite. */
    public static final class PWrite {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Frame enter() {
            return Hooks.enter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Frame f, @Advice.This Object self, @Advice.FieldValue("fd") Object fd,
                         @Advice.FieldValue("path") String path, @Advice.Argument(1) long position,
                         @Advice.Return int n, @Advice.Thrown Throwable t) {
            Hooks.write(f, self, fd, path, position, t == null ? n : 0);
        }
    }

    /** truncate(long): never makes the file longer. */
    public static final class Truncate {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Frame enter() {
            return Hooks.enter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Frame f, @Advice.FieldValue("fd") Object fd,
                         @Advice.FieldValue("path") String path, @Advice.Argument(0) long size,
                         @Advice.Thrown Throwable t) {
            Hooks.truncate(f, fd, t == null ? path : null, size, true);
        }
    }

    /** force(boolean): fsync (metaData true) or fdatasync; the simulated kernel writes back either way. */
    public static final class Force {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Frame enter() {
            return Hooks.enter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Frame f, @Advice.FieldValue("fd") Object fd,
                         @Advice.FieldValue("path") String path, @Advice.Thrown Throwable t) {
            if (t == null) {
                Hooks.fsync(f, fd, path);
            } else {
                Hooks.leave(f);
            }
        }
    }

    /** transferTo(long position, long count, WritableByteChannel target). */
    public static final class TransferTo {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Frame enter(@Advice.Argument(2) Object target) {
            return Hooks.enterTransfer(target);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Frame f, @Advice.This Object self, @Advice.FieldValue("fd") Object fd,
                         @Advice.FieldValue("path") String path, @Advice.Argument(0) long position,
                         @Advice.Argument(2) Object target, @Advice.Return long n, @Advice.Thrown Throwable t) {
            if (f != null) {
                Hooks.transfer(f, self, fd, path, target, position, t == null ? n : 0, true);
            }
        }
    }

    /** transferFrom(ReadableByteChannel src, long position, long count). */
    public static final class TransferFrom {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Frame enter(@Advice.Argument(0) Object src) {
            return Hooks.enterTransfer(src);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Frame f, @Advice.This Object self, @Advice.FieldValue("fd") Object fd,
                         @Advice.FieldValue("path") String path, @Advice.Argument(0) Object src,
                         @Advice.Argument(1) long position, @Advice.Return long n, @Advice.Thrown Throwable t) {
            if (f != null) {
                Hooks.transfer(f, self, fd, path, src, position, t == null ? n : 0, false);
            }
        }
    }

    /**
     * The private mapInternal(MapMode, long, long, int, boolean) of JDK 17 and 25: map(...) and the
     * MemorySegment map(..., Arena) both end here, and it returns the Unmapper the buffer or segment is
     * unmapped by.
     */
    public static final class Map {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Frame enter() {
            return Hooks.enter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Frame f, @Advice.FieldValue("fd") Object fd,
                         @Advice.FieldValue("path") String path, @Advice.Argument(1) long position,
                         @Advice.Argument(2) long size, @Advice.Return Object unmapper, @Advice.Thrown Throwable t) {
            Hooks.mapped(f, fd, path, t == null ? unmapper : null, position, size);
        }
    }

    /** FileChannelImpl$Unmapper.unmap(): explicit unmap, arena close, or the buffer's cleaner after GC. */
    public static final class Unmap {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object self) {
            Hooks.unmapped(self);
        }
    }

    /** implCloseChannel(). */
    public static final class Close {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.FieldValue("fd") Object fd) {
            Hooks.closed(fd);
        }
    }

    /** FileDescriptor.sync(): a Java method from JDK 21 on (native on 17, where it cannot be seen). */
    public static final class Sync {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Frame enter() {
            return Hooks.enter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Frame f, @Advice.This Object fd, @Advice.Thrown Throwable t) {
            if (t == null) {
                Hooks.fsync(f, fd, null);
            } else {
                Hooks.leave(f);
            }
        }
    }
}
