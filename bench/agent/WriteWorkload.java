import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The agent-overhead workload: 1 GiB in 4 KiB writes through FileChannel (a direct buffer) and through
 * FileOutputStream (a byte[]), into the page cache of the real kernel, no fsync. A warm-up pass, then
 * the best of ROUNDS timed passes per API, printed as "channel MS" and "stream MS", then where the
 * process's CPU went ({@link ProcessCpu}). Before those, a "pass" line per timed pass gives its time
 * and the application thread's own CPU and run-queue wait during it (the file's deletion left out).
 */
public final class WriteWorkload {
    static final int CHUNK = 4096;
    static final long TOTAL = 1L << 30;

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Path file = dir.resolve("workload.bin");
        channel(file, TOTAL / 4, -1);
        stream(file, TOTAL / 4, -1);
        long bestChannel = Long.MAX_VALUE;
        long bestStream = Long.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            bestChannel = Math.min(bestChannel, channel(file, TOTAL, r));
            bestStream = Math.min(bestStream, stream(file, TOTAL, r));
        }
        System.out.println("channel " + bestChannel / 1_000_000);
        System.out.println("stream " + bestStream / 1_000_000);
        ProcessCpu.print();
    }

    /** One pass through FileChannel; a timed pass ({@code pass} >= 0) prints its "pass" line. */
    static long channel(Path file, long total, int pass) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
        long[] before = ProcessCpu.thisThread();
        long start = System.nanoTime();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long done = 0; done < total; done += CHUNK) {
                buf.clear();
                ch.write(buf);
            }
        }
        long t = System.nanoTime() - start;
        if (pass >= 0) {
            ProcessCpu.printPass("channel", pass, t, before);
        }
        Files.delete(file);
        return t;
    }

    /** One pass through FileOutputStream; a timed pass ({@code pass} >= 0) prints its "pass" line. */
    static long stream(Path file, long total, int pass) throws IOException {
        byte[] buf = new byte[CHUNK];
        long[] before = ProcessCpu.thisThread();
        long start = System.nanoTime();
        try (FileOutputStream out = new FileOutputStream(file.toFile())) {
            for (long done = 0; done < total; done += CHUNK) {
                out.write(buf);
            }
        }
        long t = System.nanoTime() - start;
        if (pass >= 0) {
            ProcessCpu.printPass("stream", pass, t, before);
        }
        Files.delete(file);
        return t;
    }
}
