package dev.physmem.model.sysctl;

import dev.physmem.model.trace.Tracepoints;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * /proc/sys/vm: every tunable the model has, by its kernel name. The agent's options, its MBeans and
 * the CLI's sysctl command all go through this table, so validation and side effects are the same
 * everywhere. Every successful write is traced ({@code sysctlChange}) and announced to listeners.
 */
public final class SysctlTable {
    /** Hears of every successful write. */
    public interface Listener {
        void changed(Sysctl entry, String oldValue, String newValue, String source);
    }

    private final Map<String, Sysctl> entries = new TreeMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Tracepoints trace;

    public SysctlTable(Tracepoints trace) {
        this.trace = trace;
    }

    public synchronized void register(Sysctl entry) {
        if (entries.putIfAbsent(entry.name, entry) != null) {
            throw new IllegalStateException("vm." + entry.name + " registered twice");
        }
    }

    public synchronized Collection<Sysctl> entries() {
        return Collections.unmodifiableCollection(new ArrayList<>(entries.values()));
    }

    /** The entry for "dirty_ratio" or "vm.dirty_ratio" (or "vm/dirty_ratio"); throws ENOENT if unknown. */
    public synchronized Sysctl entry(String name) {
        Sysctl e = entries.get(shortName(name));
        if (e == null) {
            throw new SysctlException("ENOENT", "cannot stat /proc/sys/vm/" + shortName(name)
                    + ": No such file or directory");
        }
        return e;
    }

    public synchronized boolean contains(String name) {
        return entries.containsKey(shortName(name));
    }

    public String get(String name) {
        return entry(name).read();
    }

    public long getLong(String name) {
        return entry(name).readLong();
    }

    /**
     * Writes a value as {@code echo VALUE > /proc/sys/vm/NAME} would, on behalf of {@code source}
     * ("option", "jmx", "cli", "test"). Throws SysctlException without changing anything if refused.
     */
    public void set(String name, String value, String source) {
        Sysctl e = entry(name);
        String old;
        String now;
        synchronized (this) {
            old = e.kind == Sysctl.Kind.TRIGGER ? "" : e.read();
            e.write(value);
            now = e.kind == Sysctl.Kind.TRIGGER ? value.trim() : e.read();
        }
        trace.sysctlChange(e.fullName(), old, now, source);
        for (Listener l : listeners) {
            l.changed(e, old, now, source);
        }
    }

    public void set(String name, long value, String source) {
        set(name, Long.toString(value), source);
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    static String shortName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('/', '.');
        return n.startsWith("vm.") ? n.substring(3) : n;
    }
}
