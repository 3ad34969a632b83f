package dev.botsim.cognigy.engine.webhook;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.botsim.cognigy.engine.config.WebhookKeys;
import dev.botsim.cognigy.engine.support.HmacSha256;

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
        for (byte[] key : keys) signatures.add("v1," + Base64.getEncoder().encodeToString(HmacSha256.of(key, prefix, body)));
        return String.join(" ", signatures);
    }

    @Override
    public String toString() {
        return "WebhookSigner[" + keys.size() + " keys]";
    }
}
