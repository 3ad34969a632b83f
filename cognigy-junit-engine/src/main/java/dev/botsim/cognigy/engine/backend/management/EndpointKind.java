package dev.botsim.cognigy.engine.backend.management;

import java.util.Locale;
import java.util.Set;

import dev.botsim.cognigy.engine.config.Constants;

/**
 * The kind of Cognigy endpoint a run sends its messages to, which decides the endpoint channels the management API may
 * name for it: a REST Endpoint ({@code cognigy.backend=endpoint}) is one of channel {@code rest}; a Socket Endpoint
 * ({@code cognigy.backend=socket}) speaks Socket.IO, as the Socket Endpoint ({@code socket}) and the Webchat endpoints
 * ({@code webchat2}, {@code webchat3}, whose widget is a socket client) do.
 */
public enum EndpointKind {

    /** A REST Endpoint, its URL in {@code COGNIGY_ENDPOINT_URL}. */
    REST("REST endpoint", "endpoint", Constants.ENDPOINT_URL_ENV, "Cognigy's REST endpoint protocol", Set.of("rest")),

    /** A Socket.IO endpoint, its URL in {@code COGNIGY_SOCKET_URL}. */
    SOCKET("Socket Endpoint", "socket", Constants.SOCKET_URL_ENV, "Socket.IO, as Cognigy's socket client does",
            Set.of("socket", "webchat2", "webchat3"));

    private final String name;
    private final String backend;
    private final String variable;
    private final String protocol;
    private final Set<String> channels;

    EndpointKind(String name, String backend, String variable, String protocol, Set<String> channels) {
        this.name = name;
        this.backend = backend;
        this.variable = variable;
        this.protocol = protocol;
        this.channels = channels;
    }

    /** The environment variable holding such an endpoint's URL, its URL token in it. */
    String variable() {
        return variable;
    }

    /** Whether an endpoint of {@code channel}, as the management API names it, speaks this kind's protocol. */
    boolean speaks(String channel) {
        return channels.contains(channel.toLowerCase(Locale.ROOT));
    }

    /** Why an endpoint of another channel cannot be tested by this kind's backend, to follow "..., not a ...". */
    String refusal() {
        return name + "; cognigy.backend=" + backend + " speaks " + protocol + ": point " + variable + " at "
                + (this == REST ? "a REST endpoint" : "a Socket or Webchat endpoint") + ".";
    }

    /** How such an endpoint is named in a message: {@code REST endpoint}. */
    String shown() {
        return name;
    }
}
