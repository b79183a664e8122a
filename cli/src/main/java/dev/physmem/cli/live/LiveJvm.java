package dev.physmem.cli.live;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import dev.physmem.cli.CliException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.management.Attribute;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A running JVM with the physmem agent, reached the way JConsole reaches it: the Attach API starts the
 * JVM's local JMX agent, and the CLI talks to the agent's MBeans over it.
 */
public final class LiveJvm implements AutoCloseable {
    public static final ObjectName KERNEL = name("dev.physmem:type=Kernel");
    public static final ObjectName SYSCTL = name("dev.physmem:type=Sysctl,name=vm");
    public static final ObjectName VMSTAT = name("dev.physmem:type=VmStat");

    private static final Duration POLL = Duration.ofMillis(100);

    private final long pid;
    private final JMXConnector connector;
    private final MBeanServerConnection mbeans;

    private LiveJvm(long pid, JMXConnector connector) throws IOException {
        this.pid = pid;
        this.connector = connector;
        this.mbeans = connector.getMBeanServerConnection();
    }

    /** Parses a PID argument; anything else is a usage error. */
    public static long parsePid(String text) {
        try {
            long pid = Long.parseLong(text.trim());
            if (pid <= 0) {
                throw new NumberFormatException();
            }
            return pid;
        } catch (NumberFormatException e) {
            throw CliException.usage("'" + text + "' is not a PID");
        }
    }

    /** Connects to {@code pid}; fails with one line if it is gone, not a JVM, or has no physmem agent. */
    public static LiveJvm connect(long pid) {
        return connect(pid, Duration.ZERO);
    }

    /**
     * Connects to {@code pid}, waiting up to {@code patience} for the agent's MBeans: a dynamically loaded
     * agent boots its machine on a background thread and registers them when it is ready.
     */
    public static LiveJvm connect(long pid, Duration patience) {
        LiveJvm jvm = connectJmx(pid);
        long deadline = System.nanoTime() + patience.toNanos();
        try {
            while (!jvm.mbeans.isRegistered(KERNEL)) {
                if (System.nanoTime() - deadline >= 0) {
                    jvm.close();
                    throw new CliException("PID " + pid + " runs no physmem agent; load it with: physmem attach " + pid);
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (IOException e) {
            jvm.close();
            throw new CliException("lost the connection to PID " + pid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            jvm.close();
            throw new CliException("interrupted while waiting for the agent in PID " + pid, e);
        }
        return jvm;
    }

    /** Connects to the JVM's MBean server whether or not the agent is loaded. */
    static LiveJvm connectJmx(long pid) {
        VirtualMachine vm = attach(pid);
        try {
            String address = vm.getAgentProperties()
                    .getProperty("com.sun.management.jmxremote.localConnectorAddress");
            if (address == null) {
                address = vm.startLocalManagementAgent();
            }
            return new LiveJvm(pid, JMXConnectorFactory.connect(new JMXServiceURL(address)));
        } catch (IOException e) {
            throw new CliException("cannot open JMX on PID " + pid + ": " + e.getMessage(), e);
        } finally {
            try {
                vm.detach();
            } catch (IOException ignored) {
                // the JMX connection, if made, stays usable
            }
        }
    }

    /** VirtualMachine.attach() with the reasons it fails spelled out. */
    public static VirtualMachine attach(long pid) {
        if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
            throw new CliException("no process with PID " + pid + " is running");
        }
        if (pid == ProcessHandle.current().pid()) {
            throw CliException.usage("PID " + pid + " is this physmem process itself");
        }
        try {
            return VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException e) {
            throw new CliException("PID " + pid + " is not a Java VM that accepts attach (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new CliException("cannot attach to PID " + pid + ": " + e.getMessage(), e);
        }
    }

    public long pid() {
        return pid;
    }

    public MBeanServerConnection mbeans() {
        return mbeans;
    }

    /** The text of /proc/NAME as the simulated kernel renders it now. */
    public String proc(String file) {
        try {
            return (String) mbeans.invoke(KERNEL, "proc", new Object[] {file}, new String[] {String.class.getName()});
        } catch (Exception e) {
            throw new CliException("cannot read /proc/" + file + " from PID " + pid + ": " + JmxErrors.message(e), e);
        }
    }

    /** The vm.* sysctls the agent exposes, in MBeanInfo order. */
    public List<MBeanAttributeInfo> sysctlAttributes() {
        try {
            MBeanInfo info = mbeans.getMBeanInfo(SYSCTL);
            return new ArrayList<>(List.of(info.getAttributes()));
        } catch (Exception e) {
            throw new CliException("cannot list the sysctls of PID " + pid + ": " + JmxErrors.message(e), e);
        }
    }

    public Object getAttribute(ObjectName name, String attribute) throws Exception {
        return mbeans.getAttribute(name, attribute);
    }

    public void setAttribute(ObjectName name, String attribute, Object value) throws Exception {
        mbeans.setAttribute(name, new Attribute(attribute, value));
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException ignored) {
            // the JVM may have exited meanwhile; nothing to clean up then
        }
    }

    private static ObjectName name(String text) {
        try {
            return new ObjectName(text);
        } catch (MalformedObjectNameException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
