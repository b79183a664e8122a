package dev.physmem.agent.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/** The stat(2) fields the agent needs: identity, size, whether it is a regular file, and its link count. */
record FileStat(FileId id, long size, boolean regular, int nlink) {
    /** S_IFMT and S_IFREG of st_mode. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;

    /**
     * stat(2), or lstat(2) if {@code follow} is false; null if the name does not exist. Uses the
     * "unix" attribute view (Linux), falling back to the basic view and the path as identity.
     */
    static FileStat of(Path path, boolean follow) {
        LinkOption[] opts = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        try {
            Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino,mode,nlink,size", opts);
            int mode = (Integer) a.get("mode");
            return new FileStat(FileId.of((Long) a.get("dev"), (Long) a.get("ino")), (Long) a.get("size"),
                    (mode & S_IFMT) == S_IFREG, (Integer) a.get("nlink"));
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            try {
                BasicFileAttributes b = Files.readAttributes(path, BasicFileAttributes.class, opts);
                return new FileStat(FileId.ofPath(path.toAbsolutePath().normalize().toString()), b.size(),
                        b.isRegularFile(), 1);
            } catch (IOException notThere) {
                return null;
            }
        } catch (IOException notThere) {
            return null;
        }
    }
}
