package dev.physmem.agent.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The application the integration tests run with and without the agent: it writes, reads, fsyncs,
 * truncates, maps, deletes and allocates direct buffers, hits I/O errors of its own, prints what it
 * saw and exits with status 3. One class without lambdas, so all of its code is loaded before it
 * starts. With "pause" it prints "ready" and "done" around the work and waits for a line each time,
 * so a test can look at it over JMX in between. With "early" it works at once, while a plain agent's
 * machine is still booting, then prints "done" and waits for a line.
 */
public final class IoApp {
    static final int PAGE = 4096;

    private IoApp() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        boolean pause = args.length > 1 && args[1].equals("pause");
        boolean early = args.length > 1 && args[1].equals("early");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        ByteBuffer kept = null;
        if (pause) {
            System.out.println("ready");
            in.readLine();
        }
        kept = work(dir);
        if (pause || early) {
            System.out.println("done");
            in.readLine();
        }
        System.out.println("direct buffer capacity " + kept.capacity());
        System.exit(3);
    }

    static ByteBuffer work(Path dir) throws IOException {
        Path a = dir.resolve("a.bin");
        Path b = dir.resolve("b.bin");
        Path c = dir.resolve("c.bin");
        byte[] page = new byte[PAGE];
        for (int i = 0; i < PAGE; i++) {
            page[i] = (byte) i;
        }
        // 1 MiB through FileOutputStream in 4 KiB writes, then fsync through its channel.
        try (FileOutputStream out = new FileOutputStream(a.toFile())) {
            for (int i = 0; i < 256; i++) {
                out.write(page);
            }
            out.getChannel().force(true);
        }
        // RandomAccessFile: 10000 bytes, then 100 over the start.
        try (RandomAccessFile raf = new RandomAccessFile(b.toFile(), "rw")) {
            raf.write(new byte[10000]);
            raf.seek(0);
            raf.write(page, 0, 100);
        }
        // FileChannel: a write, a positional write past a hole, a positional read, fdatasync, truncate.
        try (FileChannel ch = FileChannel.open(c, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            ch.write(ByteBuffer.wrap(new byte[2 * PAGE]));
            ch.write(ByteBuffer.wrap(page), 16 * PAGE);
            ByteBuffer r = ByteBuffer.allocate(PAGE);
            ch.read(r, 0);
            ch.force(false);
            ch.truncate(2 * PAGE);
            System.out.println("c.bin " + ch.size());
        }
        // Read a.bin back in 64 KiB reads.
        long sum = 0;
        long total = 0;
        try (FileInputStream fin = new FileInputStream(a.toFile())) {
            byte[] buf = new byte[16 * PAGE];
            for (int n; (n = fin.read(buf)) > 0; ) {
                total += n;
                for (int i = 0; i < n; i++) {
                    sum += buf[i];
                }
            }
        }
        System.out.println("a.bin " + total + " bytes, sum " + sum);
        System.out.println("b.bin " + Files.readAllBytes(b).length + " bytes");
        // Map c.bin, store into the mapping (invisible to any agent), and flush it.
        try (FileChannel ch = FileChannel.open(c, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, 2 * PAGE);
            m.put(0, (byte) 42);
            m.force();
        }
        ByteBuffer d1 = ByteBuffer.allocateDirect(1 << 20);
        ByteBuffer d2 = ByteBuffer.allocateDirect(1 << 20);
        d1.putInt(0, 1);
        // The application's own I/O errors: they reach it unchanged.
        try {
            Files.readAllBytes(dir.resolve("missing.bin"));
        } catch (IOException e) {
            System.out.println("error " + e.getClass().getSimpleName() + " " + dir.relativize(Path.of(e.getMessage())));
        }
        FileOutputStream closed = new FileOutputStream(dir.resolve("e.bin").toFile());
        closed.close();
        try {
            closed.write(1);
        } catch (IOException e) {
            System.out.println("error " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
        Files.delete(a);
        System.out.println("b.bin deleted " + new File(b.toString()).delete());
        System.out.println("a.bin exists " + Files.exists(a));
        return d2;
    }
}
