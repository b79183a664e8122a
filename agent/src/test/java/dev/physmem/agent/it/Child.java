package dev.physmem.agent.it;

import com.sun.tools.attach.VirtualMachine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/** A JVM running {@link IoApp}, its output collected line by line, reachable over attach and JMX. */
final class Child implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final Thread outReader;
    private final Thread errReader;
    private final Writer stdin;
    private JMXConnector connector;

    private Child(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        outReader = pump(process.getInputStream(), out, true);
        errReader = pump(process.getErrorStream(), err, false);
    }

    /** Starts {@code javaHome}/bin/java with the JVM options, then IoApp with its arguments. */
    static Child start(Path javaHome, List<String> jvmOptions, String... appArgs) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin/java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("physmem.it.classes"));
        cmd.add(IoApp.class.getName());
        cmd.addAll(List.of(appArgs));
        return new Child(new ProcessBuilder(cmd).start());
    }

    private Thread pump(java.io.InputStream in, StringBuffer sink, boolean queue) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    sink.append(line).append('\n');
                    if (queue) {
                        lines.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    void awaitLine(String expected) throws InterruptedException {
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); System.nanoTime() < deadline; ) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (expected.equals(line)) {
                return;
            }
            if (line == null && !process.isAlive()) {
                break;
            }
        }
        throw new AssertionError("no line '" + expected + "'; stdout:\n" + out + "stderr:\n" + err);
    }

    void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    int waitFor() throws InterruptedException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the JVM did not exit; stdout:\n" + out + "stderr:\n" + err);
        }
        outReader.join(10_000);
        errReader.join(10_000);
        return process.exitValue();
    }

    String stdout() {
        return out.toString();
    }

    String stderr() {
        return err.toString();
    }

    long pid() {
        return process.pid();
    }

    void loadAgent(String jar, String options) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(process.pid()));
        try {
            vm.loadAgent(jar, options);
        } finally {
            vm.detach();
        }
    }

    /** A JMX connection through the attach API's local management agent, once physmem's MBeans are there. */
    MBeanServerConnection jmx() throws Exception {
        if (connector == null) {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(process.pid()));
            String address;
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
        }
        MBeanServerConnection c = connector.getMBeanServerConnection();
        ObjectName agent = new ObjectName("dev.physmem:type=Agent");
        for (int i = 0; i < 300 && !c.isRegistered(agent); i++) {
            Thread.sleep(100);
        }
        return c;
    }

    @Override
    public void close() throws IOException {
        try {
            if (connector != null) {
                connector.close();
            }
        } catch (IOException alreadyExited) {
            // the JVM is gone, and its end of the connection with it
        } finally {
            process.destroyForcibly();
        }
    }
}
