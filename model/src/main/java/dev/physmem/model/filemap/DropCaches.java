package dev.physmem.model.filemap;

import dev.physmem.model.sysctl.Sysctl;
import dev.physmem.model.sysctl.SysctlTable;
import dev.physmem.model.vmstat.VmEventItem;
import dev.physmem.model.vmstat.VmStat;

/**
 * fs/drop_caches.c: {@code echo N > /proc/sys/vm/drop_caches}. Bit 1 drops the clean, unmapped,
 * unused page cache of every file (drop_pagecache_sb → invalidate_mapping_pages); bit 2 would shrink
 * the slab caches, which the simulator does not have; bit 4 only silences the log line.
 */
public final class DropCaches {
    private final Inodes inodes;
    private final Truncate truncate;
    private final VmStat vmStat;

    public DropCaches(Inodes inodes, Truncate truncate, VmStat vmStat) {
        this.inodes = inodes;
        this.truncate = truncate;
        this.vmStat = vmStat;
    }

    /** drop_caches_sysctl_handler(); returns the page-cache pages dropped. */
    public long dropCaches(int mode) {
        long dropped = 0;
        if ((mode & 1) != 0) {
            for (AddressSpace mapping : inodes.all()) {
                dropped += truncate.invalidateMappingPages(mapping);
            }
            vmStat.countVmEvents(VmEventItem.DROP_PAGECACHE, 1);
        }
        if ((mode & 2) != 0) {
            vmStat.countVmEvents(VmEventItem.DROP_SLAB, 1);
        }
        return dropped;
    }

    /** vm.drop_caches: write-only, 1..4. */
    public void registerSysctl(SysctlTable table) {
        table.register(Sysctl.ofTrigger("drop_caches", 1, 4,
                "Write 1 to drop clean unused page cache, 2 for reclaimable slab, 3 for both (4 silences the log line).",
                v -> dropCaches((int) v)));
    }
}
