package dev.botsim.cognigy.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A local stand-in of a Cognigy environment serving one bot over HTTP on 127.0.0.1: the simulation
 * API, a REST Endpoint and admin endpoints for faults and counters.
 *
 * <pre>{@code
 * try (CognigySandbox sandbox = CognigySandbox.start(BotDefinition.fromClasspath("order-bot.bot.yaml"),
 *         SandboxOptions.defaults())) {
 *     String base = sandbox.baseUrl();
 * }
 * }</pre>
 */
public final class CognigySandbox implements AutoCloseable {

    private final SandboxServer server;
    private final SandboxOptions options;
    private final String clientSecret;
    private final String urlToken;

    private CognigySandbox(SandboxServer server, SandboxOptions options, String clientSecret, String urlToken) {
        this.server = server;
        this.options = options;
        this.clientSecret = clientSecret;
        this.urlToken = urlToken;
    }

    public static CognigySandbox start(BotDefinition bot, SandboxOptions options) {
        String secret = options.clientSecret() != null ? options.clientSecret() : random("sbxsecret_");
        String token = options.urlToken() != null ? options.urlToken() : random("");
        try {
            return new CognigySandbox(new SandboxServer(bot, options, secret, token), options, secret, token);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sandbox on port " + options.port(), e);
        }
    }

    private static String random(String prefix) {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    /** Base URL of the simulation API, {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** URL of the REST Endpoint, including its URL token. */
    public String endpointUrl() {
        return baseUrl() + "/" + urlToken;
    }

    public int port() {
        return server.port();
    }

    public String clientId() {
        return options.clientId();
    }

    public String clientSecret() {
        return clientSecret;
    }

    /** Limits and faults, changeable while it runs. */
    public Faults faults() {
        return server.faults();
    }

    public SandboxStats stats() {
        return server.stats();
    }

    /** Simulations submitted and not yet complete. */
    public int inFlight() {
        return server.inFlight();
    }

    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "CognigySandbox[" + baseUrl() + "]";
    }
}
