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
 * {@code /services/T0A1B2C3D/B0E4F5G6H/x4Yq8Lr2Vn7Tz1Kp9Wm3Hs6D}). A segment that looks generated is masked too
 * ({@code /services/T0A1B2C3D/B0E4F5G6H/****}): at least 16 characters a token is written in (letters, digits,
 * {@code - _ . ~ % + =}) with a letter and a digit among them, or upper- and lower-case letters, or at least 32 of
 * them — unless every piece between its {@code - _ . ~} and percent-encoded characters is a word ({@link #WORD}, {@link #camelCase}):
 * {@code cognigy-junit-v2-results}, {@code release-2024-12-results}, {@code GitHubWebhookReceiver} are kept. A masked segment that was no token makes a
 * merge ask for {@code COGNIGY_WEBHOOK_URL}; a kept one that was a token is written into the run's part: so a segment
 * is kept only when it reads as words, which a random token's pieces do not (each piece of it would have to). An id in
 * the path (a 24-digit hex project id, a UUID) is masked with it: shown less, never a token shown.
 */
public final class ShownUrl {

    /** What stands for what is hidden. */
    private static final String MASK = "****";

    /**
     * A path segment that may be generated rather than written — a token, a key, an id: 16 or more of the characters a
     * token is written in, mixing letters and digits or upper- and lower-case letters, or 32 or more of them. Base64url,
     * base62, hex and percent-encoded tokens are all such.
     */
    private static final Pattern GENERATED = Pattern.compile("(?=.*[A-Za-z])(?=.*[0-9])[A-Za-z0-9_.~%+=-]{16,}"
            + "|(?=.*[a-z])(?=.*[A-Z])[A-Za-z0-9_.~%+=-]{16,}|[A-Za-z0-9_.~%+=-]{32,}");

    /**
     * A UUID, in any case, not part of a longer run of hex digits: an id however its pieces fall. Its five pieces read as
     * numbers and words for about one UUID in three million ({@code ffaddb36-df07-4842-a267-edcdefcbf084}), so the
     * pieces alone would show that one whole.
     */
    private static final Pattern UUID = Pattern.compile("(?<![0-9A-Fa-f])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}"
            + "-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![0-9A-Fa-f])");

    /** What separates the pieces of a segment written as words: {@code cognigy-junit_results.v2}, {@code qa%20results}. */
    private static final Pattern PIECES = Pattern.compile("(?:[-_.~]|%[0-9A-Fa-f]{2})+");

    /**
     * A piece of a segment written by a person, other than words in camel case ({@link #camelCase}): a number of up to
     * 4 digits (a year, a version), an acronym of up to 5 capitals, or a lower-case or capitalised word of up to 20
     * letters with up to 4 digits after it ({@code v2}, {@code release2024}).
     */
    private static final Pattern WORD = Pattern.compile("[0-9]{1,4}|[A-Z]{1,5}|[A-Za-z]?[a-z]{1,19}[0-9]{0,4}");

    /** Letters, then up to 4 digits: the shape of words in camel case ({@code OrdersWebhookV2}). */
    private static final Pattern CAMEL_CASE = Pattern.compile("([A-Za-z]{4,60}?)([0-9]{0,4})");

    /** A word of camel case: an acronym before the next word or at the end ({@code JSON}, {@code V}), or a word. */
    private static final Pattern CAMEL_WORD = Pattern.compile("[A-Z]{1,5}(?=[A-Z][a-z]|$)|[A-Z]?[a-z]+");

    private static final Pattern VOWEL = Pattern.compile("[aeiouyAEIOUY]");

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
     * The path of {@code url}, a request built on {@code base}, as a message may repeat it: the segments {@code base}
     * gave it as {@link #of} shows them (one that looks generated as {@code ****}: a REST Endpoint's URL token given as
     * {@code cognigy.base-url} by mistake), the segments the request added below them as they are (the API's resources,
     * and the ids a reader of the message needs).
     */
    public static String path(okhttp3.HttpUrl base, okhttp3.HttpUrl url) {
        java.util.List<String> given = base.encodedPathSegments();
        // A base ending in "/" has an empty last segment, which the request's first one takes the place of.
        int fromBase = given.get(given.size() - 1).isEmpty() ? given.size() - 1 : given.size();
        java.util.List<String> segments = url.encodedPathSegments();
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            boolean ofBase = i < fromBase && segment.equals(given.get(i));
            shown.append('/').append(ofBase && generated(segment) ? MASK : segment);
        }
        return shown.toString();
    }

    /**
     * A command line's refused argument as a message repeats it: {@code --api-key=****} when the option's name names a
     * credential (a key, secret, token, password: {@code --api-key}, {@code --client-secret}, {@code --Dcognigy.shard-key}),
     * since a user guessing an option that the command reads from the environment passes the secret itself and the
     * message lands in the CI log; else as {@link #of} shows it ({@code --managment-url=https://****@host/?****}).
     */
    public static String argument(String arg) {
        int equals = arg.indexOf('=');
        if (arg.startsWith("-") && equals > 0 && NAMES_CREDENTIAL.matcher(arg.substring(0, equals).toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z]", "")).find()) {
            return arg.substring(0, equals + 1) + MASK;
        }
        return of(arg);
    }

    /** What an option's name holds, lower-case letters only, when it names a credential. */
    private static final Pattern NAMES_CREDENTIAL = Pattern.compile("key|secret|token|passw|pwd|credential|auth|bearer");

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
        for (String segment : segments) shown.append('/').append(generated(segment) ? MASK : segment);
        return shown.toString();
    }

    /** Whether {@code segment} may be generated and is not written in words; one holding a UUID is. */
    private static boolean generated(String segment) {
        if (!GENERATED.matcher(segment).matches()) return false;
        if (UUID.matcher(segment).find()) return true;
        return !PIECES.splitAsStream(segment).filter(piece -> !piece.isEmpty())
                .allMatch(piece -> WORD.matcher(piece).matches() || camelCase(piece));
    }

    /**
     * Whether {@code piece} reads as words in camel case ({@code GitHubWebhookReceiver}, {@code JSONWebhookHandler},
     * {@code sendToSlackChannel}), up to 4 digits after them: each word 2 to 16 letters with a vowel among them
     * ({@code a e i o u y}), or an acronym of up to 5 capitals before the next word or at the end, and at most a third of
     * the letters capitals. Letters drawn at random rarely read so (a word without a vowel, a lone letter, capitals half
     * the time): about one random 24-letter token in 250 does, one random 24-character base62 token (a chat tool's) in
     * 10,000. A word without a vowel ({@code Http}) makes the piece read as generated: shown less, never a token shown.
     */
    private static boolean camelCase(String piece) {
        Matcher shape = CAMEL_CASE.matcher(piece);
        if (!shape.matches()) return false;
        String letters = shape.group(1);
        int capitals = 0;
        Matcher word = CAMEL_WORD.matcher(letters);
        for (int at = 0; at < letters.length(); at = word.end()) {
            if (!word.find(at) || word.start() != at) return false;
            String found = word.group();
            boolean acronym = found.chars().allMatch(Character::isUpperCase);
            if (!acronym && (found.length() < 2 || found.length() > 16 || !VOWEL.matcher(found).find())) return false;
            capitals += (int) found.chars().filter(Character::isUpperCase).count();
        }
        return capitals * 3 <= letters.length();
    }
}
