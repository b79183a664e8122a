package dev.physmem.agent.io;

import dev.physmem.agent.net.NetDma;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.syscalls.Syscalls;
import dev.physmem.model.testing.TestMachines;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Syscalls that records every call as the line a strace would show ("write(1, 0, 4096)") and keeps
 * i_size as the kernel would; writes and fsyncs return the waits the test sets.
 */
final class RecordingSyscalls implements Syscalls {
    final List<String> calls = new ArrayList<>();
    final Map<Integer, Long> sizes = new HashMap<>();
    long writeWait;
    long fsyncWait;
    private int nextIno = 1;
    private long nextHandle = 100;

    /** A translator over these calls, with a 64 MiB machine's network device, as the sink tests use one. */
    Translator translator(AgentCounters counters) {
        Machine machine = TestMachines.boot("64m").machine();
        return new Translator(this, Throttle.RECORD, counters, new NetDma(machine, counters), List::of);
    }

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    synchronized void clear() {
        calls.clear();
    }

    @Override
    public synchronized int createInode(String name) {
        int ino = nextIno++;
        sizes.put(ino, 0L);
        calls.add("createInode(" + name + ")=" + ino);
        return ino;
    }

    @Override
    public synchronized long fileSize(int ino) {
        return sizes.get(ino);
    }

    @Override
    public synchronized long write(int ino, long pos, long count) {
        sizes.merge(ino, pos + count, Math::max);
        calls.add("write(" + ino + ", " + pos + ", " + count + ")");
        return writeWait;
    }

    @Override
    public synchronized long read(int ino, long pos, long count) {
        calls.add("read(" + ino + ", " + pos + ", " + count + ")");
        return 0;
    }

    @Override
    public synchronized long fsync(int ino) {
        calls.add("fsync(" + ino + ")");
        return fsyncWait;
    }

    @Override
    public synchronized void truncate(int ino, long length) {
        sizes.put(ino, length);
        calls.add("truncate(" + ino + ", " + length + ")");
    }

    @Override
    public synchronized void unlink(int ino) {
        calls.add("unlink(" + ino + ")");
    }

    @Override
    public synchronized long mmap(int ino, long offset, long length) {
        calls.add("mmap(" + ino + ", " + offset + ", " + length + ")=" + nextHandle);
        return nextHandle++;
    }

    @Override
    public synchronized long mmapAnonymous(long length) {
        calls.add("mmapAnonymous(" + length + ")=" + nextHandle);
        return nextHandle++;
    }

    @Override
    public synchronized void munmap(long handle) {
        calls.add("munmap(" + handle + ")");
    }

    @Override
    public synchronized long sync() {
        calls.add("sync()");
        return 0;
    }

    @Override
    public synchronized void dropCaches(int mode) {
        calls.add("dropCaches(" + mode + ")");
    }
}
