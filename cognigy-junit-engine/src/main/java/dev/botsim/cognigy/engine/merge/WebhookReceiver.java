package dev.botsim.cognigy.engine.merge;

import java.util.Locale;

import dev.botsim.cognigy.engine.support.ShownUrl;

/**
 * The receiver a webhook URL names, as the merge compares the one its parts ran with to the one it is given: both as
 * {@link ShownUrl} shows them (the parts kept no more), what is masked (a token in the query, say) not compared — a
 * rotated token names the same receiver. The scheme and host are not case-sensitive, and the scheme's default port
 * (80 for http, 443 for https) is the same as none, as an empty path is {@code /}: so {@code https://Hooks.Example.com/x}
 * and {@code https://hooks.example.com:443/x} are one receiver. Another scheme, host, port or path (whose case counts),
 * or a user info where the other has none, is another.
 *
 * @param scheme   in lower case; empty when the URL has none, and then {@code rest} is the URL as written
 * @param userInfo the masked user info and its {@code @}, or empty
 * @param host     in lower case
 * @param port     empty for the scheme's default
 * @param rest     the path, query and fragment as shown; {@code /} for an empty path of http or https
 */
record WebhookReceiver(String scheme, String userInfo, String host, String port, String rest) {

    /** @param shown a URL as {@link ShownUrl#of} shows it */
    static WebhookReceiver of(String shown) {
        int separator = shown.indexOf("://");
        if (separator <= 0) return new WebhookReceiver("", "", "", "", shown);
        String scheme = shown.substring(0, separator).toLowerCase(Locale.ROOT);
        String afterScheme = shown.substring(separator + 3);
        int end = afterScheme.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int at = afterScheme.indexOf(c);
            if (at >= 0) end = Math.min(end, at);
        }
        String authority = afterScheme.substring(0, end);
        String rest = afterScheme.substring(end);
        int at = authority.lastIndexOf('@');
        String userInfo = authority.substring(0, at + 1);
        String hostAndPort = authority.substring(at + 1);
        // A port follows the last colon, unless that is inside an IPv6 address's brackets ([2001:db8::1]).
        int colon = hostAndPort.lastIndexOf(':');
        boolean hasPort = colon >= 0 && colon > hostAndPort.lastIndexOf(']');
        String host = (hasPort ? hostAndPort.substring(0, colon) : hostAndPort).toLowerCase(Locale.ROOT);
        String port = hasPort ? hostAndPort.substring(colon + 1) : "";
        boolean web = scheme.equals("http") || scheme.equals("https");
        if (port.equals(scheme.equals("https") ? "443" : scheme.equals("http") ? "80" : null)) port = "";
        if (web && !rest.startsWith("/")) rest = "/" + rest;
        return new WebhookReceiver(scheme, userInfo, host, port, rest);
    }
}
