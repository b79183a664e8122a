package dev.physmem.agent.jmx;

import dev.physmem.agent.Simulation;
import dev.physmem.agent.boot.Hooks;
import dev.physmem.agent.io.AgentCounters;
import dev.physmem.agent.io.Translator;
import java.util.List;

/** The Agent MBean over the simulation's counters, read after the application's queued calls have run. */
final class AgentView implements AgentMXBean {
    private final Simulation simulation;
    private final AgentCounters c;
    private final Translator translator;

    AgentView(Simulation simulation, Translator translator) {
        this.simulation = simulation;
        this.c = simulation.counters();
        this.translator = translator;
    }

    private AgentCounters drained() {
        simulation.drain();
        return c;
    }

    @Override
    public String getOptions() {
        return simulation.options().toString();
    }

    @Override
    public long getWrites() {
        return drained().writes.sum();
    }

    @Override
    public long getWriteBytes() {
        return drained().writeBytes.sum();
    }

    @Override
    public long getReads() {
        return drained().reads.sum();
    }

    @Override
    public long getReadBytes() {
        return drained().readBytes.sum();
    }

    @Override
    public long getFsyncs() {
        return drained().fsyncs.sum();
    }

    @Override
    public long getTruncates() {
        return drained().truncates.sum();
    }

    @Override
    public long getUnlinks() {
        return drained().unlinks.sum();
    }

    @Override
    public long getOpens() {
        return drained().opens.sum();
    }

    @Override
    public long getMmaps() {
        return drained().mmaps.sum();
    }

    @Override
    public long getMunmaps() {
        return drained().munmaps.sum();
    }

    @Override
    public long getDirectAllocs() {
        return drained().directAllocs.sum();
    }

    @Override
    public long getDirectAllocBytes() {
        return drained().directAllocBytes.sum();
    }

    @Override
    public long getDirectFrees() {
        return drained().directFrees.sum();
    }

    @Override
    public long getSocketSends() {
        return drained().socketSends.sum();
    }

    @Override
    public long getSocketSendBytes() {
        return drained().socketSendBytes.sum();
    }

    @Override
    public long getSocketReceives() {
        return drained().socketReceives.sum();
    }

    @Override
    public long getSocketReceiveBytes() {
        return drained().socketReceiveBytes.sum();
    }

    @Override
    public long getWaitNanos() {
        return drained().waitNanos.sum();
    }

    @Override
    public long getQueueFullWaits() {
        return c.queueFullWaits.sum();
    }

    @Override
    public long getQueueDrops() {
        return c.queueDrops.sum();
    }

    @Override
    public long getQueueBacklog() {
        return simulation.backlog();
    }

    @Override
    public int getOpenFiles() {
        simulation.drain();
        return translator.openFiles();
    }

    @Override
    public int getInodes() {
        simulation.drain();
        return translator.inodes();
    }

    @Override
    public long getSuppressedThrowables() {
        simulation.drain();
        return Hooks.SUPPRESSED.get();
    }

    @Override
    public String getLastSuppressedThrowable() {
        Throwable t = Hooks.lastSuppressed;
        return t == null ? "" : t.toString();
    }

    @Override
    public long getCallsWhileBooting() {
        return simulation.callsWhileBooting();
    }

    @Override
    public long getWorkFailures() {
        return simulation.workFailures();
    }

    @Override
    public String getLastWorkFailure() {
        return simulation.lastWorkFailure();
    }

    @Override
    public List<String> getUnobservable() {
        return simulation.unobservable();
    }

    @Override
    public List<String> getInstrumentationFailures() {
        return simulation.instrumentationFailures();
    }
}
