package dev.physmem.cli.demo;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The application the demo runs under the agent: ordinary Java I/O in phases that make each mechanism
 * of the simulated kernel visible. It announces each phase on stdout ("PHASE name") for the demo's
 * status line. Arguments: SECONDS RAM_BYTES DIR.
 */
public final class DemoWorkload {
    private final long deadlineNanos;
    private final long ram;
    private final Path dir;
    private final long start = System.nanoTime();
    private final double seconds;

    private DemoWorkload(double seconds, long ram, Path dir) {
        this.seconds = seconds;
        this.deadlineNanos = start + (long) (seconds * 1e9);
        this.ram = ram;
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        DemoWorkload w = new DemoWorkload(Double.parseDouble(args[0]), Long.parseLong(args[1]), Path.of(args[2]));
        Files.createDirectories(w.dir);
        w.run();
    }

    private void run() throws Exception {
        phase("log", 0.15, this::sequentialLogWithFsync);
        phase("burst", 0.35, () -> bufferedBurst("burst-1.dat"));
        phase("sysctl", 0.38, this::awaitDirtyRatioChange);
        phase("burst-after-sysctl", 0.55, () -> bufferedBurst("burst-2.dat"));
        phase("random-reads", 0.75, this::randomReadsOverALargeDataSet);
        phase("direct-buffers", 0.82, this::directBuffers);
        phase("mapped-file", 0.88, this::mappedFile);
        phase("socket-dma", 0.95, this::socketThroughDirectBuffers);
        phase("cleanup", 1.0, this::cleanup);
        System.out.println("PHASE done");
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Runs a step, then waits until {@code until} of the demo's time has passed. */
    private void phase(String name, double until, Step step) throws Exception {
        System.out.println("PHASE " + name);
        System.out.flush();
        step.run();
        long target = start + (long) (seconds * until * 1e9);
        while (System.nanoTime() < target) {
            Thread.sleep(20);
        }
    }

    private long phaseEnd(double fraction) {
        return Math.min(deadlineNanos, System.nanoTime() + (long) (seconds * fraction * 1e9));
    }

    /** A write-ahead log: 4 KiB appends, fsync every 16 of them (each fsync writes back and waits). */
    private void sequentialLogWithFsync() throws IOException {
        byte[] record = new byte[4096];
        long end = phaseEnd(0.1);
        try (FileOutputStream log = new FileOutputStream(dir.resolve("app.log").toFile())) {
            for (int i = 0; System.nanoTime() < end && i < 4096; i++) {
                log.write(record);
                if (i % 16 == 15) {
                    log.getFD().sync();
                    log.getChannel().force(false);
                }
            }
        }
    }

    /**
     * Buffered writes of 60% of RAM as fast as the disk takes them: dirty pages pass the background
     * threshold (the flusher starts) and then the dirty_ratio threshold (the writer is throttled). The
     * two bursts together outgrow memory, so reclaim must make room; each is written whole unless the
     * demo's time is up, as the simulated disk (not the clock) sets their pace.
     */
    private void bufferedBurst(String name) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        long total = ram * 6 / 10;
        long end = deadlineNanos;
        try (FileChannel ch = FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long written = 0; written < total && System.nanoTime() < end; ) {
                chunk.clear();
                written += ch.write(chunk);
            }
        }
    }

    /**
     * The demo changes vm.dirty_ratio over JMX, as a user would in JConsole, when this phase begins;
     * the second burst waits for it (through this JVM's own MBean server) so it runs under the new ratio.
     */
    private void awaitDirtyRatioChange() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName vm = new ObjectName("dev.physmem:type=Sysctl,name=vm");
        if (!server.isRegistered(vm)) {
            return;
        }
        Object before = server.getAttribute(vm, "dirty_ratio");
        long end = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < end && before.equals(server.getAttribute(vm, "dirty_ratio"))) {
            Thread.sleep(10);
        }
    }

    /** 4 KiB reads at random over a (sparse) file twice the size of RAM: the cache fills, kswapd reclaims. */
    private void randomReadsOverALargeDataSet() throws IOException {
        Path data = dir.resolve("dataset.dat");
        try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
            f.setLength(ram * 2);
            byte[] page = new byte[4096];
            SplittableRandom rnd = new SplittableRandom(42);
            long pages = ram * 2 / 4096;
            long end = phaseEnd(0.18);
            for (int i = 0; System.nanoTime() < end && i < pages * 2; i++) {
                f.seek(rnd.nextLong(pages) * 4096);
                f.readFully(page);
            }
        }
    }

    /** Direct buffers are anonymous memory until their cleaner runs. */
    private void directBuffers() throws InterruptedException {
        List<ByteBuffer> buffers = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            buffers.add(ByteBuffer.allocateDirect(1 << 20));
        }
        Thread.sleep(200);
        buffers.clear();
        System.gc();
    }

    /** A mapped file: its pages are mapped (mapcount) until the mapping is collected. */
    private void mappedFile() throws IOException, InterruptedException {
        Path p = dir.resolve("mapped.dat");
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, 16L << 20);
            for (int i = 0; i < map.capacity(); i += 4096) {
                map.put(i, (byte) 1);
            }
            map.force();
            Thread.sleep(200);
        }
        System.gc();
    }

    /** Loopback socket I/O from direct buffers: streaming DMA mappings of the simulated network device. */
    private void socketThroughDirectBuffers() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             SocketChannel client = SocketChannel.open(server.getLocalAddress());
             SocketChannel peer = server.accept()) {
            ByteBuffer out = ByteBuffer.allocateDirect(64 << 10);
            ByteBuffer in = ByteBuffer.allocateDirect(64 << 10);
            for (int i = 0; i < 64; i++) {
                out.clear();
                while (out.hasRemaining()) {
                    client.write(out);
                }
                in.clear();
                while (in.hasRemaining()) {
                    peer.read(in);
                }
            }
        }
    }

    /** Deleting the files drops their pages; dirty ones are never written. */
    private void cleanup() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
