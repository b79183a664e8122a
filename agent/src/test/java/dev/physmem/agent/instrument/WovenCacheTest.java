package dev.physmem.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache keeps the most recently used agent builds and lets older ones go. */
class WovenCacheTest {
    @TempDir
    Path home;

    @Test
    void onlyTheMostRecentlyUsedBuildsAreKept() throws IOException {
        Path root = home.resolve("physmem-agent");
        Files.createDirectory(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        for (int i = 0; i < WovenCache.KEPT + 3; i++) {
            Path old = Files.createDirectory(root.resolve("build" + i));
            Files.write(old.resolve("java.io.File-1.class"), new byte[] {1});
            Files.setLastModifiedTime(old, FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        Path jar = Files.write(home.resolve("agent.jar"), new byte[] {1, 2, 3});

        WovenCache.open(root, jar);

        List<String> left;
        try (Stream<Path> s = Files.list(root)) {
            left = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        // This build's new directory and the KEPT - 1 most recently used of the others.
        assertThat(left).hasSize(WovenCache.KEPT).doesNotContain("build0", "build1", "build2", "build3")
                .contains("build4", "build" + (WovenCache.KEPT + 2));
    }

    /** A start of a build already cached lists nothing and deletes nothing: it only marks the build used. */
    @Test
    void aKnownBuildIsMarkedUsedWithoutPruning() throws IOException {
        Path root = home.resolve("physmem-agent");
        Files.createDirectory(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path jar = Files.write(home.resolve("agent.jar"), new byte[] {1, 2, 3});
        WovenCache.open(root, jar);
        Path mine;
        try (Stream<Path> s = Files.list(root)) {
            mine = s.findFirst().orElseThrow();
        }
        Files.setLastModifiedTime(mine, FileTime.fromMillis(1_000_000L));
        for (int i = 0; i < WovenCache.KEPT + 3; i++) {
            Files.createDirectory(root.resolve("build" + i));
        }

        WovenCache.open(root, jar);

        try (Stream<Path> s = Files.list(root)) {
            assertThat(s.count()).isEqualTo(WovenCache.KEPT + 4);
        }
        assertThat(Files.getLastModifiedTime(mine).toMillis()).isGreaterThan(1_000_000L);
    }
}
