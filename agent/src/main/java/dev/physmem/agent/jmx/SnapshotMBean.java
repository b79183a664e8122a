package dev.physmem.agent.jmx;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.ImmutableDescriptor;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.openmbean.SimpleType;

/**
 * A read-only MBean over one /proc file's numbers (meminfo, vmstat, a zone of zoneinfo and buddyinfo):
 * one long attribute per line, named as the line, with its unit and kind (gauge or counter) in the
 * descriptor. A read takes one snapshot, so the attributes read together are consistent; it drains the
 * application's queued calls first, so it sees all of them.
 */
final class SnapshotMBean implements DynamicMBean {
    /** One attribute: its name, what it means, its unit ("" for none) and "gauge" or "counter". */
    record Line(String name, String description, String unit, String metricType) {}

    private final Supplier<long[]> capture;
    private final Runnable drain;
    private final Map<String, Integer> index = new HashMap<>();
    private final MBeanInfo info;

    SnapshotMBean(String description, List<Line> lines, Supplier<long[]> capture, Runnable drain) {
        this.capture = capture;
        this.drain = drain;
        MBeanAttributeInfo[] attrs = new MBeanAttributeInfo[lines.size()];
        for (int i = 0; i < attrs.length; i++) {
            Line l = lines.get(i);
            index.put(l.name(), i);
            Map<String, Object> d = new HashMap<>();
            d.put("openType", SimpleType.LONG);
            d.put("originalType", "long");
            d.put("metricType", l.metricType());
            if (!l.unit().isEmpty()) {
                d.put("units", l.unit());
            }
            attrs[i] = new MBeanAttributeInfo(l.name(), "long", l.description(), true, false, false,
                    new ImmutableDescriptor(d));
        }
        info = new MBeanInfo(getClass().getName(), description, attrs, null, null, null);
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        Integer i = index.get(attribute);
        if (i == null) {
            throw new AttributeNotFoundException(attribute);
        }
        return snapshot()[i];
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        long[] snapshot = snapshot();
        AttributeList list = new AttributeList();
        for (String a : attributes) {
            Integer i = index.get(a);
            if (i != null) {
                list.add(new Attribute(a, snapshot[i]));
            }
        }
        return list;
    }

    private long[] snapshot() {
        drain.run();
        return capture.get();
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException(attribute.getName() + " is read-only");
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) throws MBeanException {
        throw new MBeanException(new UnsupportedOperationException(actionName), "this MBean has no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return info;
    }
}
