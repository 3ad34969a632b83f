package dev.botsim.cognigy.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Ids shaped as a tenant's: 24-hex object ids ({@code _id}) and UUID reference ids, derived from
 * names, so a bot definition gets the same ids in every run and a suite's configuration can name them.
 */
final class Ids {

    private Ids() {
    }

    /** A 24-hex-digit object id, as Cognigy's {@code _id}s are. */
    static String objectId(String seed) {
        return UUID.nameUUIDFromBytes(("object:" + seed).getBytes(StandardCharsets.UTF_8)).toString().replace("-", "").substring(0, 24);
    }

    /** A UUID reference id, as Cognigy's {@code referenceId}s are. */
    static String referenceId(String seed) {
        return UUID.nameUUIDFromBytes(("reference:" + seed).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
