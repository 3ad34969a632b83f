package dev.botsim.cognigy.engine.backend.endpoint;

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

    /** The URL, or empty when it is not a REST Endpoint URL ({@link #problem} says why). */
    public static Optional<EndpointUrl> parse(Secret url) {
        HttpUrl parsed = HttpUrl.parse(url.reveal().trim());
        if (parsed == null || tokenIndex(parsed) < 0) return Optional.empty();
        String token = parsed.pathSegments().get(tokenIndex(parsed));
        return strayCharacter(token).isPresent() ? Optional.empty() : Optional.of(new EndpointUrl(parsed, token));
    }

    /**
     * Why {@code url} is not a REST Endpoint URL, said without its value (it holds a secret), to follow "the
     * environment variable ... "; empty when it is one.
     */
    public static Optional<String> problem(Secret url) {
        HttpUrl parsed = HttpUrl.parse(url.reveal().trim());
        if (parsed == null || tokenIndex(parsed) < 0) {
            return Optional.of("is not an http(s) URL ending in the endpoint's URL token (https://<endpoint host>/<URLToken>,"
                    + " or .../test/<URLToken> for test mode)");
        }
        return strayCharacter(parsed.pathSegments().get(tokenIndex(parsed))).map(found -> "holds " + found
                + " in its URL token, which a URL token never has (pasted with it?): copy the URL again from the endpoint's"
                + " settings in Cognigy");
    }

    /**
     * The first character of a token that is not a letter, digit, {@code -}, {@code .}, {@code _} or {@code ~}, as
     * {@code the character U+200B at position 65}. Cognigy's tokens are hexadecimal; anything else is an invisible
     * character or a line break pasted with the URL, and would be sent, and quoted back by servers, in an encoding
     * that no mask of the token knows.
     */
    private static Optional<String> strayCharacter(String token) {
        return Secret.firstRefused(token, c -> c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_'
                || c == '~'));
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
     * {@code text} with the whole URL shown as {@link #shown()} and the token masked. A token is plain text
     * ({@link #parse} refuses any other), so it reads the same configured, decoded and URL-encoded, however often a
     * server or library encodes the URL it quotes.
     */
    String mask(String text) {
        if (text == null) return null;
        return Secret.mask(text.replace(url.toString(), shown()), token);
    }
}
