package dev.physmem.agent.io;

import dev.physmem.agent.jfr.JfrBridge;
import dev.physmem.model.syscalls.Syscalls;

/**
 * File mappings (FileChannel.map, and the MemorySegment map of JDK 19+): each lives from the JDK's
 * mapInternal until its Unmapper runs, whether the application unmapped it, closed its arena, or the
 * buffer was collected and its cleaner ran.
 */
final class Mappings {
    private record Mapping(long handle, String path, int ino, long offset, long length) {}

    private final Syscalls sys;
    private final AgentCounters counters;
    private final WeakIdentityMap<Mapping> byUnmapper;

    Mappings(Syscalls sys, AgentCounters counters) {
        this.sys = sys;
        this.counters = counters;
        this.byUnmapper = new WeakIdentityMap<>(this::drop);
    }

    void map(Object unmapper, OpenFile f, long offset, long length) {
        Mapping m = new Mapping(sys.mmap(f.ino, offset, length), f.path, f.ino, offset, length);
        byUnmapper.putIfAbsent(unmapper, m);
        counters.mmaps.increment();
        JfrBridge.fileMap(f.path, f.ino, offset, length, m.handle);
    }

    void unmap(Object unmapper) {
        Mapping m = byUnmapper.remove(unmapper);
        if (m != null) {
            drop(m);
        }
    }

    private void drop(Mapping m) {
        sys.munmap(m.handle);
        counters.munmaps.increment();
        JfrBridge.fileUnmap(m.path, m.ino, m.length, m.handle);
    }
}
