package dev.botsim.cognigy.engine.transport;

import java.nio.charset.StandardCharsets;

import okhttp3.Headers;
import okhttp3.MediaType;

/**
 * An answer read whole: status, headers, content type and the body — within the transport's size
 * cap, the client's secrets already masked.
 *
 * @param contentType the body's type, or {@code null} when the server named none
 * @param body        the body's bytes (empty when there was none, or when the transport reads no bodies)
 */
public record HttpAnswer(int code, Headers headers, MediaType contentType, byte[] body) {

    public boolean isSuccessful() {
        return code >= 200 && code < 300;
    }

    /**
     * The {@code Retry-After} header, or {@code null}; an HTTP date in it as the seconds from the answer's {@code Date} to
     * it, when the answer has one ({@link RetryAfter#onServersClock}).
     */
    public String retryAfter() {
        return RetryAfter.onServersClock(headers.get("Retry-After"), headers.get("Date"));
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
