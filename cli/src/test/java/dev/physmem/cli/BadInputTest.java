package dev.physmem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input is one line on stderr and the documented exit code, never a stack trace. */
class BadInputTest {
    @TempDir
    Path dir;

    @Test
    void aFileThatDoesNotExist() {
        Cli r = Cli.run("proc", "meminfo", dir.resolve("nope.jfr").toString());
        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        assertThat(r.err).isEqualTo("physmem: " + dir.resolve("nope.jfr") + ": no such file or directory\n");
    }

    @Test
    void aFileThatIsNotARecording() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a recording\n");
        Cli r = Cli.run("report", text.toString());
        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        assertThat(r.err).startsWith("physmem: ").contains("not a JFR recording").doesNotContain("\tat ");
        assertThat(r.err.lines()).hasSize(1);
    }

    @Test
    void anUnknownProcFileIsAUsageError() {
        Cli r = Cli.run("proc", "slabinfo", "app.jfr");
        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).contains("Invalid value for positional parameter at index 0 (NAME): expected one of "
                + "[meminfo, vmstat, buddyinfo, zoneinfo, pagetypeinfo]");
    }

    @Test
    void aTimeThatIsNotATime() {
        Cli r = Cli.run("proc", "meminfo", "app.jfr", "--at", "soon");
        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).isEqualTo("physmem: --at 'soon' is not a time (seconds from the start, e.g. 12.5, or 'end')\n");
    }

    @Test
    void aPidThatIsNotRunning() {
        Cli r = Cli.run("sysctl", "2147483646", "-a");
        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.err).isEqualTo("physmem: no process with PID 2147483646 is running\n");
    }

    @Test
    void somethingThatIsNotAPid() {
        Cli r = Cli.run("top", "my-app");
        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).isEqualTo("physmem: 'my-app' is not a PID\n");
    }

    @Test
    void aTimelineMustBeHtmlOrSvg() {
        Cli r = Cli.run("timeline", "app.jfr", "-o", "plot.png");
        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).isEqualTo("physmem: -o must name a .html or .svg file\n");
    }

    @Test
    void verboseAddsTheStackTrace() {
        Cli r = Cli.run("--verbose", "proc", "meminfo", dir.resolve("nope.jfr").toString());
        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.err).contains("\tat dev.physmem.").endsWith("physmem: " + dir.resolve("nope.jfr")
                + ": no such file or directory\n");
    }

    @Test
    void helpAndVersion() {
        Cli help = Cli.run("--help");
        assertThat(help.exitCode).isZero();
        assertThat(help.out).contains("demo", "proc", "report", "vmstat", "timeline", "page-types", "sysctl", "attach", "top");
        Cli version = Cli.run("--version");
        assertThat(version.exitCode).isZero();
        assertThat(version.out).startsWith("physmem ");
        Cli completion = Cli.run("generate-completion");
        assertThat(completion.exitCode).isZero();
        assertThat(completion.out).contains("complete -F");
    }
}
