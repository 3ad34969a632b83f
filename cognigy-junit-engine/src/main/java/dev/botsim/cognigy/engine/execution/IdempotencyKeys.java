package dev.botsim.cognigy.engine.execution;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.junit.platform.engine.UniqueId;

/**
 * Idempotency keys of a run's submissions, derived from the batch id and the test: the same for
 * every retry of a message within the run (so a retried POST never creates a second simulation)
 * and different across runs.
 */
public final class IdempotencyKeys {

    private final String batchId;

    public IdempotencyKeys(String batchId) {
        this.batchId = batchId;
    }

    /** The key of the test's {@code turn}-th message. */
    String of(UniqueId test, int turn) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((batchId + '\n' + test + '\n' + turn).getBytes(StandardCharsets.UTF_8));
            return batchId + "-" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
