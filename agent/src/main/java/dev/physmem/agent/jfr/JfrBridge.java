package dev.physmem.agent.jfr;

import dev.physmem.agent.boot.Frame;
import dev.physmem.agent.boot.Hooks;
import dev.physmem.agent.io.SyscallThread;
import dev.physmem.jfr.PhysmemJfr;
import dev.physmem.jfr.events.DirectBufferAlloc;
import dev.physmem.jfr.events.DirectBufferFree;
import dev.physmem.jfr.events.FileDelete;
import dev.physmem.jfr.events.FileMap;
import dev.physmem.jfr.events.FileRead;
import dev.physmem.jfr.events.FileSync;
import dev.physmem.jfr.events.FileTruncate;
import dev.physmem.jfr.events.FileUnmap;
import dev.physmem.jfr.events.FileWrite;
import dev.physmem.jfr.events.SocketRead;
import dev.physmem.jfr.events.SocketWrite;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.trace.Tracepoints;
import java.io.IOException;
import java.nio.file.Path;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;

/**
 * Everything the agent asks of JFR, in one file: the tracepoint adapter and snapshot events of the
 * jfr-events module, the record= recording, and the workload input events (what the application did,
 * as the agent saw it, so a recording can be replayed).
 */
public final class JfrBridge {
    private JfrBridge() {}

    /** The tracepoint adapter the machine boots with. */
    public static Tracepoints tracepoints() {
        return PhysmemJfr.tracepoints();
    }

    /**
     * Periodic /proc snapshots and the machine's configuration, once the machine is up, and the
     * snapshots of the freshly booted machine so that every moment from boot on has its /proc files.
     * {@code drain} runs before each periodic capture, so a snapshot holds every call made before it.
     */
    public static void afterBoot(Machine machine, Runnable drain) {
        PhysmemJfr.registerPeriodicEvents(machine).beforeCapture(drain);
        PhysmemJfr.commitMachineConfig(machine);
        PhysmemJfr.commitSnapshots(machine);
    }

    /**
     * Whether JFR is set up (record=, -XX:StartFlightRecording, JMC or jcmd started a recording). Until
     * then no event class is touched: nothing could record it, and loading the first one costs a sixth of
     * a second.
     */
    public static boolean isRecorderUp() {
        return FlightRecorder.isInitialized();
    }

    /**
     * {@link #afterBoot} now if JFR is set up, else at the moment it is: a recording started later from
     * JMC or jcmd still gets the configuration and the periodic /proc snapshots. The agent's own I/O
     * while it does so is not simulated.
     */
    public static void afterBootWhenRecorderUp(Machine machine, Runnable drain) {
        FlightRecorder.addListener(new FlightRecorderListener() {
            @Override
            public void recorderInitialized(FlightRecorder recorder) {
                Frame f = Hooks.enter();
                try {
                    afterBoot(machine, drain);
                } finally {
                    Hooks.leave(f);
                }
            }
        });
    }

    /** Whether {@code nameOrPath} is an accepted jfc= value: "default", "detailed" or a readable .jfc file. */
    public static boolean isConfiguration(String nameOrPath) {
        try {
            PhysmemJfr.configuration(nameOrPath);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Starts the record= recording (the JDK's default settings with physmem's on top); JFR writes it to {@code file} when it stops. */
    public static void startRecording(Path file, String jfc) throws IOException {
        Recording r = new Recording(PhysmemJfr.recordingSettings(jfc));
        r.setName("physmem");
        r.setToDisk(true);
        r.setDestination(file);
        r.start();
    }

    // ---- workload input events (none before JFR is set up: see isRecorderUp) ----

    public static void fileWrite(String path, int ino, long offset, long bytes, long throttleNanos) {
        if (!isRecorderUp()) {
            return;
        }
        FileWrite e = new FileWrite();
        if (e.shouldCommit()) {
            e.thread = SyscallThread.caller();
            e.path = path;
            e.ino = ino;
            e.offset = offset;
            e.length = bytes;
            e.throttle = throttleNanos;
            e.commit();
        }
    }

    public static void fileRead(String path, int ino, long offset, long bytes, long ioWaitNanos) {
        if (!isRecorderUp()) {
            return;
        }
        FileRead e = new FileRead();
        if (e.shouldCommit()) {
            e.thread = SyscallThread.caller();
            e.path = path;
            e.ino = ino;
            e.offset = offset;
            e.length = bytes;
            e.ioWait = ioWaitNanos;
            e.commit();
        }
    }

    public static void fileSync(String path, int ino, long ioWaitNanos) {
        if (!isRecorderUp()) {
            return;
        }
        FileSync e = new FileSync();
        if (e.shouldCommit()) {
            e.thread = SyscallThread.caller();
            e.path = path;
            e.ino = ino;
            e.ioWait = ioWaitNanos;
            e.commit();
        }
    }

    public static void fileTruncate(String path, int ino, long length) {
        if (!isRecorderUp()) {
            return;
        }
        FileTruncate e = new FileTruncate();
        if (e.shouldCommit()) {
            e.thread = SyscallThread.caller();
            e.path = path;
            e.ino = ino;
            e.length = length;
            e.commit();
        }
    }

    public static void fileDelete(String path, int ino) {
        if (!isRecorderUp()) {
            return;
        }
        FileDelete e = new FileDelete();
        if (e.shouldCommit()) {
            e.thread = SyscallThread.caller();
            e.path = path;
            e.ino = ino;
            e.commit();
        }
    }

    public static void fileMap(String path, int ino, long offset, long length, long handle) {
        if (!isRecorderUp()) {
            return;
        }
        FileMap e = new FileMap();
        if (e.shouldCommit()) {
            e.thread = SyscallThread.caller();
            e.path = path;
            e.ino = ino;
            e.offset = offset;
            e.length = length;
            e.mapping = handle;
            e.commit();
        }
    }

    public static void fileUnmap(String path, int ino, long length, long handle) {
        if (!isRecorderUp()) {
            return;
        }
        FileUnmap e = new FileUnmap();
        if (e.shouldCommit()) {
            e.thread = SyscallThread.caller();
            e.path = path;
            e.ino = ino;
            e.length = length;
            e.mapping = handle;
            e.commit();
        }
    }

    public static void directBufferAlloc(long address, long capacity, long handle) {
        if (!isRecorderUp()) {
            return;
        }
        DirectBufferAlloc e = new DirectBufferAlloc();
        if (e.shouldCommit()) {
            e.thread = SyscallThread.caller();
            e.address = address;
            e.capacity = capacity;
            e.mapping = handle;
            e.commit();
        }
    }

    public static void directBufferFree(long address, long capacity, long handle) {
        if (!isRecorderUp()) {
            return;
        }
        DirectBufferFree e = new DirectBufferFree();
        if (e.shouldCommit()) {
            e.thread = SyscallThread.caller();
            e.address = address;
            e.capacity = capacity;
            e.mapping = handle;
            e.commit();
        }
    }

    public static void socketWrite(long bytes, String device) {
        if (!isRecorderUp()) {
            return;
        }
        SocketWrite e = new SocketWrite();
        if (e.shouldCommit()) {
            e.thread = SyscallThread.caller();
            e.length = bytes;
            e.device = device;
            e.commit();
        }
    }

    public static void socketRead(long bytes, String device) {
        if (!isRecorderUp()) {
            return;
        }
        SocketRead e = new SocketRead();
        if (e.shouldCommit()) {
            e.thread = SyscallThread.caller();
            e.length = bytes;
            e.device = device;
            e.commit();
        }
    }
}
