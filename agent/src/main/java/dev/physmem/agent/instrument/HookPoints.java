package dev.physmem.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.nameEndsWith;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.physmem.agent.advice.DirectBufferAdvice;
import dev.physmem.agent.advice.FileChannelAdvice;
import dev.physmem.agent.advice.FileInputStreamAdvice;
import dev.physmem.agent.advice.FileOutputStreamAdvice;
import dev.physmem.agent.advice.FileSystemAdvice;
import dev.physmem.agent.advice.RandomAccessFileAdvice;
import dev.physmem.agent.advice.SocketChannelAdvice;
import java.io.File;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Every place the agent instruments, on JDK 17 and 25 alike. */
final class HookPoints {
    static final String FOS = "java.io.FileOutputStream";
    static final String FIS = "java.io.FileInputStream";
    static final String RAF = "java.io.RandomAccessFile";
    static final String FCH = "sun.nio.ch.FileChannelImpl";

    /** The classes {@link #all} instruments, named without building a matcher (no Byte Buddy class is loaded). */
    static final List<String> CLASSES = List.of(FOS, FIS, RAF, FCH, FCH + "$Unmapper", "java.io.FileDescriptor",
            "java.nio.DirectByteBuffer$Deallocator", "sun.nio.ch.Util", "sun.nio.ch.SocketChannelImpl", "java.io.File",
            "sun.nio.fs.UnixFileSystemProvider");
    /** The same, as the transformer is given them ("java/io/File"). */
    static final Set<String> INTERNAL_NAMES = internalNames();

    private HookPoints() {}

    /** A loop, not a stream: this runs before the application's main, where each lambda spins classes. */
    private static Set<String> internalNames() {
        String[] names = new String[CLASSES.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = CLASSES.get(i).replace('.', '/');
        }
        return Set.of(names);
    }

