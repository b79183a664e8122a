package dev.physmem.agent.io;

import dev.physmem.agent.jfr.JfrBridge;
import dev.physmem.model.syscalls.Syscalls;

/**
 * Direct ByteBuffers as anonymous memory: ByteBuffer.allocateDirect zeroes what it allocates, so every
 * page is touched at once (MAP_POPULATE); the buffer's cleaner frees it. Known by the allocation's
 * address, which the JDK's Deallocator carries from allocation to free.
 */
final class DirectBuffers {
    private final Syscalls sys;
    private final AgentCounters counters;
    private final LongLongMap handles = new LongLongMap();
    private final LongLongMap capacities = new LongLongMap();

    DirectBuffers(Syscalls sys, AgentCounters counters) {
        this.sys = sys;
        this.counters = counters;
    }

    void allocated(long address, long capacity) {
        if (address == 0) {
            return;
        }
        long handle = sys.mmapAnonymous(capacity);
        synchronized (this) {
            handles.put(address, handle);
            capacities.put(address, capacity);
        }
        counters.directAllocs.increment();
        counters.directAllocBytes.add(capacity);
        JfrBridge.directBufferAlloc(address, capacity, handle);
    }

    void freed(long address) {
        long handle;
        long capacity;
        synchronized (this) {
            handle = handles.remove(address);
            capacity = capacities.remove(address);
        }
        if (handle != LongLongMap.MISSING) {
            sys.munmap(handle);
            counters.directFrees.increment();
            JfrBridge.directBufferFree(address, capacity, handle);
        }
    }

    synchronized int live() {
        return handles.size();
    }
}
