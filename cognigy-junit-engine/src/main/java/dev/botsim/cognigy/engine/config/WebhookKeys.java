package dev.botsim.cognigy.engine.config;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The signing keys that {@code COGNIGY_WEBHOOK_SECRET} holds: one or more {@code whsec_<base64>} secrets separated by
 * spaces, so a receiver can rotate keys without missing a delivery. Read as configuration, so a key that could never
 * sign (empty) or that Standard Webhooks deems too weak is refused with every other problem, before the first test.
 */
public final class WebhookKeys {

    /** The Standard Webhooks minimum: secrets are 24 to 64 random bytes. */
    public static final int MIN_KEY_BYTES = 24;

    private WebhookKeys() {
    }

    /** @throws IllegalArgumentException naming the rule a secret breaks, never the secret */
    public static List<byte[]> decode(String secrets) {
        String[] all = secrets.trim().split("\\s+");
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < all.length; i++) {
            String secret = all[i];
            String which = all.length == 1 ? "the secret" : "secret " + (i + 1) + " of " + all.length;
            String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
            byte[] key;
            try {
                key = Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(Constants.WEBHOOK_SECRET_ENV + ": " + which
                        + " is not whsec_<base64>; several secrets are separated by spaces");
            }
            if (key.length < MIN_KEY_BYTES) {
                throw new IllegalArgumentException(Constants.WEBHOOK_SECRET_ENV + ": " + which + " decodes to " + key.length
                        + " bytes; a signing key must be at least " + MIN_KEY_BYTES + " bytes (whsec_ followed by the base64 of "
                        + MIN_KEY_BYTES + " to 64 random bytes, as the receiver's Standard Webhooks library generates)");
            }
            keys.add(key);
        }
        return keys;
    }
}
