package dev.physmem.cli;

import dev.physmem.cli.term.Terminal;
import java.io.PrintWriter;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The physmem command. A SOURCE is a recording (.jfr), a JFR repository directory, or the PID of a JVM
 * running the physmem agent. Exit codes: 0 ok, 1 failure, 2 usage.
 */
@Command(name = "physmem", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A simulated Linux physical-memory subsystem inside your JVM: /proc views of recordings and live JVMs.",
        subcommands = {
            dev.physmem.cli.DemoCommand.class,
            dev.physmem.cli.SysctlCommand.class,
            dev.physmem.cli.AttachCommand.class,
            dev.physmem.cli.ProcCommand.class,
            dev.physmem.cli.ReportCommand.class,
            dev.physmem.cli.VmstatCommand.class,
            dev.physmem.cli.TimelineCommand.class,
            dev.physmem.cli.PageTypesCommand.class,
            dev.physmem.cli.TopCommand.class,
            CommandLine.HelpCommand.class,
            AutoComplete.GenerateCompletion.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure (the message says why)", "2:usage error"})
public final class Physmem implements Runnable {

    /** Options every command takes. */
    public static final class Global {
        @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of failures.")
        boolean verbose;
    }

    @CommandLine.Mixin
    Global global = new Global();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Physmem());
        cl.setOut(out);
        cl.setErr(err);
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(Terminal.isInteractive()
                ? CommandLine.Help.Ansi.AUTO : CommandLine.Help.Ansi.OFF));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose = parseResult.hasMatchedOption("--verbose");
            PrintWriter e = commandLine.getErr();
            if (verbose) {
                ex.printStackTrace(e);
            }
            e.println(commandLine.getColorScheme().errorText("physmem: " + oneLine(ex)));
            e.flush();
            return ex instanceof CliException ? ((CliException) ex).exitCode() : CommandLine.ExitCode.SOFTWARE;
        });
        cl.setParameterExceptionHandler((ex, args1) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println(c.getColorScheme().errorText("physmem: " + ex.getMessage()));
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            c.getErr().flush();
            return CommandLine.ExitCode.USAGE;
        });
        return cl.execute(args);
    }

    /** The message of a failure, or its type when it has none (a bug): always one line. */
    static String oneLine(Throwable ex) {
        if (ex instanceof CliException) {
            return ex.getMessage();
        }
        String m = ex.getMessage();
        String text = m == null ? ex.getClass().getSimpleName() + " (run with --verbose for the stack trace)"
                : ex.getClass().getSimpleName() + ": " + m;
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
