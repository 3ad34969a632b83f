package dev.botsim.cognigy.engine.transport;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import okhttp3.HttpUrl;
import okhttp3.Response;

/**
 * Whether a transport's answers came from the project's sandbox rather than a Cognigy: the sandbox puts
 * {@value #HEADER} on every answer, a header no tenant sends, so a sandbox started on its own (its command line) and
 * configured as if it were a tenant is still told from the bot. The first answer carrying it is enough; a transport
 * and the copies of it that share its connections share one sighting.
 */
final class SandboxSighting {

    /** The sandbox's {@code CognigySandbox.IDENTITY_HEADER}: named here, as the engine runs without the sandbox. */
    static final String HEADER = "X-Cognigy-Junit-Sandbox";

    private final AtomicReference<String> seen = new AtomicReference<>();

    /** Notes {@code response}'s server when the sandbox sent it. */
    void note(Response response) {
        if (seen.get() == null && response.header(HEADER) != null) seen.compareAndSet(null, at(response.request().url()));
    }

    /** The sandbox the answers came from ({@code a cognigy-junit sandbox at http://127.0.0.1:8080}), once one said so. */
    Optional<String> seen() {
        return Optional.ofNullable(seen.get());
    }

    /** Scheme, host and port only: a REST Endpoint's path holds its URL token, a secret. */
    private static String at(HttpUrl url) {
        return "a cognigy-junit sandbox at " + url.scheme() + "://" + (url.host().contains(":") ? "[" + url.host() + "]" : url.host())
                + ":" + url.port() + " (its answers carry the " + HEADER + " header, which no Cognigy tenant sends)";
    }
}
