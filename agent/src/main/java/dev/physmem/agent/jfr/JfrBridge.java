package dev.physmem.agent.jfr;

import dev.physmem.model.machine.Machine;
import dev.physmem.model.trace.Tracepoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import jdk.jfr.Category;
import jdk.jfr.Configuration;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * Everything the agent asks of JFR, in one file.
 *
 * <p>MERGE POINT (jfr-events): this file is the only one that changes when the jfr-events module lands.
 * {@link #tracepoints} returns {@code PhysmemJfr.tracepoints()}; {@link #afterBoot} calls its
 * {@code attach(machine)} if it has one, {@code registerPeriodicEvents(machine)} and
 * {@code commitMachineConfig(machine)}; {@link #configuration} returns {@code PhysmemJfr.configuration(..)};
 * the workload methods commit {@code dev.physmem.jfr.events.FileWrite} and friends, and the stand-in
 * event classes below are deleted. Until then the stand-ins carry the contract's event names, so a
 * recording made now already holds the workload as the agent saw it.
 */
public final class JfrBridge {
    private JfrBridge() {}

    /** The tracepoint adapter the machine boots with: for now only sysctl changes become events. */
    public static Tracepoints tracepoints() {
        return new Tracepoints() {
            @Override
            public void sysctlChange(String name, String oldValue, String newValue, String source) {
                SysctlChange e = new SysctlChange();
                if (e.shouldCommit()) {
                    e.name = name;
                    e.oldValue = oldValue;
                    e.newValue = newValue;
                    e.source = source;
                    e.commit();
                }
            }
        };
    }

    /** Periodic snapshots and the machine's configuration, once the machine is up (after the merge). */
    public static void afterBoot(Machine machine) {
        // Stand-in: no periodic events exist before the jfr-events module lands.
    }

    /**
     * The settings for {@code jfc=}: "default" or "detailed" (JDK's default.jfc and profile.jfc until
     * physmem.jfc exists), or a .jfc file.
     */
    public static Configuration configuration(String nameOrPath) throws IOException, ParseException {
        switch (nameOrPath) {
            case "default":
                return Configuration.getConfiguration("default");
            case "detailed":
                return Configuration.getConfiguration("profile");
            default:
                return Configuration.create(Path.of(nameOrPath));
        }
    }

    /** Whether {@code nameOrPath} is an accepted jfc= value. */
    public static boolean isConfiguration(String nameOrPath) {
        return nameOrPath.equals("default") || nameOrPath.equals("detailed")
                || (nameOrPath.endsWith(".jfc") && Files.isReadable(Path.of(nameOrPath)));
    }

    /** Starts the record= recording; JFR writes it to {@code file} when it stops. */
    public static Recording startRecording(Path file, String jfc) throws IOException, ParseException {
        Recording r = new Recording(configuration(jfc));
        r.setName("physmem");
        r.setToDisk(true);
        r.setDestination(file);
        r.start();
        return r;
    }

    // ---- workload input events: what the application did, as the agent saw it ----

    public static void fileWrite(String path, int ino, long offset, long bytes, long waitNanos) {
        FileWrite e = new FileWrite();
        if (e.shouldCommit()) {
            e.path = path;
            e.inode = ino;
            e.offset = offset;
            e.bytes = bytes;
            e.simulatedWait = waitNanos;
            e.commit();
        }
    }

    public static void fileRead(String path, int ino, long offset, long bytes, long waitNanos) {
        FileRead e = new FileRead();
        if (e.shouldCommit()) {
            e.path = path;
            e.inode = ino;
            e.offset = offset;
            e.bytes = bytes;
            e.simulatedWait = waitNanos;
            e.commit();
        }
    }

    public static void fileSync(String path, int ino, long waitNanos) {
        FileSync e = new FileSync();
        if (e.shouldCommit()) {
            e.path = path;
            e.inode = ino;
            e.simulatedWait = waitNanos;
            e.commit();
        }
    }

    public static void fileTruncate(String path, int ino, long length) {
        FileTruncate e = new FileTruncate();
        if (e.shouldCommit()) {
            e.path = path;
            e.inode = ino;
            e.length = length;
            e.commit();
        }
    }

    public static void fileMap(String path, int ino, long offset, long length) {
        FileMap e = new FileMap();
        if (e.shouldCommit()) {
            e.path = path;
            e.inode = ino;
            e.offset = offset;
            e.length = length;
            e.commit();
        }
    }

    public static void fileUnmap(String path, int ino, long offset, long length) {
        FileUnmap e = new FileUnmap();
        if (e.shouldCommit()) {
            e.path = path;
            e.inode = ino;
            e.offset = offset;
            e.length = length;
            e.commit();
        }
    }

    public static void directBufferAlloc(long capacity) {
        DirectBufferAlloc e = new DirectBufferAlloc();
        if (e.shouldCommit()) {
            e.capacity = capacity;
            e.commit();
        }
    }

    public static void directBufferFree(long capacity) {
        DirectBufferFree e = new DirectBufferFree();
        if (e.shouldCommit()) {
            e.capacity = capacity;
            e.commit();
        }
    }

    public static void socketWrite(long bytes, boolean direct) {
        SocketWrite e = new SocketWrite();
        if (e.shouldCommit()) {
            e.bytes = bytes;
            e.direct = direct;
            e.commit();
        }
    }

    public static void socketRead(long bytes, boolean direct) {
        SocketRead e = new SocketRead();
        if (e.shouldCommit()) {
            e.bytes = bytes;
            e.direct = direct;
            e.commit();
        }
    }

    // ---- stand-in event classes (deleted at the merge) ----

    @Name("dev.physmem.FileWrite") @Label("File Write") @Category({"Linux Memory", "Workload"}) @StackTrace(false)
    @Description("A write(2) or pwrite(2) of the application, as the agent saw it.")
    static final class FileWrite extends Event {
        @Label("Path") String path;
        @Label("Inode") long inode;
        @Label("Offset") @DataAmount long offset;
        @Label("Bytes") @DataAmount long bytes;
        @Label("Simulated Wait") @Timespan long simulatedWait;
    }

    @Name("dev.physmem.FileRead") @Label("File Read") @Category({"Linux Memory", "Workload"}) @StackTrace(false)
    @Description("A read(2) or pread(2) of the application, as the agent saw it.")
    static final class FileRead extends Event {
        @Label("Path") String path;
        @Label("Inode") long inode;
        @Label("Offset") @DataAmount long offset;
        @Label("Bytes") @DataAmount long bytes;
        @Label("Simulated Wait") @Timespan long simulatedWait;
    }

    @Name("dev.physmem.FileSync") @Label("File Sync") @Category({"Linux Memory", "Workload"}) @StackTrace(false)
    @Description("An fsync(2) of the application (FileChannel.force, FileDescriptor.sync, O_SYNC writes).")
    static final class FileSync extends Event {
        @Label("Path") String path;
        @Label("Inode") long inode;
        @Label("Simulated Wait") @Timespan long simulatedWait;
    }

    @Name("dev.physmem.FileTruncate") @Label("File Truncate") @Category({"Linux Memory", "Workload"})
    @StackTrace(false) @Description("A file's size was set (ftruncate, O_TRUNC): pages past it leave the page cache.")
    static final class FileTruncate extends Event {
        @Label("Path") String path;
        @Label("Inode") long inode;
        @Label("Length") @DataAmount long length;
    }

    @Name("dev.physmem.FileMap") @Label("File Map") @Category({"Linux Memory", "Workload"}) @StackTrace(false)
    @Description("FileChannel.map: mmap(2) of a file range.")
    static final class FileMap extends Event {
        @Label("Path") String path;
        @Label("Inode") long inode;
        @Label("Offset") @DataAmount long offset;
        @Label("Length") @DataAmount long length;
    }

    @Name("dev.physmem.FileUnmap") @Label("File Unmap") @Category({"Linux Memory", "Workload"}) @StackTrace(false)
    @Description("A file mapping went away: unmapped, its arena closed, or its buffer collected.")
    static final class FileUnmap extends Event {
        @Label("Path") String path;
        @Label("Inode") long inode;
        @Label("Offset") @DataAmount long offset;
        @Label("Length") @DataAmount long length;
    }

    @Name("dev.physmem.DirectBufferAlloc") @Label("Direct Buffer Allocation") @Category({"Linux Memory", "Workload"})
    @StackTrace(false) @Description("ByteBuffer.allocateDirect: anonymous memory, every page touched.")
    static final class DirectBufferAlloc extends Event {
        @Label("Capacity") @DataAmount long capacity;
    }

    @Name("dev.physmem.DirectBufferFree") @Label("Direct Buffer Free") @Category({"Linux Memory", "Workload"})
    @StackTrace(false) @Description("A direct buffer's memory was freed by its cleaner.")
    static final class DirectBufferFree extends Event {
        @Label("Capacity") @DataAmount long capacity;
    }

    @Name("dev.physmem.SocketWrite") @Label("Socket Write") @Category({"Linux Memory", "Workload"})
    @StackTrace(false) @Description("Bytes a socket channel sent (or a transferTo moved from a file to a socket).")
    static final class SocketWrite extends Event {
        @Label("Bytes") @DataAmount long bytes;
        @Label("From a Direct Buffer") boolean direct;
    }

    @Name("dev.physmem.SocketRead") @Label("Socket Read") @Category({"Linux Memory", "Workload"})
    @StackTrace(false) @Description("Bytes a socket channel received (or a transferFrom moved from a socket to a file).")
    static final class SocketRead extends Event {
        @Label("Bytes") @DataAmount long bytes;
        @Label("Into a Direct Buffer") boolean direct;
    }

    @Name("dev.physmem.SysctlChange") @Label("Sysctl Change") @Category({"Linux Memory", "Configuration"})
    @StackTrace(false) @Description("A vm.* sysctl changed (agent option, JMX, CLI).")
    static final class SysctlChange extends Event {
        @Label("Name") String name;
        @Label("Old Value") String oldValue;
        @Label("New Value") String newValue;
        @Label("Source") String source;
    }
}
