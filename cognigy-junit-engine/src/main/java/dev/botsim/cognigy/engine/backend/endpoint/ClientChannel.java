package dev.botsim.cognigy.engine.backend.endpoint;

/**
 * The client an endpoint's answers are read as shown by: which channel's payload of an output it shows, the default
 * channel's ({@code _cognigy._default}) or Webchat's own ({@code _cognigy._webchat}, else {@code _facebook}).
 */
public enum ClientChannel {
    /**
     * A REST Endpoint's client, which reads the default channel's formats: Webchat's payload only for an output whose
     * default channel offers nothing (a Say node filled on its Webchat tab alone).
     */
    DEFAULT_CHANNEL,
    /** Webchat, on a Socket Endpoint: its own payload where an output has one, else the default channel's. */
    WEBCHAT
}
