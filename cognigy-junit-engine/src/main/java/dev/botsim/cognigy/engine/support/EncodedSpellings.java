package dev.botsim.cognigy.engine.support;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The spellings a secret takes once percent-encoded, as a server may echo it: the request it refuses quoted back, the
 * value decoded by one rule and encoded again by another. A secret holding only letters, digits and {@code - . _} has
 * none but itself; one holding a space, {@code + * ~} or {@code / = ! ' ( )} is written differently by each rule, and
 * each spelling is masked on its own ({@code a b+c~d} is {@code a+b%2Bc%7Ed} in a form, {@code a%20b%2Bc~d} in a
 * JavaScript server's {@code encodeURIComponent}). Adding a spelling costs a search in each masked text; leaving one out
 * prints the secret.
 *
 * <ul>
 *   <li>form-encoded, {@code application/x-www-form-urlencoded} as an HTML form, {@link java.net.URLEncoder} and OkHttp's
 *       {@code FormBody} write it: a space as {@code +}, {@code *} kept, {@code ~} as {@code %7E} — the OAuth2 token
 *       request carries the client secret so;</li>
 *   <li>the same with a space as {@code %20}: a query value as OkHttp's {@code HttpUrl} writes it;</li>
 *   <li>RFC 3986's unreserved characters kept ({@code - . _ ~}), every other one encoded ({@code *} as {@code %2A});</li>
 *   <li>{@code encodeURIComponent}: {@code ! ' ( ) * ~} kept too;</li>
 *   <li>a path segment as {@code HttpUrl} writes it: {@code + = , ; : @ $ & ! ' ( ) * ~} kept, a space as {@code %20};</li>
 *   <li>a form half decoded, by a server that decodes {@code %XX} but not {@code +}: each space a {@code +}.</li>
 * </ul>
 * Hex digits are upper case, as every one of these encoders writes them.
 */
public final class EncodedSpellings {

    private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private EncodedSpellings() {
    }

    /** The spellings of {@code secret} other than itself, none repeated. */
    public static List<String> of(String secret) {
        Set<String> spellings = new LinkedHashSet<>();
        spellings.add(encoded(secret, "-._*", true));
        spellings.add(encoded(secret, "-._*", false));
        spellings.add(encoded(secret, "-._~", false));
        spellings.add(encoded(secret, "-._~!'()*", false));
        spellings.add(encoded(secret, "-._~!$&'()*+,;=:@", false));
        spellings.add(secret.replace(' ', '+'));
        spellings.remove(secret);
        return List.copyOf(spellings);
    }

    /** {@code text} as UTF-8, each byte percent-encoded but letters, digits and {@code kept}; a space as {@code +} if so told. */
    private static String encoded(String text, String kept, boolean spaceAsPlus) {
        StringBuilder written = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (ALPHANUMERIC.indexOf(c) >= 0 || kept.indexOf(c) >= 0)) {
                written.append(c);
            } else if (c == ' ' && spaceAsPlus) {
                written.append('+');
            } else {
                written.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return written.toString();
    }
}
