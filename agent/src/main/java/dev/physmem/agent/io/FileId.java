package dev.physmem.agent.io;

/**
 * What makes two names the same file: st_dev and st_ino, as a Linux kernel knows an inode. Where the
 * file system gives no inode number, the absolute path stands in ({@code dev} is then -1).
 */
record FileId(long dev, long ino, String path) {
    static FileId of(long dev, long ino) {
        return new FileId(dev, ino, null);
    }

    static FileId ofPath(String absolutePath) {
        return new FileId(-1, -1, absolutePath);
    }
}
