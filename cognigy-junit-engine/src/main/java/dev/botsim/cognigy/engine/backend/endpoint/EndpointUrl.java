package dev.botsim.cognigy.engine.backend.endpoint;

import java.util.List;
import java.util.Optional;

import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.support.UrlCredentials;
import dev.botsim.cognigy.engine.config.CognigyHosts;
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
        if (parsed == null || tokenIndex(parsed) < 0 || testModeWithoutToken(parsed)) return Optional.empty();
        String token = parsed.pathSegments().get(tokenIndex(parsed));
        return strayCharacter(token).isPresent() ? Optional.empty() : Optional.of(new EndpointUrl(parsed, token));
    }

    /**
     * Why {@code url} is not a REST Endpoint URL, said without its value (it holds a secret), to follow "the
     * environment variable ... "; empty when it is one.
     */
    public static Optional<String> problem(Secret url) {
        HttpUrl parsed = HttpUrl.parse(url.reveal().trim());
        if (parsed != null && testModeWithoutToken(parsed)) {
            return Optional.of("ends in /test/, test mode's prefix, with no URL token after it: append the endpoint's URL token"
                    + " (https://<endpoint host>/test/<URLToken>), copied from the endpoint's settings in Cognigy");
        }
        if (parsed == null || tokenIndex(parsed) < 0) {
            return Optional.of("is not an http(s) URL ending in the endpoint's URL token (https://<endpoint host>/<URLToken>,"
                    + " or .../test/<URLToken> for test mode)");
        }
        Optional<String> stray = strayCharacter(parsed.pathSegments().get(tokenIndex(parsed))).map(found -> "holds " + found
                + " in its URL token, which a URL token never has (pasted with it?): copy the URL again from the endpoint's"
                + " settings in Cognigy");
        return stray.isPresent() ? stray : CognigyHosts.endpointHostProblem(parsed.host());
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

    /**
     * Whether the URL's path ends in test mode's prefix ({@code https://host/test/}, or {@code https://host/prefix/test/}
     * behind a proxy that serves the endpoint under a path): the URL token was left off, and {@code test} would otherwise
     * be taken for it. A URL token is hexadecimal, never the word {@code test}; one that only holds it is a token.
     */
    private static boolean testModeWithoutToken(HttpUrl url) {
        int token = tokenIndex(url);
        return token >= 0 && url.pathSegments().get(token).equalsIgnoreCase("test");
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
     * {@code text} with the whole URL shown as {@link #shown()} and the token masked in every spelling a URL gives it. A
     * token is plain text ({@link #parse} refuses any other), but {@code COGNIGY_ENDPOINT_URL} may write any of its
     * characters percent-encoded ({@code ut%2Dcanary}), and requests carry the token as written there: a server quoting
     * its request path quotes that spelling, and a library encoding the quote again makes {@code %252D} of it. The URL's
     * user name, password and query values are masked too ({@link UrlCredentials}). The token is masked in any case of its
     * letters ({@link Secret#maskIgnoringCase}): Cognigy's are hexadecimal, where case says nothing, and a bot or a server
     * echoing it upper-cased ({@code 7E3A9C}) still shows it. The URL's credentials keep their case: a gateway's key may
     * be Base64, where it does.
     */
    public String mask(String text) {
        if (text == null) return null;
        // A password or a gateway's key in the query is a secret of the URL too, quoted on its own by a server refusing it.
        return UrlCredentials.mask(maskSpellings(Secret.maskIgnoringCase(text.replace(url.toString(), shown()), token), token), url);
    }

    /**
     * {@code text} with every spelling of {@code token} masked in which any character may be percent-encoded, in upper or
     * lower case hex, and that encoded again any number of times ({@code %2D}, {@code %2d}, {@code %252D}); its letters, as
     * written or encoded, in either case, as {@link #mask} takes them. As {@link Secret#mask}, a token that is not
     * {@link Secret#maskable} is left alone.
     */
    static String maskSpellings(String text, String token) {
        if (!Secret.maskable(token) || text.indexOf('%') < 0) return text;
        StringBuilder masked = null;
        int copied = 0;
        for (int i = 0; i < text.length(); i++) {
            int end = spelledUntil(text, i, token);
            if (end < 0) continue;
            if (masked == null) masked = new StringBuilder(text.length());
            masked.append(text, copied, i).append("****");
            copied = end;
            i = end - 1;
        }
        return masked == null ? text : masked.append(text, copied, text.length()).toString();
    }

    /** Where a spelling of {@code token} that starts at {@code from} ends in {@code text}; -1 when none starts there. */
    private static int spelledUntil(String text, int from, String token) {
        int at = from;
        for (int k = 0; k < token.length(); k++) {
            char wanted = token.charAt(k);
            if (at < text.length() && sameIgnoringCase(text.charAt(at), wanted)) {
                at++;
                continue;
            }
            if (at >= text.length() || text.charAt(at) != '%') return -1;
            int hex = at + 1;
            // "%25" is an encoded '%', which a token never holds: what follows it is the same escape encoded once more.
            while (hex + 3 < text.length() && text.charAt(hex) == '2' && text.charAt(hex + 1) == '5' && byteAt(text, hex + 2) >= 0) {
                hex += 2;
            }
            if (byteAt(text, hex) < 0 || !sameIgnoringCase((char) byteAt(text, hex), wanted)) return -1;
            at = hex + 2;
        }
        return at;
    }

    /** Whether two characters of a token are the same letter in either case, or the same character. */
    private static boolean sameIgnoringCase(char a, char b) {
        return a == b || Character.toLowerCase(a) == Character.toLowerCase(b);
    }

    /** The byte that the two hex digits at {@code index} write; -1 when there are no two hex digits there. */
    private static int byteAt(String text, int index) {
        if (index + 1 >= text.length()) return -1;
        int high = Character.digit(text.charAt(index), 16);
        int low = Character.digit(text.charAt(index + 1), 16);
        return high < 0 || low < 0 ? -1 : high * 16 + low;
    }
}
