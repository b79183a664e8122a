package dev.physmem.jfr;

import dev.physmem.jfr.snapshot.ProcSnapshots;
import dev.physmem.model.machine.Machine;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import jdk.jfr.Configuration;

/**
 * How a machine gets into a JFR recording. The usual sequence:
 *
 * <pre>{@code
 * JfrTracepoints trace = PhysmemJfr.tracepoints();
 * Machine m = Machine.boot(config, clock, trace);
 * PhysmemJfr.registerPeriodicEvents(m);   // attaches trace to m; /proc snapshots, MachineConfig per chunk
 * Recording r = new Recording();
 * r.setSettings(PhysmemJfr.recordingSettings("default"));   // the JDK's default.jfc plus physmem.jfc
 * r.start();
 * PhysmemJfr.commitMachineConfig(m);      // only if the recording began before registerPeriodicEvents
 * ...
 * PhysmemJfr.commitSnapshots(m);          // the final state, just before r.stop()
 * }</pre>
 *
 * <p>A recording started with {@code -XX:StartFlightRecording:settings=default,settings=PATH/physmem.jfc}
 * gets the same ({@link #jfcText} gives the file's text). The workload events
 * ({@code dev.physmem.jfr.events.FileWrite} and the others of that category) are committed by their
 * observer, the agent, directly. One machine per recording: snapshots of two machines in one
 * recording cannot be told apart.
 */
public final class PhysmemJfr {
    /** Names {@link #configuration} accepts besides a path. */
    public static final String DEFAULT = "default";
    public static final String DETAILED = "detailed";

    private static final Map<Machine, ProcSnapshots> REGISTERED = new IdentityHashMap<>();

    private PhysmemJfr() {}

    /** A new adapter from the model's tracepoints to JFR events, to pass to {@link Machine#boot}. */
    public static JfrTracepoints tracepoints() {
        return new JfrTracepoints();
    }

    /**
     * Registers the machine's periodic events (the /proc snapshots and, at every chunk start, the
     * machine configuration) and attaches its {@link JfrTracepoints}, if it was booted with them.
     * Registering a machine twice is harmless.
     */
    public static ProcSnapshots registerPeriodicEvents(Machine m) {
        synchronized (REGISTERED) {
            ProcSnapshots s = REGISTERED.get(m);
            if (s == null) {
                if (m.trace instanceof JfrTracepoints) {
                    ((JfrTracepoints) m.trace).attach(m);
                }
                s = new ProcSnapshots(m);
                s.register();
                REGISTERED.put(m, s);
            }
            return s;
        }
    }

    public static void unregisterPeriodicEvents(Machine m) {
        synchronized (REGISTERED) {
            ProcSnapshots s = REGISTERED.remove(m);
            if (s != null) {
                s.unregister();
            }
        }
    }

    /** The MachineConfig event now: for a recording that began before the machine was registered. */
    public static void commitMachineConfig(Machine m) {
        snapshots(m).commitMachineConfig();
    }

    /** Every enabled /proc snapshot event now, e.g. the final state just before a recording ends. */
    public static void commitSnapshots(Machine m) {
        snapshots(m).commitAll();
    }

    private static ProcSnapshots snapshots(Machine m) {
        synchronized (REGISTERED) {
            ProcSnapshots s = REGISTERED.get(m);
            return s != null ? s : new ProcSnapshots(m);
        }
    }

    /**
     * physmem's settings: {@code default} (snapshots, writeback, throttling, reclaim, OOM, DMA
     * allocations, errors, workload input, sysctl changes) or {@code detailed} (every per-page event
     * too), or a .jfc file. Only physmem's events are in them; see {@link #recordingSettings}.
     *
     * @throws IllegalArgumentException with a one-line reason if the file cannot be used
     */
    public static Configuration configuration(String nameOrPath) {
        String resource = resourceOf(nameOrPath);
        try {
            if (resource != null) {
                try (InputStream in = PhysmemJfr.class.getResourceAsStream(resource);
                     Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                    return Configuration.create(r);
                }
            }
            return Configuration.create(Path.of(nameOrPath));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(nameOrPath + ": no such file (settings are default, detailed or a .jfc file)");
        } catch (IOException | ParseException e) {
            throw new IllegalArgumentException(nameOrPath + ": not a readable .jfc file (" + e.getMessage() + ")");
        }
    }

    /**
     * The JDK's own {@code default} settings with physmem's on top: what the agent's {@code record=}
     * option records, and what {@code -XX:StartFlightRecording:settings=default,settings=physmem.jfc} gives.
     */
    public static Map<String, String> recordingSettings(String nameOrPath) {
        Map<String, String> settings = new LinkedHashMap<>();
        try {
            settings.putAll(Configuration.getConfiguration("default").getSettings());
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("the JDK's default.jfc cannot be read", e);
        }
        settings.putAll(configuration(nameOrPath).getSettings());
        return settings;
    }

    /** The .jfc text of {@code default} or {@code detailed}, for writing it where -XX:StartFlightRecording can read it. */
    public static String jfcText(String name) throws IOException {
        String resource = resourceOf(name);
        if (resource == null) {
            throw new IllegalArgumentException(name + ": physmem ships default and detailed");
        }
        try (InputStream in = PhysmemJfr.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String resourceOf(String name) {
        if (DEFAULT.equals(name)) {
            return "physmem.jfc";
        }
        if (DETAILED.equals(name)) {
            return "physmem-detailed.jfc";
        }
        return null;
    }
}
