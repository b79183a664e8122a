package dev.physmem.jfr;

import dev.physmem.jfr.read.ProcFile;
import dev.physmem.jfr.read.ProcSnapshot;
import dev.physmem.jfr.read.ProgressListener;
import dev.physmem.jfr.read.RecordingReader;
import java.nio.file.Files;
import java.nio.file.Path;

/** A JVM that reads a recording and writes the /proc files at its end to {@code OUT/end-NAME}. */
public final class ReadRecording {
    private ReadRecording() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[1]);
        try (RecordingReader r = RecordingReader.open(Path.of(args[0]))) {
            ProcSnapshot s = r.snapshotAtEnd(ProgressListener.NONE);
            for (ProcFile f : ProcFile.values()) {
                Files.writeString(out.resolve("end-" + f.procName), s.text(f));
            }
        }
    }
}
