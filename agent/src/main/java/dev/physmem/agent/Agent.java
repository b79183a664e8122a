package dev.physmem.agent;

import dev.physmem.agent.boot.Hooks;
import dev.physmem.agent.bootstrap.BootBridge;
import dev.physmem.agent.options.AgentOptions;
import dev.physmem.agent.options.OptionException;
import dev.physmem.agent.options.OptionParser;
import java.lang.instrument.Instrumentation;

/**
 * The agent's entry points: {@code -javaagent:physmem-agent.jar=OPTIONS} (premain) and dynamic attach
 * (agentmain). A plain start prints nothing. Anything wrong is one line on stderr, after which the
 * application runs without the agent, unless strict=true asked for the JVM to stop instead.
 */
public final class Agent {
    private Agent() {}

    public static void premain(String args, Instrumentation inst) {
        start(args, inst);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst);
    }

    private static synchronized void start(String args, Instrumentation inst) {
        if (BootBridge.present() && Hooks.installedBy != null) {
            System.err.println("physmem: the agent is already running in this JVM (" + Hooks.installedBy
                    + "); this load does nothing");
            return;
        }
        AgentOptions options;
        try {
            options = OptionParser.parse(args);
        } catch (OptionException e) {
            fail(e.getMessage(), OptionParser.strictRequested(args));
            return;
        }
        if (options.help()) {
            System.err.println(OptionParser.help());
            return;
        }
        try {
            // Before anything names a bridge class: the first reference must find the boot loader's copy.
            if (!BootBridge.present()) {
                BootBridge.install(inst);
            }
            Simulation.start(options, inst);
        } catch (OptionException e) {
            fail(e.getMessage(), options.strict());
        } catch (Throwable t) {
            fail("could not start: " + t, options.strict());
        }
    }

    private static void fail(String message, boolean strict) {
        if (strict) {
            System.err.println("physmem: " + message + "; stopping the JVM (strict=true)");
            System.exit(1);
        }
        System.err.println("physmem: " + message + "; the application runs without physmem");
    }
}
