package dev.botsim.cognigy.engine.transport;

import java.nio.charset.StandardCharsets;

/**
 * The start of an answer, for a message: on one line, cut short, bearer tokens and
 * {@code access_token} values masked in case the server echoed a request. Bodies reach it already
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
        return text.replaceAll("\\s+", " ")
                .replaceAll("(?i)(bearer\\s+|access_token\"?\\s*[:=]\\s*\"?)[A-Za-z0-9._~+/=-]+", "$1****");
    }
}
