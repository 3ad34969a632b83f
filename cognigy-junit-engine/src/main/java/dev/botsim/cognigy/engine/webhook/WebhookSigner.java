package dev.botsim.cognigy.engine.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.botsim.cognigy.engine.config.Constants;

/**
 * Standard Webhooks signatures: {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, keyed with
 * the base64-decoded part of a {@code whsec_} secret. Several secrets (separated by spaces) give
 * several signatures, so a receiver can rotate keys without missing a delivery.
 *
 * <p>Every key is checked when the signer is made — before the run's first test — so a key that
 * could never sign (empty) or that Standard Webhooks deems too weak does not surface at the end of
 * the run, after the results exist.
 */
final class WebhookSigner {

    /** The Standard Webhooks minimum: secrets are 24 to 64 random bytes. */
    static final int MIN_KEY_BYTES = 24;

    private final List<byte[]> keys = new ArrayList<>();

    /** @throws IllegalArgumentException naming the rule a secret breaks, never the secret */
    WebhookSigner(String secrets) {
        String[] all = secrets.trim().split("\\s+");
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
    }

    /** The {@code webhook-signature} header value for exactly these body bytes. */
    String sign(String id, long timestamp, byte[] body) {
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        List<String> signatures = new ArrayList<>();
        for (byte[] key : keys) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                mac.update(prefix);
                signatures.add("v1," + Base64.getEncoder().encodeToString(mac.doFinal(body)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(" ", signatures);
    }

    @Override
    public String toString() {
        return "WebhookSigner[" + keys.size() + " keys]";
    }
}
