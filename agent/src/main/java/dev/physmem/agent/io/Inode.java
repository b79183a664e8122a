package dev.physmem.agent.io;

/**
 * The simulated inode of one real file: its number in the simulated kernel, how many open files use
 * it, and whether its last name is gone (then its pages go when the last open file closes, as iput()
 * evicts an unlinked inode). Guarded by {@link Inodes}.
 */
final class Inode {
    final FileId id;
    final int ino;
    /** The name the file was first seen under, for events and reports. */
    final String path;
    int openCount;
    boolean unlinked;

    Inode(FileId id, int ino, String path) {
        this.id = id;
        this.ino = ino;
        this.path = path;
    }
}
