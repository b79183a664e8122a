package dev.physmem.cli;

import picocli.CommandLine;

/** --version: the build's version, the JVM running the CLI, and the kernel the model follows. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Physmem.class.getPackage().getImplementationVersion();
        return new String[] {
            "physmem " + (v == null ? "(development build)" : v),
            "models Linux 6.18 memory management; running on Java " + Runtime.version(),
        };
    }
}
