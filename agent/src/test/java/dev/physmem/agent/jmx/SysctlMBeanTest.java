package dev.physmem.agent.jmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.model.Mm;
import dev.physmem.model.machine.Machine;
import dev.physmem.model.testing.TestMachines;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.Attribute;
import javax.management.AttributeChangeNotification;
import javax.management.Descriptor;
import javax.management.InvalidAttributeValueException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.Notification;
import javax.management.ObjectName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sysctl MBean and the /proc views on a real (virtual-time) machine, through an MBean server. */
class SysctlMBeanTest {
    MBeanServer server;
    Machine m;
    ObjectName sysctl;
    ObjectName vmstat;
    /** Drains asked for: every read and write of an MBean comes after the application's queued calls. */
    final AtomicInteger drains = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        m = TestMachines.boot("1g").machine();
        server = MBeanServerFactory.newMBeanServer();
        sysctl = new ObjectName("dev.physmem:type=Sysctl,name=vm");
        vmstat = new ObjectName("dev.physmem:type=VmStat");
        server.registerMBean(new SysctlMBean(m.sysctl, sysctl, drains::incrementAndGet), sysctl);
        server.registerMBean(MBeans.vmStat(m, drains::incrementAndGet), vmstat);
        server.registerMBean(MBeans.memInfo(m, drains::incrementAndGet), new ObjectName("dev.physmem:type=MemInfo"));
    }

    @Test
    void everyReadAndWriteDrainsTheQueuedCallsFirst() throws Exception {
        server.getAttribute(sysctl, "dirty_ratio");
        server.setAttribute(sysctl, new Attribute("dirty_ratio", 30));
        server.getAttribute(vmstat, "nr_dirty_threshold");
        server.getAttributes(new ObjectName("dev.physmem:type=MemInfo"), new String[] {"MemFree", "Dirty"});
        assertThat(drains).hasValue(4);
    }

    @Test
    void everySysctlIsAnAttributeNamedAsTheKernelNamesIt() throws Exception {
        List<String> names = new ArrayList<>();
        for (MBeanAttributeInfo a : server.getMBeanInfo(sysctl).getAttributes()) {
            names.add(a.getName());
        }
        List<String> table = new ArrayList<>();
        m.sysctl.entries().forEach(s -> table.add(s.name));
        assertThat(names).containsExactlyInAnyOrderElementsOf(table).contains("dirty_ratio", "min_free_kbytes");
        assertThat(server.getAttribute(sysctl, "dirty_ratio")).isEqualTo(20);
        assertThat(server.getAttribute(sysctl, "min_free_kbytes")).isEqualTo(m.watermarks.minFreeKbytes());
    }

    @Test
    void mbeanInfoCarriesDescriptionUnitRangeAndDefault() throws Exception {
        MBeanAttributeInfo ratio = Arrays.stream(server.getMBeanInfo(sysctl).getAttributes())
                .filter(a -> a.getName().equals("dirty_ratio")).findFirst().orElseThrow();
        Descriptor d = ratio.getDescriptor();
        assertThat(ratio.getType()).isEqualTo("java.lang.Integer");
        assertThat(ratio.isWritable()).isTrue();
        assertThat(ratio.getDescription()).startsWith("Percentage of dirtyable memory").endsWith("Range: 0 .. 100 %.");
        assertThat(d.getFieldValue("units")).isEqualTo("%");
        assertThat(d.getFieldValue("minValue")).isEqualTo(0);
        assertThat(d.getFieldValue("maxValue")).isEqualTo(100);
        assertThat(d.getFieldValue("defaultValue")).isEqualTo("20");
        assertThat(d.getFieldValue("sysctl")).isEqualTo("vm.dirty_ratio");
    }

    /**
     * dirty_ratio 20 -> 40 moves vmstat's nr_dirty_threshold from 819*avail/4096 to 1638*avail/4096
     * (domain_dirty_limits applies the ratio per PAGE_SIZE); 150 is refused with the range and changes
     * nothing; each accepted change is one AttributeChangeNotification with the ObjectName as source.
     */
    @Test
    void aWriteIsCheckedLikeTheKernelAndAnnounced() throws Exception {
        List<Notification> heard = new ArrayList<>();
        server.addNotificationListener(sysctl, (n, hb) -> heard.add(n), null, null);
        long avail = m.dirtyLimits.globalDirtyableMemory();
        assertThat(server.getAttribute(vmstat, "nr_dirty_threshold")).isEqualTo(819 * avail / Mm.PAGE_SIZE);

        server.setAttribute(sysctl, new Attribute("dirty_ratio", 40));
        assertThat(server.getAttribute(sysctl, "dirty_ratio")).isEqualTo(40);
        assertThat(server.getAttribute(vmstat, "nr_dirty_threshold")).isEqualTo(1638 * avail / Mm.PAGE_SIZE);

        assertThatThrownBy(() -> server.setAttribute(sysctl, new Attribute("dirty_ratio", 150)))
                .isInstanceOf(InvalidAttributeValueException.class)
                .hasMessage("vm.dirty_ratio = 150: Invalid argument (accepted: 0 .. 100 %)");
        assertThat(server.getAttribute(sysctl, "dirty_ratio")).isEqualTo(40);

        assertThat(heard).hasSize(1);
        AttributeChangeNotification n = (AttributeChangeNotification) heard.get(0);
        assertThat(n.getSource()).isEqualTo(sysctl);
        assertThat(n.getAttributeName()).isEqualTo("dirty_ratio");
        assertThat(n.getOldValue()).isEqualTo(20);
        assertThat(n.getNewValue()).isEqualTo(40);
        assertThat(n.getMessage()).isEqualTo("vm.dirty_ratio changed from 20 to 40 (jmx)");
    }

    @Test
    void changesFromElsewhereAreAnnouncedToo() throws Exception {
        List<Notification> heard = new ArrayList<>();
        server.addNotificationListener(sysctl, (n, hb) -> heard.add(n), null, null);
        m.sysctl.set("dirty_background_ratio", "5", "cli");
        assertThat(heard).extracting(Notification::getMessage)
                .containsExactly("vm.dirty_background_ratio changed from 10 to 5 (cli)");
    }

    @Test
    void memInfoAttributesAreTheMeminfoLines() throws Exception {
        ObjectName meminfo = new ObjectName("dev.physmem:type=MemInfo");
        long total = (Long) server.getAttribute(meminfo, "MemTotal");
        assertThat(total).isEqualTo(Mm.pagesToKb(m.totalramPages()));
        assertThat(server.getAttribute(meminfo, "Active(file)")).isEqualTo(0L);
        assertThat(Arrays.stream(server.getMBeanInfo(meminfo).getAttributes())
                .filter(a -> a.getName().equals("MemFree")).findFirst().orElseThrow()
                .getDescriptor().getFieldValue("units")).isEqualTo("kB");
    }

    @Test
    void zoneViewMatchesTheZone() throws Exception {
        var zone = m.zones.stream().filter(z -> z.name.equals("Normal") && z.isPopulated()).findFirst()
                .orElse(m.zones.stream().filter(z -> z.isPopulated()).reduce((a, b) -> b).orElseThrow());
        ObjectName on = new ObjectName("dev.physmem:type=Zone,node=0,name=" + zone.name);
        server.registerMBean(MBeans.zone(m, zone, drains::incrementAndGet), on);
        long free = (Long) server.getAttribute(on, "free");
        long fromOrders = 0;
        for (int order = 0; order < Mm.NR_PAGE_ORDERS; order++) {
            fromOrders += (Long) server.getAttribute(on, "nr_free_order_" + order) << order;
        }
        assertThat(fromOrders).isLessThanOrEqualTo(free);
        assertThat(server.getAttribute(on, "min")).isEqualTo(zone.minWmarkPages());
        assertThat(server.getAttribute(on, "managed")).isEqualTo(zone.managedPages());
    }
}
