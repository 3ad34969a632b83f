package dev.botsim.cognigy.engine.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A URL as a message may repeat it: {@code https://user:password@host/hook?token=abc} as
 * {@code https://****@host/hook?****}. A user name and password are masked, and so are a query and a fragment: a
 * webhook receiver or a management API may take its token there, and a refused value is printed into the CI log. A
 * command line's refused argument is repeated the same way: {@code --managment-url=https://u:p@host/?token=abc}, a URL
 * after a misspelt option's name, as {@code --managment-url=https://****@host/?****}.
 *
 * <p>The value is one that was refused, so it need not parse: a password written with an {@code @}, {@code /},
 * {@code ?} or {@code #} of its own, not percent-encoded ({@code https://qa:P@ss/w0rd@host/hook}), is still a password.
 * So everything up to the last {@code @} is masked, and when that held a {@code ?} or {@code #}, all that follows it
 * too: it may be the query or fragment (an {@code @} in a query) or the rest of the password. Such a value shows less
 * of itself, and nothing of its secrets.
 *
 * <p>A receiver may also take its token as a segment of the path (a chat tool's incoming webhook:
 * {@code /services/T0A1B2C3D/B0E4F5G6H/x4Yq8Lr2Vn7Tz1Kp9Wm3Hs6D}). A segment that looks generated — at least 16 letters,
 * digits, {@code -} and {@code _} with both a letter and a digit among them, or at least 32 of them — is masked too
 * ({@code /services/T0A1B2C3D/B0E4F5G6H/****}); a word-like segment ({@code cognigy-junit-results}) is kept. An id in the
 * path (a 24-digit hex project id) is masked with it: shown less, never a token shown.
 */
public final class ShownUrl {

    /** What stands for what is hidden. */
    private static final String MASK = "****";

    /** A path segment that looks generated rather than written: a token, a key, an id. */
    private static final Pattern GENERATED = Pattern.compile("(?=[A-Za-z0-9_-]*[A-Za-z])(?=[A-Za-z0-9_-]*[0-9])[A-Za-z0-9_-]{16,}|[A-Za-z0-9_-]{32,}");

    /** What comes before the user info: a scheme and {@code //}, after an option's name on a command line. */
    private static final Pattern BEFORE_USER_INFO = Pattern.compile("^[^/?#]*//");

    private ShownUrl() {
    }

    public static String of(String url) {
        Matcher scheme = BEFORE_USER_INFO.matcher(url);
        int start = scheme.lookingAt() ? scheme.end() : 0;
        int at = url.lastIndexOf('@');
        if (at < start) return url.substring(0, start) + withoutQuery(url.substring(start));
        String masked = url.substring(0, start) + MASK + "@";
        String userInfo = url.substring(start, at);
        if (userInfo.indexOf('?') >= 0 || userInfo.indexOf('#') >= 0) return masked + MASK;
        return masked + withoutQuery(url.substring(at + 1));
    }

    /**
     * Whether {@code shown}, a URL as {@link #of} shows it, had something hidden: a user info, a query or a fragment
     * written as {@code ****}. Such a URL names its receiver for a reader, but cannot be sent to: what it hid may be the
     * receiver's credential ({@code ?token=...}).
     */
    public static boolean hides(String shown) {
        return shown.contains(MASK + "@") || shown.endsWith("?" + MASK) || shown.endsWith("#" + MASK)
                || shown.contains("/" + MASK + "/") || shown.endsWith("/" + MASK) || shown.contains("/" + MASK + "?")
                || shown.contains("/" + MASK + "#");
    }

    /**
     * {@code text}, a host and path after the scheme (or what stands in their place), with its generated-looking path
     * segments masked and what follows its first {@code ?} or {@code #} masked.
     */
    private static String withoutQuery(String text) {
        int query = text.indexOf('?');
        int fragment = text.indexOf('#');
        int cut = query < 0 ? fragment : fragment < 0 ? query : Math.min(query, fragment);
        String path = cut < 0 ? text : text.substring(0, cut);
        return withoutGeneratedSegments(path) + (cut < 0 ? "" : text.charAt(cut) + MASK);
    }

    /** {@code hostAndPath} with each path segment that looks generated masked; the host (before the first /) is kept. */
    private static String withoutGeneratedSegments(String hostAndPath) {
        int slash = hostAndPath.indexOf('/');
        if (slash < 0) return hostAndPath;
        String[] segments = hostAndPath.substring(slash + 1).split("/", -1);
        StringBuilder shown = new StringBuilder(hostAndPath.substring(0, slash));
        for (String segment : segments) shown.append('/').append(GENERATED.matcher(segment).matches() ? MASK : segment);
        return shown.toString();
    }
}
