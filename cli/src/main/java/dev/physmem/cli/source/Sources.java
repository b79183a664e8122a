package dev.physmem.cli.source;

import dev.physmem.cli.live.LiveJvm;
import java.nio.file.Path;

/** Opens a SOURCE argument: digits are a PID, anything else a recording file or repository directory. */
public final class Sources {
    private Sources() {}

    public static Source open(String text) {
        if (text.matches("\\d+")) {
            return new LiveSource(LiveJvm.connect(LiveJvm.parsePid(text)));
        }
        return RecordingSource.open(Path.of(text));
    }
}
