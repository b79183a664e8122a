package dev.physmem.model.testing;

import dev.physmem.model.syscalls.Syscalls;
import java.util.ArrayList;
import java.util.List;

/**
 * The files and mappings a random workload works on, and the calls on them that property tests share.
 * Each call takes the random numbers of one generated step; a call on a file when none is left does
 * nothing. {@code filePages} bounds offsets, {@code mapPages} file mappings and {@code anonPages}
 * anonymous ones.
 */
public final class RandomCalls {
    private final Syscalls sys;
    private final int filePages;
    private final int mapPages;
    private final int anonPages;
    private final List<Integer> files = new ArrayList<>();
    private final List<Long> maps = new ArrayList<>();

    public RandomCalls(Syscalls sys, int filePages, int mapPages, int anonPages) {
        this.sys = sys;
        this.filePages = filePages;
        this.mapPages = mapPages;
        this.anonPages = anonPages;
        create();
    }

    /** The file step {@code a} works on, or -1 when every file has been deleted. */
    public int file(int a) {
        return files.isEmpty() ? -1 : files.get(a % files.size());
    }

    /** A page-aligned offset within the bounds from {@code b}. */
    public long pageOffset(int b) {
        return (long) (b % filePages) * 4096;
    }

    public void create() {
        files.add(sys.createInode("f" + files.size()));
    }

    public void truncate(int a, long length) {
        int file = file(a);
        if (file >= 0) {
            sys.truncate(file, length);
        }
    }

    public void unlink(int a) {
        int file = file(a);
        if (file >= 0) {
            sys.unlink(file);
            files.remove(Integer.valueOf(file));
        }
    }

    public void mmap(int a, int b, int c) {
        int file = file(a);
        if (file >= 0) {
            maps.add(sys.mmap(file, pageOffset(b), 4096L * (1 + c % mapPages)));
        }
    }

    public void mmapAnonymous(int b) {
        maps.add(sys.mmapAnonymous(4096L * (1 + b % anonPages)));
    }

    public void munmap(int b) {
        if (!maps.isEmpty()) {
            sys.munmap(maps.remove(b % maps.size()));
        }
    }
}
