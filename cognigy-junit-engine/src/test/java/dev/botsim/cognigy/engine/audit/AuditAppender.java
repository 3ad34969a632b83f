package dev.botsim.cognigy.engine.audit;

import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Appends records from a separate JVM, as a second Surefire fork would. Arguments: file, count, label; or file,
 * {@code batch}, batch id: one run's record, as a run appends it, printing {@code already} or {@code appended} and the
 * record count; or file, {@code hold}: takes the trail's lock and keeps it until killed, or until the JVM that started
 * it is gone.
 */
public final class AuditAppender {

    private AuditAppender() {
    }

    public static void main(String[] args) throws Exception {
        if (args[1].equals("hold")) {
            // Holds the trail's lock until killed, as a process that hangs while appending does. It waits on its standard
            // input, which ends when the test's JVM is gone: a test JVM killed before it stops the holder (a timed-out
            // fork) leaves no process behind holding a lock.
            Path lockFile = Path.of(args[0] + ".lock");
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(lockFile,
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                channel.lock(); // held until the channel closes
                System.out.println("holding");
                System.out.flush();
                while (System.in.read() != -1) {
                    // nothing is sent; the parent's end of the pipe closing is the signal
                }
            }
            return;
        }
        AuditTrail trail = new AuditTrail(Path.of(args[0]));
        if (args[1].equals("batch")) {
            AuditTrail.Appended appended = trail.appendOnce("BATCH", Map.of("batch_id", args[2]), "batch_id");
            System.out.println((appended.already() ? "already " : "appended ") + appended.checkpoint().records());
            return;
        }
        if (args[1].equals("forever")) {
            // Records of 1 MiB, endlessly, for a test to kill the JVM in the middle of one.
            String pad = "p".repeat(1 << 20);
            trail.append("BATCH", Map.of("writer", args[2], "n", -1));
            System.out.println("ready");
            System.out.flush();
            for (int i = 0; ; i++) trail.append("BATCH", Map.of("writer", args[2], "n", i, "pad", pad));
        }
        for (int i = 0; i < Integer.parseInt(args[1]); i++) trail.append("BATCH", Map.of("writer", args[2], "n", i));
    }
}
