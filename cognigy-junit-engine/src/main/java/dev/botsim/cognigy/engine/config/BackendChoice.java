package dev.botsim.cognigy.engine.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Which Cognigy environment the run talks to, and through which API. */
public enum BackendChoice {

    /** A remote simulation API ({@code cognigy.base-url}, OAuth2 client credentials). */
    SIMULATION("simulation"),

    /** The in-process sandbox ({@code cognigy.sandbox.bot}), through its simulation API. */
    SANDBOX("sandbox"),

    /** A Cognigy REST Endpoint ({@code COGNIGY_ENDPOINT_URL}). */
    ENDPOINT("endpoint"),

    /** A Cognigy Socket Endpoint, the one Webchat talks to ({@code COGNIGY_SOCKET_URL}): one socket per session. */
    SOCKET("socket"),

    /**
     * The in-process sandbox through its REST Endpoint: {@code cognigy.backend=endpoint} with a sandbox bot
     * and no endpoint URL. Not a value users write; the configuration resolves it.
     */
    SANDBOX_ENDPOINT("sandbox-endpoint"),

    /**
     * The in-process sandbox through its Socket Endpoint: {@code cognigy.backend=socket} with a sandbox bot and no
     * socket URL. Not a value users write; the configuration resolves it.
     */
    SANDBOX_SOCKET("sandbox-socket"),

    /** Cognigy Playbooks, run through the management API ({@code cognigy.playbooks.*}); see docs/playbooks.md. */
    PLAYBOOKS("playbooks"),

    /** Cognigy's NLU scores through the management API ({@code POST projects/{id}/nlu/scores}): intents only, no flow runs. */
    NLU("nlu");

    private final String id;

    BackendChoice(String id) {
        this.id = id;
    }

    /** The name reports and messages use: {@code simulation}, {@code sandbox-endpoint}, ... */
    public String id() {
        return id;
    }

    /** Whether the run starts the in-process sandbox. */
    boolean sandboxed() {
        return this == SANDBOX || this == SANDBOX_ENDPOINT || this == SANDBOX_SOCKET;
    }

    /** Whether the configuration resolves this choice from another one, rather than users writing it. */
    private boolean resolved() {
        return this == SANDBOX_ENDPOINT || this == SANDBOX_SOCKET;
    }

    /** The choice a {@code cognigy.backend} value names; only the values users write. */
    static Optional<BackendChoice> named(String value) {
        String id = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> !c.resolved() && c.id.equals(id)).findFirst();
    }

    /**
     * Other words for the values users write, each to the value it means, for the "did you mean" of a value refused:
     * Cognigy's "REST Endpoint" is {@code endpoint}, and so is {@code sandbox-endpoint}, the name reports give the sandbox's
     * REST Endpoint, which {@code endpoint} with a sandbox bot and no endpoint URL runs; Webchat's endpoint, Socket.IO and
     * a WebSocket are {@code socket}, and so is {@code sandbox-socket}, which {@code socket} with a sandbox bot and no socket
     * URL runs.
     */
    static final Map<String, String> ALIASES = Map.of("rest", ENDPOINT.id, "rest-endpoint", ENDPOINT.id,
            SANDBOX_ENDPOINT.id, ENDPOINT.id, "sim", SIMULATION.id, "webchat", SOCKET.id, "socket.io", SOCKET.id,
            "websocket", SOCKET.id, SANDBOX_SOCKET.id, SOCKET.id);

    /** The values users write, sorted, for messages. */
    static TreeSet<String> written() {
        TreeSet<String> ids = new TreeSet<>();
        for (BackendChoice c : values()) if (!c.resolved()) ids.add(c.id);
        return ids;
    }
}
