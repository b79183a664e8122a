package dev.physmem.cli.live;

import dev.physmem.cli.CliException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds physmem-agent.jar: the -Dphysmem.agent.jar property, else next to the CLI jar in the build tree. */
public final class AgentJar {
    private AgentJar() {}

    public static Path locate() {
        String explicit = System.getProperty("physmem.agent.jar");
        if (explicit != null) {
            return existing(Path.of(explicit));
        }
        try {
            Path self = Path.of(AgentJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // cli/target/physmem-cli.jar (or cli/target/classes) -> agent/target/physmem-agent.jar
            Path repo = self.getParent().getParent().getParent();
            return existing(repo.resolve("agent/target/physmem-agent.jar"));
        } catch (URISyntaxException | NullPointerException e) {
            throw new CliException("cannot tell where physmem-agent.jar is; pass -Dphysmem.agent.jar=PATH");
        }
    }

    private static Path existing(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new CliException(p + " does not exist; build it with: mvn -B -q -DskipTests package");
        }
        return p.toAbsolutePath();
    }
}
