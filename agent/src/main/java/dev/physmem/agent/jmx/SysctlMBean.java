package dev.physmem.agent.jmx;

import dev.physmem.model.sysctl.Sysctl;
import dev.physmem.model.sysctl.SysctlException;
import dev.physmem.model.sysctl.SysctlTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Attribute;
import javax.management.AttributeChangeNotification;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.Descriptor;
import javax.management.DynamicMBean;
import javax.management.ImmutableDescriptor;
import javax.management.InvalidAttributeValueException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/**
 * {@code dev.physmem:type=Sysctl,name=vm}: /proc/sys/vm as an MBean, generated from the machine's sysctl
 * table. Each attribute is named as the kernel names the sysctl ({@code dirty_ratio}) and carries its
 * description, unit, range and default in MBeanInfo. A write goes through the table, so it is checked
 * as the kernel checks it: a refused value fails with the accepted range and changes nothing. Every
 * change, whoever made it, is an AttributeChangeNotification (and, through the table's tracepoint, a
 * SysctlChange event).
 */
final class SysctlMBean extends NotificationBroadcasterSupport implements DynamicMBean {
    private final SysctlTable table;
    private final ObjectName name;
    private final Map<String, Sysctl> entries = new TreeMap<>();
    private final MBeanInfo info;
    private final AtomicLong sequence = new AtomicLong();
    private final Runnable drain;

    /** {@code drain} runs before every read and write, so both come after the application's earlier calls. */
    SysctlMBean(SysctlTable table, ObjectName name, Runnable drain) {
        super(new MBeanNotificationInfo(new String[] {AttributeChangeNotification.ATTRIBUTE_CHANGE},
                AttributeChangeNotification.class.getName(), "A vm sysctl changed."));
        this.table = table;
        this.name = name;
        this.drain = drain;
        List<MBeanAttributeInfo> attrs = new ArrayList<>();
        for (Sysctl s : table.entries()) {
            entries.put(s.name, s);
            attrs.add(attributeInfo(s));
        }
        info = new MBeanInfo(getClass().getName(), "The vm.* sysctls of the simulated kernel (/proc/sys/vm).",
                attrs.toArray(new MBeanAttributeInfo[0]), null, null, getNotificationInfo());
        table.addListener(this::changed);
    }

    private static OpenType<?> openType(Sysctl s) {
        switch (s.kind) {
            case ULONG: return SimpleType.LONG;
            case INT_VECTOR: return SimpleType.STRING;
            default: return SimpleType.INTEGER;
        }
    }

    private static MBeanAttributeInfo attributeInfo(Sysctl s) {
        OpenType<?> type = openType(s);
        Map<String, Object> d = new TreeMap<>();
        d.put("openType", type);
        d.put("originalType", type.getClassName());
        d.put("sysctl", s.fullName());
        d.put("range", s.range());
        if (!s.unit.isEmpty()) {
            d.put("units", s.unit);
        }
        if (s.kind != Sysctl.Kind.INT_VECTOR) {
            d.put("minValue", typed(s, s.min));
            d.put("maxValue", typed(s, s.max));
        }
        if (s.kind != Sysctl.Kind.TRIGGER) {
            d.put("defaultValue", s.defaultValue());
        }
        Descriptor descriptor = new ImmutableDescriptor(d);
        String description = s.description + " Range: " + s.range() + (s.unit.isEmpty() ? "" : " " + s.unit) + ".";
        boolean readable = s.kind != Sysctl.Kind.TRIGGER;
        return new MBeanAttributeInfo(s.name, type.getClassName(), description, readable, true, false, descriptor);
    }

    private static Object typed(Sysctl s, long v) {
        return s.kind == Sysctl.Kind.ULONG ? (Object) v : (Object) (int) Math.max(Integer.MIN_VALUE,
                Math.min(Integer.MAX_VALUE, v));
    }

    private static Object value(Sysctl s, String text) {
        switch (s.kind) {
            case ULONG: return Long.parseLong(text);
            case INT_VECTOR: return text;
            default: return Integer.parseInt(text);
        }
    }

    private Sysctl entry(String attribute) throws AttributeNotFoundException {
        Sysctl s = entries.get(attribute);
        if (s == null) {
            throw new AttributeNotFoundException("no vm sysctl named " + attribute);
        }
        return s;
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        Sysctl s = entry(attribute);
        if (s.kind == Sysctl.Kind.TRIGGER) {
            throw new AttributeNotFoundException(s.fullName() + " is write-only");
        }
        drain.run();
        return value(s, s.read());
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException, InvalidAttributeValueException {
        Sysctl s = entry(attribute.getName());
        Object v = attribute.getValue();
        if (v == null) {
            throw new InvalidAttributeValueException(s.fullName() + ": a value is needed (accepted: " + s.range() + ")");
        }
        drain.run();
        try {
            table.set(s.name, v.toString(), "jmx");
        } catch (SysctlException e) {
            throw new InvalidAttributeValueException(e.getMessage());
        }
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        AttributeList list = new AttributeList();
        for (String a : attributes) {
            try {
                list.add(new Attribute(a, getAttribute(a)));
            } catch (AttributeNotFoundException ignored) {
                // AttributeList leaves out what cannot be read, as the JMX contract asks.
            }
        }
        return list;
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        AttributeList set = new AttributeList();
        for (Attribute a : attributes.asList()) {
            try {
                setAttribute(a);
                set.add(new Attribute(a.getName(), entries.get(a.getName()).kind == Sysctl.Kind.TRIGGER
                        ? a.getValue() : getAttribute(a.getName())));
            } catch (AttributeNotFoundException | InvalidAttributeValueException refused) {
                // Left out of the returned list: the caller sees which attributes were not set.
            }
        }
        return set;
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) {
        throw new UnsupportedOperationException("dev.physmem:type=Sysctl,name=vm has no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return info;
    }

    private void changed(Sysctl s, String oldValue, String newValue, String source) {
        Object oldV = s.kind == Sysctl.Kind.TRIGGER ? null : value(s, oldValue);
        Object newV = value(s, newValue);
        sendNotification(new AttributeChangeNotification(name, sequence.incrementAndGet(), System.currentTimeMillis(),
                s.fullName() + " changed from " + oldValue + " to " + newValue + " (" + source + ")",
                s.name, openType(s).getClassName(), oldV, newV));
    }
}
