package dev.botsim.cognigy.engine.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.botsim.cognigy.engine.config.WebhookKeys;

/**
 * Standard Webhooks signatures: {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, keyed with
 * the base64-decoded part of a {@code whsec_} secret ({@link WebhookKeys}). Several secrets give
 * several signatures, so a receiver can rotate keys without missing a delivery.
 */
final class WebhookSigner {

    private final List<byte[]> keys;

    /** @throws IllegalArgumentException naming the rule a secret breaks, never the secret */
    WebhookSigner(String secrets) {
        this.keys = WebhookKeys.decode(secrets);
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
