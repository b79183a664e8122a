package dev.physmem.agent.jmx;

import dev.physmem.agent.Simulation;
import dev.physmem.agent.boot.Hooks;
import dev.physmem.agent.io.AgentCounters;
import dev.physmem.agent.io.Translator;
import java.util.List;

/** The Agent MBean over the simulation's counters. */
final class AgentView implements AgentMXBean {
    private final Simulation simulation;
    private final AgentCounters c;
    private final Translator translator;

    AgentView(Simulation simulation, Translator translator) {
        this.simulation = simulation;
        this.c = simulation.counters();
        this.translator = translator;
    }

    @Override
    public String getOptions() {
        return simulation.options().toString();
    }

    @Override
    public long getWrites() {
        return c.writes.sum();
    }

    @Override
    public long getWriteBytes() {
        return c.writeBytes.sum();
    }

    @Override
    public long getReads() {
        return c.reads.sum();
    }

    @Override
    public long getReadBytes() {
        return c.readBytes.sum();
    }

    @Override
    public long getFsyncs() {
        return c.fsyncs.sum();
    }

    @Override
    public long getTruncates() {
        return c.truncates.sum();
    }

    @Override
    public long getUnlinks() {
        return c.unlinks.sum();
    }

    @Override
    public long getOpens() {
        return c.opens.sum();
    }

    @Override
    public long getMmaps() {
        return c.mmaps.sum();
    }

    @Override
    public long getMunmaps() {
        return c.munmaps.sum();
    }

    @Override
    public long getDirectAllocs() {
        return c.directAllocs.sum();
    }

    @Override
    public long getDirectAllocBytes() {
        return c.directAllocBytes.sum();
    }

    @Override
    public long getDirectFrees() {
        return c.directFrees.sum();
    }

    @Override
    public long getSocketSends() {
        return c.socketSends.sum();
    }

    @Override
    public long getSocketSendBytes() {
        return c.socketSendBytes.sum();
    }

    @Override
    public long getSocketReceives() {
        return c.socketReceives.sum();
    }

    @Override
    public long getSocketReceiveBytes() {
        return c.socketReceiveBytes.sum();
    }

    @Override
    public long getWaitNanos() {
        return c.waitNanos.sum();
    }

    @Override
    public int getOpenFiles() {
        return translator.openFiles();
    }

    @Override
    public int getInodes() {
        return translator.inodes();
    }

    @Override
    public long getSuppressedThrowables() {
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
