package dev.botsim.cognigy.engine.webhook;

import java.util.Locale;

import okhttp3.HttpUrl;

/**
 * The receiver a webhook URL names: its scheme, host, port and path — not its user info, query or fragment, where a QA
 * platform takes its token, so a rotated token names the same receiver. The merge compares by it the URL its parts ran
 * with to the one it is given, both as {@link dev.botsim.cognigy.engine.support.ShownUrl} shows them (the parts kept no
 * more than that). The outbox does not: it sends an entry only to its whole URL ({@code Outbox.receiver}), since the same
 * address with another query may be another project's receiver. The scheme and host are
 * not case-sensitive, and the scheme's default port (80 for http, 443 for https) is the same as none, as an empty path is
 * {@code /}: so {@code https://Hooks.Example.com/x} and {@code https://hooks.example.com:443/x} are one receiver. Another
 * scheme, host, port or path (whose case counts) is another.
 *
 * @param scheme in lower case; empty when the URL has none, and then {@code path} is the URL as written
 * @param host   in lower case
 * @param port   empty for the scheme's default
 * @param path   the path as written; {@code /} for an empty path of http or https
 */
public record WebhookReceiver(String scheme, String host, String port, String path) {

    /** @param url a webhook URL, as given or as {@link dev.botsim.cognigy.engine.support.ShownUrl#of} shows it */
    public static WebhookReceiver of(String url) {
        String given = url.trim();
        // As OkHttp sends to it: two spellings of one URL (a percent-encoding, an IPv6 address's case) are one receiver.
        HttpUrl parsed = HttpUrl.parse(given);
        String written = parsed == null ? given : parsed.toString();
        int separator = written.indexOf("://");
        if (separator <= 0) return new WebhookReceiver("", "", "", written);
        String scheme = written.substring(0, separator).toLowerCase(Locale.ROOT);
        String afterScheme = written.substring(separator + 3);
        int end = afterScheme.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int at = afterScheme.indexOf(c);
            if (at >= 0) end = Math.min(end, at);
        }
        String authority = afterScheme.substring(0, end);
        String rest = afterScheme.substring(end);
        int pathEnd = rest.length();
        for (char c : new char[] {'?', '#'}) {
            int at = rest.indexOf(c);
            if (at >= 0) pathEnd = Math.min(pathEnd, at);
        }
        String path = rest.substring(0, pathEnd);
        // The user info is no part of the receiver: the engine refuses it in the webhook's URL, and masks it when shown.
        String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
        // A port follows the last colon, unless that is inside an IPv6 address's brackets ([2001:db8::1]).
        int colon = hostAndPort.lastIndexOf(':');
        boolean hasPort = colon >= 0 && colon > hostAndPort.lastIndexOf(']');
        String host = (hasPort ? hostAndPort.substring(0, colon) : hostAndPort).toLowerCase(Locale.ROOT);
        String port = hasPort ? hostAndPort.substring(colon + 1) : "";
        if (port.equals(scheme.equals("https") ? "443" : scheme.equals("http") ? "80" : null)) port = "";
        if ((scheme.equals("http") || scheme.equals("https")) && path.isEmpty()) path = "/";
        return new WebhookReceiver(scheme, host, port, path);
    }

    /** The receiver as one text, {@code https://hooks.example.com/x}: what the outbox's entries name by its SHA-256. */
    @Override
    public String toString() {
        return scheme.isEmpty() ? path : scheme + "://" + host + (port.isEmpty() ? "" : ":" + port) + path;
    }
}
