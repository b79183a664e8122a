package dev.physmem.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;

/** A child JVM for live tests: writes a file, says "ready", and waits for a line on stdin to exit. */
public final class IdleApp {
    private IdleApp() {}

    public static void main(String[] args) throws Exception {
        Path f = Files.createTempFile("physmem-idle-", ".dat");
        Files.write(f, new byte[1 << 20]);
        System.out.println("ready");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in)).readLine();
        Files.delete(f);
    }
}
