package dev.physmem.cli.source;

import dev.physmem.cli.live.LiveJvm;
import dev.physmem.model.proc.MemInfo;
import dev.physmem.model.proc.PageTypeInfo;
import dev.physmem.model.proc.VmStatFile;
import dev.physmem.model.proc.ZoneInfo;

/** A running JVM: its /proc files read over JMX and parsed the way procps parses the real ones. */
public final class LiveSource implements Source {
    private final LiveJvm jvm;
    private final long connectedAt = System.nanoTime();

    public LiveSource(LiveJvm jvm) {
        this.jvm = jvm;
    }

    public LiveJvm jvm() {
        return jvm;
    }

    @Override
    public String describe() {
        return "PID " + jvm.pid();
    }

    @Override
    public ProcSnapshot at(Moment at) {
        double seconds = (System.nanoTime() - connectedAt) / 1e9;
        return new ProcSnapshot(seconds, MemInfo.parse(jvm.proc("meminfo")), VmStatFile.parse(jvm.proc("vmstat")),
                ZoneInfo.parse(jvm.proc("zoneinfo")), PageTypeInfo.parse(jvm.proc("pagetypeinfo")), null);
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public void close() {
        jvm.close();
    }
}
