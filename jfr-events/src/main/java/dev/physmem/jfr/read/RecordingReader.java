package dev.physmem.jfr.read;

import dev.physmem.jfr.events.EventNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import jdk.jfr.EventType;
import jdk.jfr.consumer.EventStream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a physmem recording: a .jfr file, a JFR repository directory (the chunk files a JVM leaves
 * behind when it crashes, or keeps writing while it runs), or a recording that was cut off. What is
 * complete is read; what is not is skipped and said so ({@link #skipped}).
 *
 * <p>Events are streamed one at a time and let go of once handed over, so the heap a read needs does
 * not grow with the recording: a 1 GiB recording reads in 256 MiB. A pass that wants some event types
 * only (a snapshot, or a visitor that names its events) lets JFR skip the rest unparsed and is several
 * times faster than a full parse. Each pass reads the whole recording; a visitor that does several
 * things at once saves passes.
 */
public final class RecordingReader implements AutoCloseable {
    /** How to get physmem events into a recording, for the error that finds none. */
    public static final String HOW_TO_RECORD = "record them with -javaagent:physmem-agent.jar=record=FILE.jfr";

    private final Path source;
    private final List<RecordingPart> parts;
    private final List<String> skipped;
    private Path tempDir;

    private RecordingReader(Path source, List<RecordingPart> parts, List<String> skipped) {
        this.source = source;
        this.parts = parts;
        this.skipped = Collections.unmodifiableList(skipped);
    }

    /**
     * Opens a recording file or repository directory and finds its readable chunks.
     *
     * @throws RecordingException if the path does not exist, is not a recording, or nothing in it is complete
     */
    public static RecordingReader open(Path source) throws RecordingException {
        if (!Files.exists(source)) {
            throw new RecordingException(RecordingException.Kind.NOT_FOUND, source + ": no such file or directory");
        }
        boolean directory = Files.isDirectory(source);
        List<Path> files;
        try {
            files = directory ? chunkFiles(source) : List.of(source);
        } catch (UncheckedIOException e) {
            throw new RecordingException(RecordingException.Kind.IO, source + ": " + e.getCause().getMessage(), e);
        }
        List<RecordingPart> parts = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path f : files) {
            RecordingPart p;
            try {
                p = RecordingPart.scan(f);
            } catch (IOException e) {
                throw new RecordingException(RecordingException.Kind.IO, f + ": " + e.getMessage(), e);
            }
            if (p == null) {
                if (!directory) {
                    throw new RecordingException(RecordingException.Kind.NOT_A_RECORDING,
                            source + ": not a JFR recording");
                }
                skipped.add(f.getFileName() + ": not a JFR chunk (skipped)");
                continue;
            }
            parts.add(p);
            skipped.addAll(p.skipped);
        }
        parts.sort(Comparator.comparingLong(p -> p.chunks.isEmpty() ? Long.MAX_VALUE : p.chunks.get(0).startNanos()));
        if (parts.stream().allMatch(p -> p.chunks.isEmpty())) {
            // One file: its notes repeat its name and "skipped"; say why once.
            String why = skipped.isEmpty() ? "" : directory ? " (" + skipped.get(0) + ")"
                    : ": " + skipped.get(0).replaceFirst("^\\Q" + source.getFileName() + ": \\E", "")
                            .replaceFirst(" \\(skipped\\)$", "");
            throw new RecordingException(RecordingException.Kind.TRUNCATED, source + ": no complete chunk to read" + why);
        }
        return new RecordingReader(source, parts, skipped);
    }

    /** The .jfr files of a repository, or of the one repository below {@code dir}. */
    private static List<Path> chunkFiles(Path dir) throws RecordingException {
        List<Path> jfr = list(dir, p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jfr"));
        if (!jfr.isEmpty()) {
            return jfr;
        }
        List<Path> repos = list(dir, p -> Files.isDirectory(p)
                && !list(p, q -> q.getFileName().toString().endsWith(".jfr")).isEmpty());
        if (repos.size() == 1) {
            return list(repos.get(0), p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jfr"));
        }
        if (repos.isEmpty()) {
            throw new RecordingException(RecordingException.Kind.NOT_A_RECORDING,
                    dir + ": no JFR recording or repository chunks in this directory");
        }
        List<String> names = new ArrayList<>();
        repos.forEach(r -> names.add(r.getFileName().toString()));
        throw new RecordingException(RecordingException.Kind.NOT_A_RECORDING, dir + ": the repositories of "
                + repos.size() + " JVMs (" + String.join(", ", names) + "); name one");
    }

    private static List<Path> list(Path dir, Predicate<Path> filter) {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> out = new ArrayList<>();
            s.filter(filter).sorted().forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path source() {
        return source;
    }

    /**
     * One line per part of the recording that cannot be read or was not finished (a chunk its JVM was
     * still writing), found when it was opened.
     */
    public List<String> skipped() {
        return skipped;
    }

    /** Bytes of the recording that can be read: what progress counts to. */
    public long readableBytes() {
        long n = 0;
        for (RecordingPart p : parts) {
            n += p.readableBytes();
        }
        return n;
    }

    /** When the first readable chunk began. */
    public Instant start() {
        for (RecordingPart p : parts) {
            if (!p.chunks.isEmpty()) {
                return instant(p.chunks.get(0).startNanos());
            }
        }
        throw new IllegalStateException("no readable chunk");
    }

    /** When the last readable chunk ended, as its header says (a chunk cut short may say less). */
    public Instant end() {
        long end = Long.MIN_VALUE;
        for (RecordingPart p : parts) {
            for (ChunkHeader h : p.chunks) {
                end = Math.max(end, h.startNanos() + h.durationNanos());
            }
        }
        return instant(end);
    }

    private static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(0, epochNanos);
    }

    /**
     * Streams the recording to {@code visitor}.
     *
     * @throws RecordingException ({@code CORRUPT}) if not one event could be read, or
     *     ({@code NO_PHYSMEM_EVENTS}) if the recording has none of physmem's
     */
    public ReadSummary read(RecordingVisitor visitor, ProgressListener progress) throws RecordingException {
        return pass(visitor.eventNames(), raw -> decodeTo(raw, visitor), visitor::event, progress);
    }

    private static void decodeTo(RawSnapshot s, RecordingVisitor v) {
        switch (s.kind()) {
            case MEM_INFO: v.memInfo(s.time(), SnapshotDecoder.memInfo(s.rows())); break;
            case VM_STAT: v.vmStat(s.time(), SnapshotDecoder.vmStat(s.rows())); break;
            case ZONE_INFO: v.zoneInfo(s.time(), SnapshotDecoder.zoneInfo(s.rows())); break;
            case BUDDY_INFO: v.freeAreas(s.time(), SnapshotDecoder.freeAreas(s.rows())); break;
            case PAGE_TYPES: v.pageTypes(s.time(), SnapshotDecoder.pageTypes(s.rows())); break;
            default: throw new IllegalStateException(s.kind().toString());
        }
    }

    /** The /proc files {@code sinceStart} after the recording began. */
    public ProcSnapshot snapshotAt(Duration sinceStart, ProgressListener progress) throws RecordingException {
        return snapshotAt(start().plus(sinceStart), progress);
    }

    /** The /proc files as the recording ends. */
    public ProcSnapshot snapshotAtEnd(ProgressListener progress) throws RecordingException {
        return snapshot(null, progress);
    }

    /**
     * The /proc files at {@code at}: each from the last snapshot taken at or before it.
     *
     * @throws RecordingException ({@code NOT_IN_RECORDING}) if {@code at} is outside the recording or
     *     precedes every snapshot, ({@code NO_SNAPSHOTS}) if it has physmem events but no snapshots, or
     *     ({@code NO_PHYSMEM_EVENTS}) if it has no physmem events
     */
    public ProcSnapshot snapshotAt(Instant at, ProgressListener progress) throws RecordingException {
        return snapshot(Objects.requireNonNull(at, "at"), progress);
    }

    /** At {@code at}, or at the end if it is null. */
    private ProcSnapshot snapshot(Instant at, ProgressListener progress) throws RecordingException {
        Map<SnapshotKind, RawSnapshot> latest = new EnumMap<>(SnapshotKind.class);
        Map<SnapshotKind, Instant> first = new EnumMap<>(SnapshotKind.class);
        ReadSummary summary = pass(Set.of(), s -> {
            first.merge(s.kind(), s.time(), (a, b) -> a.isBefore(b) ? a : b);
            if (at != null && s.time().isAfter(at)) {
                return;
            }
            RawSnapshot best = latest.get(s.kind());
            if (best == null || !s.time().isBefore(best.time())) {
                latest.put(s.kind(), s);
            }
        }, e -> {}, progress);
        if (at != null) {
            Instant start = start();
            Instant end = summary.last() != null && summary.last().isAfter(end()) ? summary.last() : end();
            if (at.isBefore(start) || at.isAfter(end)) {
                throw new RecordingException(RecordingException.Kind.NOT_IN_RECORDING, String.format(
                        "%s is outside the recording (0 .. %s s)", seconds(start, at), seconds(start, end)));
            }
        }
        if (latest.isEmpty()) {
            if (first.isEmpty()) {
                throw new RecordingException(RecordingException.Kind.NO_SNAPSHOTS, source
                        + " has no /proc snapshots: dev.physmem.MemInfo and the other snapshot events were not "
                        + "recorded (physmem's default settings record them)");
            }
            Instant earliest = Collections.min(first.values());
            throw new RecordingException(RecordingException.Kind.NOT_IN_RECORDING, String.format(
                    "no /proc snapshot at or before %s s (the first is at %s s)", seconds(start(), at),
                    seconds(start(), earliest)));
        }
        RawSnapshot mem = latest.get(SnapshotKind.MEM_INFO);
        RawSnapshot vm = latest.get(SnapshotKind.VM_STAT);
        RawSnapshot zi = latest.get(SnapshotKind.ZONE_INFO);
        RawSnapshot bi = latest.get(SnapshotKind.BUDDY_INFO);
        RawSnapshot pt = latest.get(SnapshotKind.PAGE_TYPES);
        return new ProcSnapshot(at,
                mem == null ? null : SnapshotDecoder.memInfo(mem.rows()), mem == null ? null : mem.time(),
                vm == null ? null : SnapshotDecoder.vmStat(vm.rows()), vm == null ? null : vm.time(),
                zi == null ? null : SnapshotDecoder.zoneInfo(zi.rows()), zi == null ? null : zi.time(),
                bi == null ? null : SnapshotDecoder.freeAreas(bi.rows()), bi == null ? null : bi.time(),
                pt == null ? null : SnapshotDecoder.pageTypes(pt.rows()), pt == null ? null : pt.time());
    }

    private static String seconds(Instant start, Instant t) {
        return String.format("%.1f", Duration.between(start, t).toMillis() / 1000.0);
    }

    /**
     * One pass over every readable part: snapshot captures to {@code snapshots}, the physmem events
     * named in {@code only} (all of them if null, by a full parse) to {@code events}.
     */
    private ReadSummary pass(Set<String> only, Consumer<RawSnapshot> snapshots, Consumer<RecordedEvent> events,
                             ProgressListener progress) throws RecordingException {
        Pass pass = new Pass(new SnapshotGrouper(snapshots), events);
        List<String> notes = new ArrayList<>(skipped);
        long total = readableBytes();
        long base = 0;
        boolean physmemTypes = false;
        String lastCorrupt = null;
        for (RecordingPart part : parts) {
            if (part.chunks.isEmpty()) {
                continue;
            }
            Path path = readablePath(part);
            pass.bytes = new ByteProgress(part, base, total, progress);
            long before = pass.count;
            String corrupt;
            try {
                physmemTypes |= declaresPhysmemEvents(path);
                corrupt = only == null ? parseAll(path, pass) : stream(path, only, pass);
            } catch (IOException e) {
                corrupt = e.getMessage();
            } catch (VisitorFailure f) {
                throw (RuntimeException) f.getCause();
            } finally {
                deleteCopy(part, path);
            }
            if (corrupt != null) {
                lastCorrupt = String.format("%s: corrupt after %d events (%s); skipped the rest of it",
                        part.file.getFileName(), pass.count - before, corrupt);
                notes.add(lastCorrupt);
            }
            pass.bytes.done();
            base += part.readableBytes();
        }
        pass.grouper.finish();
        if (pass.count == 0 && lastCorrupt != null) {
            throw new RecordingException(RecordingException.Kind.CORRUPT, source + " is corrupt: " + lastCorrupt);
        }
        if (!physmemTypes || (only == null && pass.count == 0)) {
            throw new RecordingException(RecordingException.Kind.NO_PHYSMEM_EVENTS,
                    source + " has no physmem events: " + HOW_TO_RECORD);
        }
        return new ReadSummary(pass.count, pass.first, pass.last, Collections.unmodifiableList(notes),
                pass.grouper.dropped());
    }

    /** What one pass has seen so far. */
    private static final class Pass {
        final SnapshotGrouper grouper;
        final Consumer<RecordedEvent> events;
        ByteProgress bytes;
        long count;
        Instant first;
        Instant last;

        Pass(SnapshotGrouper grouper, Consumer<RecordedEvent> events) {
            this.grouper = grouper;
            this.events = events;
        }

        void accept(RecordedEvent e) {
            count++;
            Instant t = e.getStartTime();
            first = first == null || t.isBefore(first) ? t : first;
            last = last == null || t.isAfter(last) ? t : last;
            try {
                SnapshotKind kind = SnapshotKind.of(e.getEventType().getName());
                if (kind != null) {
                    grouper.accept(kind, e);
                }
                events.accept(e);
            } catch (RuntimeException ex) {
                throw new VisitorFailure(ex);
            }
            bytes.event(t);
        }
    }

    /** A visitor's own exception on its way out of JFR's parser, so it is not taken for damage. */
    private static final class VisitorFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        VisitorFailure(RuntimeException cause) {
            super(cause);
        }
    }

    /** Whether the file's metadata knows a physmem event type (a JVM without physmem has none). */
    private static boolean declaresPhysmemEvents(Path path) throws IOException {
        try (RecordingFile f = new RecordingFile(path)) {
            for (EventType t : f.readEventTypes()) {
                if (t.getName().startsWith(EventNames.PREFIX)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Parses every event with {@link RecordingFile}: damage inside a chunk shows as a parse error.
     * Returns that error's message, or null.
     */
    private static String parseAll(Path path, Pass pass) throws IOException {
        try (RecordingFile file = new RecordingFile(path)) {
            while (true) {
                RecordedEvent e;
                try {
                    if (!file.hasMoreEvents()) {
                        return null;
                    }
                    e = file.readEvent();
                } catch (IOException | RuntimeException ex) {
                    return ex.getMessage();
                }
                if (e.getEventType().getName().startsWith(EventNames.PREFIX)) {
                    pass.accept(e);
                }
            }
        }
    }

    /**
     * Streams only the named events (and the snapshot rows): JFR skips the others by their size
     * without parsing them. Unordered, and without reusing event objects, since captures are kept
     * until they are complete. JFR's stream ends quietly on an I/O error; a parse error is returned.
     */
    private static String stream(Path path, Set<String> only, Pass pass) throws IOException {
        Set<String> names = new TreeSet<>(only);
        for (SnapshotKind k : SnapshotKind.values()) {
            names.addAll(List.of(k.eventNames));
        }
        try (EventStream s = EventStream.openFile(path)) {
            s.setOrdered(false);
            s.setReuse(false);
            for (String name : names) {
                s.onEvent(name, pass::accept);
            }
            s.start();
            return null;
        } catch (VisitorFailure f) {
            throw f;
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    private Path readablePath(RecordingPart part) throws RecordingException {
        try {
            if (part.readableAsIs()) {
                return part.file;
            }
            if (tempDir == null) {
                tempDir = Files.createTempDirectory("physmem-read-");
            }
            return part.readablePath(tempDir);
        } catch (IOException e) {
            throw new RecordingException(RecordingException.Kind.IO, "cannot copy the readable part of "
                    + part.file + " to a temporary file: " + e.getMessage(), e);
        }
    }

    private static void deleteCopy(RecordingPart part, Path path) {
        if (!path.equals(part.file)) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a temporary copy; close() removes its directory too
            }
        }
    }

    @Override
    public void close() {
        if (tempDir != null) {
            try (DirectoryStream<Path> left = Files.newDirectoryStream(tempDir)) {
                for (Path p : left) {
                    Files.deleteIfExists(p);
                }
                Files.deleteIfExists(tempDir);
            } catch (IOException ignored) {
                // nothing more can be done about a temporary directory that will not go
            }
            tempDir = null;
        }
    }
}
