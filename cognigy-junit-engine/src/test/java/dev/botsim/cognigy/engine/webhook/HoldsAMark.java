package dev.botsim.cognigy.engine.webhook;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A process between its audit record and its payload, as the outbox sees it: it holds the lock of the mark named by
 * its argument, says {@code held}, and keeps it until it is killed or its input ends.
 */
public final class HoldsAMark {

    private HoldsAMark() {
    }

    public static void main(String[] args) throws Exception {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.lock(); // held until the channel closes
            System.out.println("held");
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the input ends
            }
        }
    }
}
