package dev.physmem.agent.io;

import dev.physmem.agent.jfr.JfrBridge;
import dev.physmem.model.syscalls.Syscalls;
import java.util.HashMap;
import java.util.Map;

/**
 * The inode cache: real files (by st_dev/st_ino) to simulated inodes. When a file is opened the
 * simulated size is brought in line with the real one, so a file that existed before the agent, or that
 * something the agent cannot see changed (another process, O_TRUNC, a native copy), starts right: the
 * size is set with ftruncate, which never reads or dirties pages.
 */
final class Inodes {
    private final Syscalls sys;
    private final AgentCounters counters;
    private final Map<FileId, Inode> byId = new HashMap<>();

    Inodes(Syscalls sys, AgentCounters counters) {
        this.sys = sys;
        this.counters = counters;
    }

    /** An open of the file {@code st} describes, named {@code path}: the inode, with one more opener. */
    synchronized Inode open(FileStat st, String path) {
        Inode inode = byId.get(st.id());
        if (inode == null) {
            inode = new Inode(st.id(), sys.createInode(path), path);
            byId.put(st.id(), inode);
            if (st.size() > 0) {
                sys.truncate(inode.ino, st.size());
            }
        } else {
            reconcile(inode, path, st.size());
        }
        inode.openCount++;
        return inode;
    }

    /** The real file is {@code realSize} long: a shorter one lost its tail pages (O_TRUNC, truncation unseen). */
    synchronized void reconcile(Inode inode, String path, long realSize) {
        long simulated = sys.fileSize(inode.ino);
        if (realSize == simulated) {
            return;
        }
        sys.truncate(inode.ino, realSize);
        if (realSize < simulated) {
            counters.truncates.increment();
            JfrBridge.fileTruncate(path, inode.ino, realSize);
        }
    }

    /** An open file of the inode closed (or was collected); the last close of an unlinked inode drops it. */
    synchronized void release(Inode inode) {
        if (--inode.openCount == 0 && inode.unlinked) {
            sys.unlink(inode.ino);
        }
    }

    /** A name of the file {@code st} described (taken before the unlink) is gone. */
    synchronized void unlink(FileStat st) {
        Inode inode = byId.get(st.id());
        if (inode == null || st.nlink() > 1) {
            return;
        }
        byId.remove(st.id());
        inode.unlinked = true;
        counters.unlinks.increment();
        JfrBridge.fileDelete(inode.path, inode.ino);
        if (inode.openCount == 0) {
            sys.unlink(inode.ino);
        }
    }

    synchronized int size() {
        return byId.size();
    }
}
