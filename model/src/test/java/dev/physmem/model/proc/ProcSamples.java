package dev.physmem.model.proc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The real /proc files of a 6.18 x86_64 machine, kept as test resources. */
final class ProcSamples {
    private ProcSamples() {}

    static String read(String name) {
        try (InputStream in = ProcSamples.class.getResourceAsStream("/proc-samples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource proc-samples/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long[] numbers(String line, int from) {
        String[] parts = line.substring(from).trim().split("\\s+");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Long.parseLong(parts[i]);
        }
        return out;
    }
}