    static List<HookPoint> all() {
        return List.of(
                hp(FOS, "<init>(File, boolean)", isConstructor().and(takesArguments(File.class, boolean.class)),
                        FileOutputStreamAdvice.Open.class),
                hp(FOS, "write(int)", named("write").and(takesArguments(int.class)).and(isPublic()),
                        FileOutputStreamAdvice.WriteByte.class),
                hp(FOS, "write(byte[])", named("write").and(takesArguments(byte[].class)),
                        FileOutputStreamAdvice.WriteArray.class),
                hp(FOS, "write(byte[], int, int)", named("write").and(takesArguments(byte[].class, int.class, int.class)),
                        FileOutputStreamAdvice.WriteRange.class),
                hp(FOS, "close()", named("close").and(takesArguments(0)), FileOutputStreamAdvice.Close.class),

                hp(FIS, "<init>(File)", isConstructor().and(takesArguments(File.class)), FileInputStreamAdvice.Open.class),
                hp(FIS, "read()", named("read").and(takesArguments(0)), FileInputStreamAdvice.ReadByte.class),
                hp(FIS, "read(byte[]...)", named("read").and(takesArguments(byte[].class)
                        .or(takesArguments(byte[].class, int.class, int.class))), FileInputStreamAdvice.ReadArray.class),
                hp(FIS, "readAllBytes(), readNBytes(int)", named("readAllBytes").and(takesArguments(0))
                        .or(named("readNBytes").and(takesArguments(int.class))), FileInputStreamAdvice.ReadToArray.class),
                hp(FIS, "skip(long)", named("skip").and(takesArguments(long.class)), FileInputStreamAdvice.Skip.class),
                hp(FIS, "close()", named("close").and(takesArguments(0)), FileOutputStreamAdvice.Close.class),

                hp(RAF, "<init>(File, String, boolean)", isConstructor().and(takesArguments(File.class, String.class,
                        boolean.class)), RandomAccessFileAdvice.Open.class),
                hp(RAF, "read()", named("read").and(takesArguments(0)), FileInputStreamAdvice.ReadByte.class),
                hp(RAF, "read(byte[]...)", named("read").and(takesArguments(byte[].class)
                        .or(takesArguments(byte[].class, int.class, int.class))), FileInputStreamAdvice.ReadArray.class),
                hp(RAF, "write(int)", named("write").and(takesArguments(int.class)).and(isPublic()),
                        FileOutputStreamAdvice.WriteByte.class),
                hp(RAF, "write(byte[])", named("write").and(takesArguments(byte[].class)),
                        FileOutputStreamAdvice.WriteArray.class),
                hp(RAF, "write(byte[], int, int)", named("write").and(takesArguments(byte[].class, int.class, int.class)),
                        FileOutputStreamAdvice.WriteRange.class),
                hp(RAF, "seek(long)", named("seek").and(takesArguments(long.class)), RandomAccessFileAdvice.Seek.class),
                hpOr(RAF, "setLength(long)", named("setLength").and(takesArguments(long.class)).and(not(isNative())),
                        RandomAccessFileAdvice.SetLength.class,
                        "RandomAccessFile.setLength is native on this JDK: a truncation is seen when the file is closed"),
                hp(RAF, "close()", named("close").and(takesArguments(0)), FileOutputStreamAdvice.Close.class),

                hp(FCH, "<init>", isConstructor(), FileChannelAdvice.Open.class),
                hp(FCH, "read(ByteBuffer), read(ByteBuffer[], int, int)", named("read").and(takesArguments(ByteBuffer.class)
                        .or(takesArguments(ByteBuffer[].class, int.class, int.class))), FileChannelAdvice.Read.class),
                hp(FCH, "read(ByteBuffer, long)", named("read").and(takesArguments(ByteBuffer.class, long.class)),
                        FileChannelAdvice.PRead.class),
                hp(FCH, "write(ByteBuffer), write(ByteBuffer[], int, int)", named("write").and(takesArguments(ByteBuffer.class)
                        .or(takesArguments(ByteBuffer[].class, int.class, int.class))), FileChannelAdvice.Write.class),
                hp(FCH, "write(ByteBuffer, long)", named("write").and(takesArguments(ByteBuffer.class, long.class)),
                        FileChannelAdvice.PWrite.class),
                hp(FCH, "position(long)", named("position").and(takesArguments(long.class)).and(not(isBridge())),
                        RandomAccessFileAdvice.Seek.class),
                hp(FCH, "truncate(long)", named("truncate").and(takesArguments(long.class)).and(not(isBridge())),
                        FileChannelAdvice.Truncate.class),
                hp(FCH, "force(boolean)", named("force").and(takesArguments(boolean.class)), FileChannelAdvice.Force.class),
                hp(FCH, "transferTo(long, long, WritableByteChannel)", named("transferTo").and(takesArguments(3)),
                        FileChannelAdvice.TransferTo.class),
                hp(FCH, "transferFrom(ReadableByteChannel, long, long)", named("transferFrom").and(takesArguments(3)),
                        FileChannelAdvice.TransferFrom.class),
                hp(FCH, "mapInternal(MapMode, long, long, int, boolean)", named("mapInternal").and(takesArguments(5))
                        .and(takesArgument(0, named("java.nio.channels.FileChannel$MapMode"))), FileChannelAdvice.Map.class),
                hp(FCH, "implCloseChannel()", named("implCloseChannel"), FileChannelAdvice.Close.class),
                hp(FCH + "$Unmapper", "unmap()", named("unmap").and(takesArguments(0)).and(not(isAbstract())),
                        FileChannelAdvice.Unmap.class),
                hpOr("java.io.FileDescriptor", "sync()", named("sync").and(takesArguments(0)).and(not(isNative())),
                        FileChannelAdvice.Sync.class,
                        "FileDescriptor.sync is native on this JDK: only FileChannel.force is seen as fsync"),

                hp("java.nio.DirectByteBuffer$Deallocator", "<init>", isConstructor(), DirectBufferAdvice.Allocated.class),
                hp("java.nio.DirectByteBuffer$Deallocator", "run()", named("run"), DirectBufferAdvice.Freed.class),
                hp("sun.nio.ch.Util", "getTemporary*DirectBuffer", nameStartsWith("getTemporary")
                        .and(nameEndsWith("DirectBuffer")), DirectBufferAdvice.JdkTemporary.class),

                hp("sun.nio.ch.SocketChannelImpl", "read(ByteBuffer)", named("read").and(takesArguments(ByteBuffer.class)),
                        SocketChannelAdvice.Read.class),
                hp("sun.nio.ch.SocketChannelImpl", "read(ByteBuffer[], int, int)", named("read")
                        .and(takesArguments(ByteBuffer[].class, int.class, int.class)), SocketChannelAdvice.ReadScatter.class),
                hp("sun.nio.ch.SocketChannelImpl", "write(ByteBuffer)", named("write").and(takesArguments(ByteBuffer.class)),
                        SocketChannelAdvice.Write.class),
                hp("sun.nio.ch.SocketChannelImpl", "write(ByteBuffer[], int, int)", named("write")
                        .and(takesArguments(ByteBuffer[].class, int.class, int.class)), SocketChannelAdvice.WriteGather.class),

                hp("java.io.File", "delete()", named("delete").and(takesArguments(0)), FileSystemAdvice.FileDelete.class),
                hp("sun.nio.fs.UnixFileSystemProvider", "implDelete(Path, boolean)", named("implDelete")
                        .and(takesArguments(2)), FileSystemAdvice.PathDelete.class),
                hp("sun.nio.fs.UnixFileSystemProvider", "newFileChannel/newByteChannel(Path, Set, FileAttribute[])",
                        named("newFileChannel").or(named("newByteChannel")).and(takesArguments(3)),
                        FileSystemAdvice.OpenOptions.class));
    }

    private static HookPoint hp(String cls, String methods,
                                ElementMatcher<? super MethodDescription> m,
                                Class<?> advice) {
        return new HookPoint(cls, methods, m, advice, null);
    }

    private static HookPoint hpOr(String cls, String methods,
                                  ElementMatcher<? super MethodDescription> m,
                                  Class<?> advice, String ifAbsent) {
        return new HookPoint(cls, methods, m, advice, ifAbsent);
    }
}
