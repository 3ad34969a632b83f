package dev.botsim.cognigy.engine.backend.socket;

import java.util.List;
import java.util.Optional;

import dev.botsim.cognigy.engine.backend.endpoint.EndpointUrl;
import dev.botsim.cognigy.engine.support.Secret;
import okhttp3.HttpUrl;

/**
 * A Socket Endpoint's URL as Cognigy shows it ({@code https://endpoint-trial.cognigy.ai/<URLToken>}): the server's
 * address and, as its last non-empty path segment, the URL token, a secret, found as a REST Endpoint URL's is
 * ({@link EndpointUrl}). Cognigy's socket client connects to the address's origin at {@code /socket.io/}, or at
 * {@code <path>/socket.io/} when the address has a path, and names the token, session and user in the query.
 *
 * @param endpoint the URL and its token
 */
record SocketUrl(EndpointUrl endpoint) {

    /** The URL, or empty when it is not a Socket Endpoint URL ({@link #problem} says why). */
    static Optional<SocketUrl> parse(Secret url) {
        return problem(url).isPresent() ? Optional.empty() : EndpointUrl.parse(url).map(SocketUrl::new);
    }

    /**
     * Why {@code url} is not a Socket Endpoint URL, said without its value (it holds a secret), to follow "the
     * environment variable ... "; empty when it is one. A {@code /test/} before the token is refused: that is how a REST
     * Endpoint URL asks for test mode, while a Socket Endpoint takes it as the {@code testMode} query parameter.
     */
    static Optional<String> problem(Secret url) {
        Optional<String> problem = EndpointUrl.problem(url);
        // EndpointUrl's words for a URL without a token name the REST Endpoint's test-mode URL, which a Socket Endpoint has not.
        if (problem.isPresent() && problem.get().startsWith("is not an http(s) URL")) {
            return Optional.of("is not an http(s) URL ending in the Socket Endpoint's URL token (https://<endpoint host>/<URLToken>,"
                    + " as the endpoint's settings in Cognigy show it)");
        }
        if (problem.isPresent() && problem.get().startsWith("ends in /test/")) {
            return Optional.of("ends in /test/, a REST Endpoint's test-mode prefix, with no URL token after it: a Socket Endpoint's"
                    + " URL is https://<endpoint host>/<URLToken>, as the endpoint's settings in Cognigy show it, and takes test"
                    + " mode as cognigy.socket.test-mode=true");
        }
        if (problem.isPresent()) return problem;
        EndpointUrl endpoint = EndpointUrl.parse(url).orElseThrow();
        List<String> segments = endpoint.url().pathSegments();
        int token = segments.lastIndexOf(endpoint.token());
        if (token > 0 && segments.get(token - 1).equals("test")) {
            return Optional.of("has /test/ before its URL token, as a REST Endpoint's test-mode URL has; a Socket Endpoint takes"
                    + " test mode as a parameter of its connection instead: remove /test/ and set cognigy.socket.test-mode=true");
        }
        return Optional.empty();
    }

    /** The URL token, decoded. */
    String token() {
        return endpoint.token();
    }

    /**
     * Where the WebSocket connects: {@code /socket.io/} under the path before the token, with the Engine.IO revision, the
     * transport and the session's parameters, as {@code @cognigy/socket-client} names them.
     */
    HttpUrl connection(String sessionId, String userId, boolean testMode) {
        HttpUrl url = endpoint.url();
        List<String> segments = url.pathSegments();
        int token = segments.lastIndexOf(endpoint.token());
        HttpUrl.Builder builder = new HttpUrl.Builder().scheme(url.scheme()).host(url.host()).port(url.port());
        for (String segment : segments.subList(0, token)) {
            if (!segment.isEmpty()) builder.addPathSegment(segment);
        }
        return builder.addPathSegment("socket.io").addPathSegment("")
                .addQueryParameter("EIO", "3").addQueryParameter("transport", "websocket")
                .addQueryParameter("sessionId", sessionId).addQueryParameter("urlToken", endpoint.token())
                .addQueryParameter("userId", userId).addQueryParameter("testMode", Boolean.toString(testMode))
                .addQueryParameter("emitWithAck", "true").build();
    }

    /** The URL as messages show it: the token's segment as {@code ****}, no query. */
    String shown() {
        return endpoint.shown();
    }

    /** {@code text} with the URL and its token masked in every spelling, as a REST Endpoint's are. */
    String mask(String text) {
        return endpoint.mask(text);
    }

    @Override
    public String toString() {
        return shown();
    }
}
