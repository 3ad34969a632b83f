package dev.botsim.cognigy.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A local stand-in of a Cognigy environment serving one bot over HTTP on 127.0.0.1: the simulation
 * API, a REST Endpoint that answers as a tenant's does, a Socket Endpoint answering from the same bot (a WebSocket on a
 * port of its own), the part of the management API that resolves
 * the bot behind it, and admin endpoints for faults and counters.
 *
 * <pre>{@code
 * try (CognigySandbox sandbox = CognigySandbox.start(BotDefinition.fromClasspath("order-bot.bot.yaml"),
 *         SandboxOptions.defaults())) {
 *     String base = sandbox.baseUrl();
 * }
 * }</pre>
 */
public final class CognigySandbox implements AutoCloseable {

    /**
     * The header on every answer of the sandbox, whichever API: {@code X-Cognigy-Junit-Sandbox: 1}. A Cognigy tenant
     * never sends it, so a client can tell the sandbox's answers from a bot's even when the sandbox was started on its
     * own, as a server, and configured as if it were a tenant: the engine's {@code cognigy.governance.require-live}
     * refuses a run answered by it. The sandbox's answers are otherwise shaped as a tenant's.
     */
    public static final String IDENTITY_HEADER = "X-Cognigy-Junit-Sandbox";

    private final SandboxServer server;
    private final SandboxOptions options;
    private final String clientSecret;
    private final String urlToken;
    private final String apiKey;
    private final String socketToken;

    private CognigySandbox(SandboxServer server, SandboxOptions options, String clientSecret, String urlToken, String apiKey,
                           String socketToken) {
        this.server = server;
        this.options = options;
        this.clientSecret = clientSecret;
        this.urlToken = urlToken;
        this.apiKey = apiKey;
        this.socketToken = socketToken;
    }

    public static CognigySandbox start(BotDefinition bot, SandboxOptions options) {
        String secret = options.clientSecret() != null ? options.clientSecret() : random("sbxsecret_");
        String token = options.urlToken() != null ? options.urlToken() : random("");
        String apiKey = options.managementApiKey() != null ? options.managementApiKey() : random("");
        try {
            String socketToken = socketToken(token);
            return new CognigySandbox(new SandboxServer(bot, options, secret, token, apiKey, socketToken), options, secret, token,
                    apiKey, socketToken);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sandbox on port " + options.port(), e);
        }
    }

    /**
     * The Socket Endpoint's URL token: an endpoint of its own, so not the REST Endpoint's token (a tenant's endpoints each
     * have theirs), yet derived from it, so a sandbox started with {@code withUrlToken} has the same socket URL each time.
     */
    private static String socketToken(String restToken) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("socket-endpoint:" + restToken).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
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

    /** URL of the REST Endpoint in test mode, {@code .../test/<URL token>}, with its hourly quota. */
    public String testEndpointUrl() {
        return baseUrl() + "/test/" + urlToken;
    }

    /**
     * URL of the Socket Endpoint as Cognigy shows one, {@code http://127.0.0.1:<socket port>/<URL token>}: a WebSocket
     * speaking Engine.IO 3 and Socket.IO 2, as {@code @cognigy/socket-client} connects to it (at {@code /socket.io/} with
     * the token in the query). It answers from the REST Endpoint's bot and sessions, on a port of its own, with a URL
     * token of its own.
     */
    public String socketEndpointUrl() {
        return "http://127.0.0.1:" + server.socketPort() + "/" + socketToken;
    }

    /**
     * Base URL of the management API, as {@code cognigy.management.url} takes it (the API lives
     * under {@code /new/v2.0/} of it).
     */
    public String managementUrl() {
        return baseUrl();
    }

    /** The {@code X-API-Key} the management API accepts: a throwaway key, the sandbox's own. */
    public String managementApiKey() {
        return apiKey;
    }

    /** Id of the one project the management API serves, derived from the bot's name. */
    public String projectId() {
        return server.projectId();
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

    /**
     * Marks every flow's NLU model out of date ({@code isTrainingOutOfDate: true} in the management API's flow list), as
     * after an edit of its intents, until {@code POST flows/{id}/intents/train} has trained it.
     */
    public void markNluModelOutOfDate() {
        server.management().nlu().markOutOfDate();
    }

    /** Limits and faults, changeable while it runs. */
    public Faults faults() {
        return server.faults();
    }

    /**
     * The names of the project's playbooks as they are now (seeded, created through the management API and not yet
     * deleted): what a run that creates temporary playbooks left behind.
     */
    public java.util.List<String> playbookNames() {
        return server.playbookNames();
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
