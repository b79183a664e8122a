package dev.physmem.model.syscalls;

import dev.physmem.model.filemap.AddressSpace;
import dev.physmem.model.filemap.Filemap;
import dev.physmem.model.filemap.Inodes;
import dev.physmem.model.filemap.Truncate;
import dev.physmem.model.rmap.Mmap;
import dev.physmem.model.rmap.MmStruct;
import dev.physmem.model.sysctl.SysctlTable;
import dev.physmem.model.writeback.BalanceDirtyPages;
import dev.physmem.model.writeback.BdiWriteback;
import dev.physmem.model.writeback.Flusher;

/**
 * The simulated kernel's system calls for one process, each going down the kernel's path:
 * write → generic_perform_write, read → filemap_read, fsync → vfs_fsync_range, ftruncate →
 * truncate_pagecache, unlink → iput_final/evict, mmap/munmap → mm/mmap.c, sync → ksys_sync,
 * drop_caches through the sysctl table. Files live on the machine's disk. Thread-safe; nothing here
 * blocks on simulated time (see {@link Syscalls}).
 */
public final class KernelSyscalls implements Syscalls {
    private final Filemap filemap;
    private final Inodes inodes;
    private final Truncate truncate;
    private final Flusher flusher;
    private final BalanceDirtyPages bdp;
    private final Mmap mmap;
    private final SysctlTable sysctl;
    private final BdiWriteback disk;
    private final MmStruct mm;

    public KernelSyscalls(Filemap filemap, Truncate truncate, Flusher flusher, BalanceDirtyPages bdp, Mmap mmap,
                          SysctlTable sysctl, BdiWriteback disk, MmStruct mm) {
        this.filemap = filemap;
        this.inodes = filemap.inodes();
        this.truncate = truncate;
        this.flusher = flusher;
        this.bdp = bdp;
        this.mmap = mmap;
        this.sysctl = sysctl;
        this.disk = disk;
        this.mm = mm;
    }

    /** The process the calls run in (its mappings, its OOM fate). */
    public MmStruct mm() {
        return mm;
    }

    private AddressSpace inode(int ino) {
        AddressSpace m = inodes.lookup(ino);
        if (m == null) {
            throw new IllegalArgumentException("ENOENT: no inode " + ino);
        }
        return m;
    }

    @Override
    public int createInode(String name) {
        return filemap.createFile(name, disk).ino;
    }

    @Override
    public long fileSize(int ino) {
        return inode(ino).size();
    }

    @Override
    public long write(int ino, long pos, long count) {
        return filemap.genericPerformWrite(inode(ino), pos, count, bdp.current());
    }

    @Override
    public long read(int ino, long pos, long count) {
        return filemap.filemapRead(inode(ino), pos, count);
    }

    @Override
    public long fsync(int ino) {
        return flusher.fsync(inode(ino));
    }

    @Override
    public void truncate(int ino, long length) {
        truncate.truncate(inode(ino), length);
    }

    @Override
    public void unlink(int ino) {
        truncate.unlink(inode(ino));
    }

    @Override
    public long mmap(int ino, long offset, long length) {
        return mmap.mmapFile(mm, inode(ino), offset, length).handle;
    }

    @Override
    public long mmapAnonymous(long length) {
        return mmap.mmapAnonymous(mm, length).handle;
    }

    @Override
    public void munmap(long handle) {
        mmap.munmap(handle);
    }

    @Override
    public long sync() {
        return flusher.sync();
    }

    @Override
    public void dropCaches(int mode) {
        sysctl.set("drop_caches", mode, "syscall");
    }
}
