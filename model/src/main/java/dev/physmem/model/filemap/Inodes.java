package dev.physmem.model.filemap;

import dev.physmem.model.writeback.BdiWriteback;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The inode table of the simulated file system: inode number to file. Inode numbers start at 12, the
 * first one ext4 gives a regular file, and are never reused, so a stale number never reaches another
 * file's pages. Lookups read a published array without locking.
 */
public final class Inodes {
    /** EXT4_GOOD_OLD_FIRST_INO + 1. */
    public static final int FIRST_INO = 12;

    private volatile AddressSpace[] table = new AddressSpace[64];
    private int nextIno = FIRST_INO;

    /** new_inode() + d_instantiate(): a new empty regular file on {@code wb}'s device. */
    public synchronized AddressSpace create(String name, BdiWriteback wb) {
        int ino = nextIno++;
        AddressSpace[] t = table;
        if (ino >= t.length) {
            t = Arrays.copyOf(t, t.length * 2);
        }
        AddressSpace m = new AddressSpace(ino, name, wb);
        t[ino] = m;
        table = t;
        return m;
    }

    /** The live file with this inode number, or null. */
    public AddressSpace lookup(int ino) {
        AddressSpace[] t = table;
        return ino > 0 && ino < t.length ? t[ino] : null;
    }

    /** Drops the inode from the table once it is evicted. */
    synchronized void remove(AddressSpace m) {
        AddressSpace[] t = table;
        if (t[m.ino] == m) {
            t[m.ino] = null;
        }
    }

    /** Every live file (iterate_supers + the superblock's inode list). */
    public List<AddressSpace> all() {
        AddressSpace[] t = table;
        List<AddressSpace> out = new ArrayList<>();
        for (AddressSpace m : t) {
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }
}
