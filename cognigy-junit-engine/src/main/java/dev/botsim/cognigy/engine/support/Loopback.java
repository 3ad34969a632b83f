package dev.botsim.cognigy.engine.support;

import okhttp3.HttpUrl;

/**
 * Whether a URL names this machine by its loopback address: {@code localhost} (and a name below it), an address of
 * {@code 127.0.0.0/8} or {@code ::1}, written as such. A name is never resolved to find out.
 */
public final class Loopback {

    private Loopback() {
    }

    /** Whether {@code url}'s host — as {@link HttpUrl#host()} writes it, an IPv6 address without brackets — is this machine's. */
    public static boolean is(HttpUrl url) {
        String host = url.host();
        return host.equals("localhost") || host.endsWith(".localhost") || host.equals("::1")
                || host.matches("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");
    }
}
