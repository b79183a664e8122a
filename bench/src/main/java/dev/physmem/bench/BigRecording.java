package dev.physmem.bench;

import dev.physmem.jfr.PhysmemJfr;
import dev.physmem.model.Mm;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.machine.MachineConfig;
import dev.physmem.model.syscalls.Syscalls;
import dev.physmem.model.time.VirtualScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import jdk.jfr.Recording;

/**
 * Makes a large recording for the reader benchmarks (bench/recording/run.sh): a 1 GiB machine in virtual
 * time, recorded with physmem's detailed settings (every page event), writing, fsyncing, reading and
 * deleting files until the recording reaches the asked size. Usage: BigRecording OUT.jfr MEBIBYTES.
 */
public final class BigRecording {
    private BigRecording() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        long target = Long.parseLong(args[1]) << 20;
        VirtualScheduler clock = new VirtualScheduler();
        Machine m = Machine.boot(MachineConfig.defaults().withRam(1L << 30), clock, PhysmemJfr.tracepoints());
        m.cpus.bind(0);
        PhysmemJfr.registerPeriodicEvents(m);
        Syscalls sys = m.syscalls();
        long start = System.nanoTime();
        long files = 0;
        try (Recording r = new Recording(PhysmemJfr.configuration(PhysmemJfr.DETAILED))) {
            r.setDestination(out);
            r.start();
            while (r.getSize() < target) {
                // 64 MiB per file: written, half of it fsynced, read back, then deleted.
                int ino = sys.createInode("f" + files++);
                for (long off = 0; off < (64L << 20); off += 1 << 20) {
                    clock.advance(sys.write(ino, off, 1 << 20));
                }
                clock.advance(sys.fsync(ino));
                for (long off = 0; off < (64L << 20); off += 16 * Mm.PAGE_SIZE) {
                    clock.advance(sys.read(ino, off, 16 * Mm.PAGE_SIZE));
                }
                sys.unlink(ino);
                clock.advance(Mm.PAGE_SIZE); // let the flusher and kswapd run
                PhysmemJfr.commitSnapshots(m);
            }
            r.stop();
        }
        System.out.printf("%s: %d MiB of recording from %d files of 64 MiB in %d ms%n", out, Files.size(out) >> 20, files,
                (System.nanoTime() - start) / 1_000_000);
    }
}
