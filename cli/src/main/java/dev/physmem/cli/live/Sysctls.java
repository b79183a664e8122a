package dev.physmem.cli.live;

import dev.physmem.cli.CliException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.MBeanAttributeInfo;

/**
 * sysctl(8) over JMX: reads and writes the simulated vm.* tunables of a live JVM with sysctl's syntax,
 * output ("vm.dirty_ratio = 20") and messages.
 */
public final class Sysctls {
    private final LiveJvm jvm;
    private final Map<String, MBeanAttributeInfo> attributes = new LinkedHashMap<>();

    public Sysctls(LiveJvm jvm) {
        this.jvm = jvm;
        for (MBeanAttributeInfo a : jvm.sysctlAttributes()) {
            attributes.put(a.getName(), a);
        }
    }

    /** sysctl -a: every readable tunable, sorted by name. */
    public List<String> all() {
        List<String> lines = new ArrayList<>();
        attributes.keySet().stream().sorted().forEach(name -> {
            if (attributes.get(name).isReadable()) {
                lines.add(line(name, read(name)));
            }
        });
        return lines;
    }

    /** sysctl vm.NAME. */
    public String get(String key) {
        String name = attribute(key);
        if (!attributes.get(name).isReadable()) {
            throw new CliException("sysctl: permission denied on key '" + key + "'");
        }
        return line(name, read(name));
    }

    /** sysctl vm.NAME=VALUE: returns what sysctl echoes; refused writes say why and what is accepted. */
    public String set(String key, String value) {
        String name = attribute(key);
        MBeanAttributeInfo info = attributes.get(name);
        if (!info.isWritable()) {
            throw new CliException("sysctl: setting key \"vm." + name + "\": Read-only file system");
        }
        Object typed;
        try {
            typed = convert(value.trim(), info.getType());
        } catch (NumberFormatException e) {
            throw new CliException("sysctl: setting key \"vm." + name + "\": Invalid argument ("
                    + range(info) + ")");
        }
        try {
            jvm.setAttribute(LiveJvm.SYSCTL, name, typed);
        } catch (Exception e) {
            String reason = JmxErrors.message(e);
            int open = reason.indexOf(": ");
            String detail = open >= 0 ? reason.substring(open + 2) : reason;
            throw new CliException("sysctl: setting key \"vm." + name + "\": " + detail);
        }
        return line(name, info.isReadable() ? read(name) : value.trim());
    }

    private String attribute(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT).replace('/', '.');
        String name = k.startsWith("vm.") ? k.substring(3) : k;
        if (!attributes.containsKey(name)) {
            throw new CliException("sysctl: cannot stat /proc/sys/" + k.replace('.', '/')
                    + ": No such file or directory");
        }
        return name;
    }

    private String read(String name) {
        try {
            Object v = jvm.getAttribute(LiveJvm.SYSCTL, name);
            return String.valueOf(v);
        } catch (Exception e) {
            throw new CliException("sysctl: reading key \"vm." + name + "\": " + JmxErrors.message(e), e);
        }
    }

    private static String line(String name, String value) {
        return "vm." + name + " = " + value;
    }

    private static Object convert(String value, String type) {
        switch (type) {
            case "int":
            case "java.lang.Integer":
                return Integer.parseInt(value);
            case "long":
            case "java.lang.Long":
                return Long.parseLong(value);
            default:
                return value;
        }
    }

    private static String range(MBeanAttributeInfo info) {
        Object min = info.getDescriptor().getFieldValue("minValue");
        Object max = info.getDescriptor().getFieldValue("maxValue");
        if (min == null && max == null) {
            return "expected a number";
        }
        return "accepted: " + (min == null ? "" : min) + " .. " + (max == null ? "" : max);
    }
}
