package dev.physmem.jfr;

import dev.physmem.jfr.read.ProcFile;
import dev.physmem.model.alloc.Gfp;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.time.VirtualScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A JVM that records a machine as the agent would: started with -XX:StartFlightRecording and physmem's
 * settings, it boots a machine with physmem's tracepoints, goes through three phases, writes what each
 * phase's /proc files printed to {@code OUT/phase-N-NAME}, and registers the periodic events. With
 * {@code exit} it then ends (JFR writes the recording); with {@code hang} it says READY and waits to
 * be killed, leaving a repository behind.
 */
public final class RecordingWorkload {
    private RecordingWorkload() {}

    public static void main(String[] args) throws Exception {
        boolean hang = args[0].equals("hang");
        Path out = Path.of(args[1]);
        Machine m = Machine.boot(MachineConfig.defaults().withRam(256L << 20), new VirtualScheduler(),
                PhysmemJfr.tracepoints());
        m.cpus.bind(0);
        PhysmemJfr.commitMachineConfig(m);
        for (int phase = 0; phase < 3; phase++) {
            for (int i = 0; i < 100 * phase; i++) {
                m.pageAlloc.allocPages(i % 2 == 0 ? Gfp.GFP_KERNEL : Gfp.GFP_HIGHUSER_MOVABLE, i % 3);
            }
            Map<ProcFile, String> texts = ProcTexts.render(m);
            PhysmemJfr.commitSnapshots(m);
            PhaseMarker.mark(phase);
            for (Map.Entry<ProcFile, String> t : texts.entrySet()) {
                Files.writeString(out.resolve("phase-" + phase + "-" + t.getKey().procName), t.getValue());
            }
        }
        // Periodic snapshots only now: a capture racing the phases would be taken between two of them.
        PhysmemJfr.registerPeriodicEvents(m);
        if (hang) {
            System.out.println("READY");
            System.out.flush();
            Thread.sleep(600_000);
        }
    }
}
