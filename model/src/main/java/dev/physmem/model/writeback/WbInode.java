package dev.physmem.model.writeback;

import dev.physmem.model.filemap.AddressSpace;

/**
 * The writeback half of {@code struct inode}: its dirty state ({@code i_state}), when it was first
 * dirtied ({@code dirtied_when}, jiffies) and its place on one of its bdi_writeback's lists
 * ({@code i_io_list}: b_dirty, b_io or b_more_io). All of it is guarded by the wb's list_lock except
 * {@link #iState}, which dirtiers read without it, as __mark_inode_dirty() does.
 */
public final class WbInode {
    public static final int I_DIRTY_PAGES = 1 << 2;
    public static final int I_SYNC = 1 << 7;
    public static final int I_FREEING = 1 << 5;
    public static final int I_SYNC_QUEUED = 1 << 17;

    /** The inode number, for tracepoints. */
    public final int ino;
    /** The inode's page cache. */
    public final AddressSpace mapping;
    volatile int iState;
    long dirtiedWhen;
    WbInode ioPrev;
    WbInode ioNext;
    IoList ioList;

    public WbInode(int ino, AddressSpace mapping) {
        this.ino = ino;
        this.mapping = mapping;
    }

    public int iState() {
        return iState;
    }

    public long dirtiedWhen() {
        return dirtiedWhen;
    }

    /** A list of inodes threaded through i_io_list; newest at the head, as list_add() leaves them. */
    static final class IoList {
        final String name;
        WbInode head;
        WbInode tail;
        int length;

        IoList(String name) {
            this.name = name;
        }

        boolean isEmpty() {
            return head == null;
        }

        void addHead(WbInode inode) {
            inode.ioPrev = null;
            inode.ioNext = head;
            if (head == null) {
                tail = inode;
            } else {
                head.ioPrev = inode;
            }
            head = inode;
            inode.ioList = this;
            length++;
        }

        void remove(WbInode inode) {
            if (inode.ioPrev == null) {
                head = inode.ioNext;
            } else {
                inode.ioPrev.ioNext = inode.ioNext;
            }
            if (inode.ioNext == null) {
                tail = inode.ioPrev;
            } else {
                inode.ioNext.ioPrev = inode.ioPrev;
            }
            inode.ioPrev = null;
            inode.ioNext = null;
            inode.ioList = null;
            length--;
        }

        /** list_splice_init(this, to): every entry goes in front of {@code to}'s, in order. */
        void spliceInit(IoList to) {
            while (tail != null) {
                WbInode last = tail;
                remove(last);
                to.addHead(last);
            }
        }
    }
}
