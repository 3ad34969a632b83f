package dev.botsim.cognigy.engine.transport;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The start of an answer, for a message: on one line, cut short, credentials masked in case the server echoed a request
 * or answered one it should not have: the value after {@code Bearer} or {@code Basic}, and the value of every field or
 * header that names a credential — {@code access_token}, {@code refresh_token}, {@code id_token}, {@code client_secret},
 * {@code password}, {@code api_key} and {@code apikey}, {@code X-API-Key} — written {@code name=value},
 * {@code name: value} or as a JSON member. A token endpoint's answer carries a refresh token beside the access token,
 * form-encoded when it is no JSON; quoted in a message, it would outlive the run in the CI log. Bodies reach it already
 * redacted of the client's own secrets; this is the second line of defence.
 */
public final class Snippet {

    private Snippet() {
    }

    public static String of(byte[] bytes, int max) {
        String text = new String(bytes, 0, Math.min(bytes.length, max), StandardCharsets.UTF_8);
        return masked(text) + (bytes.length > max ? "…" : "");
    }

    public static String of(String text, int max) {
        return masked(text.length() > max ? text.substring(0, max) : text) + (text.length() > max ? "…" : "");
    }

    private static String masked(String text) {
        String line = text.replaceAll("\\s+", " ");
        String quoted = SINGLE_QUOTED.matcher(DOUBLE_QUOTED.matcher(ESCAPED_QUOTED.matcher(line).replaceAll("$1****"))
                .replaceAll("$1****")).replaceAll("$1****");
        return BASIC.matcher(UNQUOTED.matcher(quoted).replaceAll("$1****")).replaceAll("$1****");
    }

    /** The names of fields and headers whose value is a credential. */
    private static final String NAMES = "access_token|refresh_token|id_token|client_secret|password|api[_-]?key|x-api-key";

    /**
     * A credential's value in double quotes (a JSON member, {@code name="value"}): up to its closing quote, whatever it
     * holds — a password's {@code @}, {@code #} or {@code &} too —, an escaped quote included. Possessive, so a long value
     * cannot overflow the matcher's stack.
     */
    private static final Pattern DOUBLE_QUOTED = Pattern.compile("(?i)(\\b(?:" + NAMES + ")" + "\"?\\s*[:=]\\s*\")(?:[^\"\\\\]++|\\\\.)*+");

    /** The same in single quotes, as a Python or JavaScript literal writes it ({@code {'password': 'value'}}). */
    private static final Pattern SINGLE_QUOTED = Pattern.compile("(?i)(\\b(?:" + NAMES + ")" + "'?\\s*[:=]\\s*')(?:[^'\\\\]++|\\\\.)*+");

    /**
     * A JSON member inside a JSON string ({@code {"body":"{\"password\":\"value\"}"}}), as an answer quoting the request
     * it got holds it: up to the escaped quote that closes it.
     */
    private static final Pattern ESCAPED_QUOTED = Pattern.compile("(?i)(\\b(?:" + NAMES + ")" + "\\\\\"\\s*[:=]\\s*\\\\\")"
            + "(?:[^\"\\\\]++|\\\\\\\\|\\\\(?!\"))*+");

    /**
     * A credential's value unquoted (form-encoded, a header, after {@code Bearer}): up to a space, a quote or the {@code &}
     * that ends a form field; whatever else it holds is masked with it.
     */
    private static final Pattern UNQUOTED = Pattern.compile("(?i)(\\bbearer\\s+|\\b(?:" + NAMES + ")(?:\\\\?[\"'])?\\s*[:=]\\s*)"
            + "[^\\s\"'&\\\\]++");

    /** HTTP Basic credentials: the scheme as a header writes it, then base64 — not the word "basic" in a sentence. */
    private static final Pattern BASIC = Pattern.compile("\\b(Basic\\s+)[A-Za-z0-9+/]{4,}={0,2}");
}
