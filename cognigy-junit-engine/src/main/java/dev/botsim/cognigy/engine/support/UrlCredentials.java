package dev.botsim.cognigy.engine.support;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import okhttp3.HttpUrl;

/**
 * What a URL held as a secret may carry besides its path: a user name and password ({@code https://key:pw@host/...}),
 * and the values of its query ({@code ?apikey=...}), which a gateway in front of the server takes as its credential.
 * A server that refuses such a request quotes them ({@code invalid apikey ...}), on their own rather than in the URL:
 * each is masked in what the server answers, as written in the URL and decoded. Values shorter than 8 characters are
 * left, as {@link Secret#mask} leaves them.
 */
public final class UrlCredentials {

    private UrlCredentials() {
    }

    /** The user name, password and query values of {@code url}, each as the URL writes it and decoded; none empty. */
    public static List<String> of(HttpUrl url) {
        Set<String> found = new LinkedHashSet<>(List.of(url.username(), url.encodedUsername(), url.password(), url.encodedPassword()));
        for (int i = 0; i < url.querySize(); i++) {
            String value = url.queryParameterValue(i);
            if (value != null) found.add(value);
        }
        String query = url.encodedQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                if (equals >= 0) found.add(pair.substring(equals + 1));
            }
        }
        found.remove("");
        return List.copyOf(found);
    }

    /** {@code text} with each of {@code url}'s credentials masked. */
    public static String mask(String text, HttpUrl url) {
        String masked = text;
        for (String credential : of(url)) masked = Secret.mask(masked, credential);
        return masked;
    }
}
