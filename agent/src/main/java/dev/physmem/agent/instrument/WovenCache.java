package dev.physmem.agent.instrument;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Woven JDK classes kept between runs, so that a start on a JDK the agent has seen before costs no
 * Byte Buddy at all. An entry is keyed by the JDK (java.home, java.vm.version), the agent jar (size and
 * time) and the CRC of the exact class bytes the JVM handed the transformer, so anything different is
 * woven afresh. The cache lives in the user's own ~/.cache/physmem-agent, created owner-only and used
 * only if nobody else can write to it: what is in it ends up inside java.base.
 */
final class WovenCache {
    /** A cached class and the notes its weaving produced. */
    record Entry(byte[] classFile, List<String> notes) {}

    private final Path dir;

    private WovenCache(Path dir) {
        this.dir = dir;
    }

    /** Entries for this many JDK and agent-jar pairs are kept; the least recently used go. */
    static final int KEPT = 8;

    /** The cache for this JDK and this agent jar, or a cache that keeps nothing if none can be used safely. */
    static WovenCache open(Path agentJar) {
        return open(Path.of(System.getProperty("user.home"), ".cache", "physmem-agent"), agentJar);
    }

    static WovenCache open(Path root, Path agentJar) {
        try {
            Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rwx------");
            if (!Files.isDirectory(root)) {
                Files.createDirectories(root.getParent());
                Files.createDirectory(root, PosixFilePermissions.asFileAttribute(ownerOnly));
            }
            if (!Files.getPosixFilePermissions(root).equals(ownerOnly)
                    || !Files.getOwner(root).getName().equals(System.getProperty("user.name"))) {
                return new WovenCache(null);
            }
            String key = System.getProperty("java.home") + "|" + System.getProperty("java.vm.version") + "|"
                    + Files.size(agentJar) + "|" + Files.getLastModifiedTime(agentJar).toMillis();
            Path dir = root.resolve(Long.toHexString(crc(key.getBytes(StandardCharsets.UTF_8))));
            if (Files.isDirectory(dir)) {
                Files.setLastModifiedTime(dir, FileTime.fromMillis(System.currentTimeMillis()));
            } else {
                // A build the cache has not seen: only then can it hold too many.
                Files.createDirectories(dir);
                prune(root);
            }
            return new WovenCache(dir);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return new WovenCache(null);
        }
    }

    /**
     * Every agent build is a new key: all but the {@link #KEPT} most recently used directories go. A JVM
     * still using one that goes only weaves again.
     */
    private static void prune(Path root) throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(Files::isDirectory).sorted(Comparator.comparing(WovenCache::lastUsed).reversed()).toList();
        }
        for (Path old : dirs.subList(Math.min(KEPT, dirs.size()), dirs.size())) {
            try (Stream<Path> files = Files.list(old)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(old);
            } catch (IOException raced) {
                // another JVM pruned or wrote it meanwhile: the next start tries again
            }
        }
    }

    private static long lastUsed(Path dir) {
        try {
            return Files.getLastModifiedTime(dir).toMillis();
        } catch (IOException gone) {
            return 0;
        }
    }

    static long crc(byte[] bytes) {
        CRC32 c = new CRC32();
        c.update(bytes);
        return c.getValue();
    }

    private Path file(String internalName, long crc, String suffix) {
        return dir.resolve(internalName.replace('/', '.') + "-" + Long.toHexString(crc) + suffix);
    }

    Entry get(String internalName, long crc) {
        if (dir == null) {
            return null;
        }
        try {
            Path woven = file(internalName, crc, ".class");
            if (!Files.isRegularFile(woven)) {
                return null;
            }
            Path notes = file(internalName, crc, ".notes");
            return new Entry(Files.readAllBytes(woven),
                    Files.exists(notes) ? Files.readAllLines(notes, StandardCharsets.UTF_8) : List.of());
        } catch (IOException e) {
            return null;
        }
    }

    /** Stores an entry; a failure only means the next start weaves again. */
    void put(String internalName, long crc, Weaver.Result result) {
        if (dir == null) {
            return;
        }
        try {
            if (!result.notes().isEmpty()) {
                atomically(file(internalName, crc, ".notes"),
                        String.join("\n", result.notes()).getBytes(StandardCharsets.UTF_8));
            }
            atomically(file(internalName, crc, ".class"), result.classFile());
        } catch (IOException ignored) {
            // the cache is only a shortcut
        }
    }

    /** Another JVM starting at the same time may read the entry: it must never see half a file. */
    private static void atomically(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "entry", ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
