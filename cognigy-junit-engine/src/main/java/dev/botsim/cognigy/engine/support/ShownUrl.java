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
 */
public final class ShownUrl {

    /** What stands for what is hidden. */
    private static final String MASK = "****";

    /** What comes before the user info: a scheme and {@code //}, after an option's name on a command line. */
    private static final Pattern BEFORE_USER_INFO = Pattern.compile("^[^/?#]*//");

    private ShownUrl() {
    }

    public static String of(String url) {
        Matcher scheme = BEFORE_USER_INFO.matcher(url);
        int start = scheme.lookingAt() ? scheme.end() : 0;
        int at = url.lastIndexOf('@');
        if (at < start) return withoutQuery(url);
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
        return shown.contains(MASK + "@") || shown.endsWith("?" + MASK) || shown.endsWith("#" + MASK);
    }

    /** {@code text} with what follows its first {@code ?} or {@code #} masked. */
    private static String withoutQuery(String text) {
        int query = text.indexOf('?');
        int fragment = text.indexOf('#');
        int cut = query < 0 ? fragment : fragment < 0 ? query : Math.min(query, fragment);
        return cut < 0 ? text : text.substring(0, cut + 1) + MASK;
    }
}
