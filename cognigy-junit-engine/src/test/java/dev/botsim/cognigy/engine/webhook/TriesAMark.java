package dev.botsim.cognigy.engine.webhook;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Another process asking for the lock of the mark named by its argument, as a later run's JVM does: says {@code held}
 * when a process holds it, {@code free} when it got it.
 */
public final class TriesAMark {

    private TriesAMark() {
    }

    public static void main(String[] args) throws Exception {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            System.out.println(lock == null ? "held" : "free");
        }
    }
}
