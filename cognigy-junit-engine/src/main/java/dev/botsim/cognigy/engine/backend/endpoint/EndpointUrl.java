package dev.botsim.cognigy.engine.backend.endpoint;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import dev.botsim.cognigy.engine.support.Secret;
import okhttp3.HttpUrl;

/**
 * A REST Endpoint URL and its URL token, the secret in it. The token is the last non-empty path
 * segment, whatever surrounds it: a trailing slash ({@code https://host/TOKEN/}), a query
 * ({@code ?x=1}), the {@code /test/} prefix of test mode, a path before it. Taking the literal last
 * segment instead would take the empty one after a trailing slash and leave the token in plain view.
 *
 * @param url   the URL requests go to, exactly as configured
 * @param token the URL token, decoded
 */
public record EndpointUrl(HttpUrl url, String token) {

    /** The URL, or empty when it is not an http(s) URL with a URL token in its path. */
    public static Optional<EndpointUrl> parse(Secret url) {
        HttpUrl parsed = HttpUrl.parse(url.reveal().trim());
        if (parsed == null) return Optional.empty();
        return tokenIndex(parsed) < 0 ? Optional.empty()
                : Optional.of(new EndpointUrl(parsed, parsed.pathSegments().get(tokenIndex(parsed))));
    }

    private static int tokenIndex(HttpUrl url) {
        List<String> segments = url.pathSegments();
        for (int i = segments.size() - 1; i >= 0; i--) {
            if (!segments.get(i).isEmpty()) return i;
        }
        return -1;
    }

    /**
     * Whether this is a test-mode URL ({@code .../test/<URLToken>}): not billed, but limited to 600 messages
     * an hour.
     */
    boolean testMode() {
        int token = tokenIndex(url);
        return token > 0 && url.pathSegments().get(token - 1).equals("test");
    }

    /**
     * The URL as messages, reports and a recording's fingerprint show it: scheme, host, port and path with the token's
     * segment as {@code ****}, whatever its encoding. A user name and password, the query and the fragment are left out:
     * they are not needed to tell which endpoint answered, and they may carry secrets of their own.
     */
    public String shown() {
        return url.newBuilder().username("").password("").query(null).fragment(null)
                .setPathSegment(tokenIndex(url), "****").build().toString();
    }

    /**
     * The URL as {@link #shown()}: a record's own {@code toString} would print the URL and the token whole, in any
     * message, log line or exception that quotes this endpoint or a value holding it.
     */
    @Override
    public String toString() {
        return shown();
    }

    /**
     * {@code text} with the whole URL shown as {@link #shown()} and the token masked in every form a
     * server or library may quote it in: as configured, decoded, and URL-encoded.
     */
    String mask(String text) {
        if (text == null) return null;
        String masked = text.replace(url.toString(), shown());
        for (String form : List.of(url.encodedPathSegments().get(tokenIndex(url)), token,
                URLEncoder.encode(token, StandardCharsets.UTF_8))) {
            masked = Secret.mask(masked, form);
        }
        return masked;
    }
}
