package dev.botsim.cognigy.engine.backend;

import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.transport.Delivery;
import dev.botsim.cognigy.engine.transport.Retries;
import dev.botsim.cognigy.engine.transport.RetryLog;

/**
 * A failure to get the bot's answer. Messages never contain secrets (client secret, tokens, URL
 * tokens); response bodies quoted in them are truncated.
 */
public class BackendException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, deciding how the test is reported and whether it is the bot's doing. */
    public enum Kind {
        /** Credentials rejected: nothing will work until the configuration is fixed. */
        AUTHENTICATION,
        /** Authenticated but not allowed (missing scope). */
        PERMISSION,
        /**
         * The run's configuration kept the message from the bot: refused before sending (the backend cannot carry what the
         * test asks, a setting it needs is missing or malformed), or sent where no bot is (a URL that names no endpoint,
         * answered 404).
         */
        CONFIGURATION,
        /** The simulation did not finish before its deadline. */
        TIMEOUT,
        /** The server answered something that is not the documented protocol. */
        PROTOCOL,
        /** Network failure, 5xx or 429 that retries did not overcome. */
        TRANSPORT,
        /** The request itself was refused (4xx) for what it holds: for a message, what the bot's side answered it. */
        REJECTED;

        /**
         * Whether a failure of this kind is the run's own setup failing — its credentials, its permissions, its
         * configuration — rather than the bot's behaviour towards the message: it says nothing of what the bot answers,
         * and holds only as long as the setup does, so a recording keeps no trace of it.
         */
        public boolean ofTheRunsSetup() {
            return this == AUTHENTICATION || this == PERMISSION || this == CONFIGURATION;
        }
    }

    private final Kind kind;
    private volatile java.util.List<String> retries = java.util.List.of();
    /** Values of the message that hold for this run only, each with what a record of the failure writes instead. */
    private volatile java.util.Map<String, String> varying = java.util.Map.of();
    /** Whether the message this failure is of never left for the bot ({@link #messageUnsent()}). */
    private volatile boolean messageUnsent;
    /** How {@link #retriesSaid()} opens, and what follows: found to leave them out of a message that carries them. */
    private static final java.util.regex.Pattern RETRIES_SAID =
            java.util.regex.Pattern.compile("\nretried [0-9]+ times? before it gave up:[\\s\\S]*\\z");

    public BackendException(Kind kind, String message) {
        this(kind, message, null);
    }

    public BackendException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * This exception, saying that its message holds {@code value} for this run only — an id the server gave this
     * message's exchange (a simulation's), how many polls it took — and what a record of the bot's behaviour writes in
     * its place ({@code <simulation id>}; empty to leave it out). A cassette records the failure so: recording an
     * unchanged bot again writes the same bytes. A value already named keeps its first name.
     */
    public synchronized BackendException varying(String value, String writtenAs) {
        if (value == null || value.isEmpty() || varying.containsKey(value)) return this;
        java.util.Map<String, String> more = new java.util.LinkedHashMap<>(varying);
        more.put(value, writtenAs);
        varying = java.util.Collections.unmodifiableMap(more);
        return this;
    }

    /**
     * This exception, whose message holds the transport's {@code giveUp} problem: the values the transport named in it as
     * holding for this run only (a count, a wait, an instant) are written as it writes them in a record.
     */
    public BackendException varying(Retries.GiveUp giveUp) {
        return giveUp.problem().equals(giveUp.recorded()) ? this : varying(giveUp.problem(), giveUp.recorded());
    }

    /** The values of the message that hold for this run only ({@link #varying(String, String)}), with what stands for each. */
    public java.util.Map<String, String> varying() {
        return varying;
    }

    /**
     * This exception, saying that its message never left for the bot: the request that carries it failed before any byte
     * of it was sent — no connection, no such host, no TLS session — or was not sent at all (held back, or refused by the
     * outage breaker), and no earlier attempt of it was sent either; or the backend refused the message before sending
     * anything, for what the test asks that it cannot carry (a data-only message or injected context the simulation API
     * has no field for, the marker key in the test's data) or a setting the message needs (a locale's endpoint URL that
     * is none, no management API to inject context through). Only the backend that sends the message says so, of the
     * request that carries it: a failure of a later request (a simulation's status poll) is of a message the bot got.
     */
    public BackendException withMessageUnsent() {
        messageUnsent = true;
        return this;
    }

    /**
     * This exception, saying its message never left for the bot when {@code delivery} — how far the attempts of the
     * request that carries the message got — is {@link Delivery#NOT_SENT}; unchanged otherwise. Said only where that
     * request failed without an answer: one answered, whatever it answered, was sent.
     */
    public BackendException withMessageUnsentIf(Delivery delivery) {
        return delivery == Delivery.NOT_SENT ? withMessageUnsent() : this;
    }

    /** Whether the message never left for the bot ({@link #withMessageUnsent()}): the bot neither saw nor answered it. */
    public boolean messageUnsent() {
        return messageUnsent;
    }

    /** The retries made before giving up, one readable line each (see {@link RetryLog}). */
    public java.util.List<String> retries() {
        return retries;
    }

    /**
     * This exception, carrying the retries that were made for its message; one that already carries them (given where the
     * request was made) keeps them.
     */
    public BackendException withRetries(RetryLog log) {
        if (retries.isEmpty()) this.retries = log.events();
        return this;
    }

    /**
     * The retries as lines to follow the message, the first three and how many more; empty when the request was not
     * repeated. Surefire's reports and an engine failure show no report entries: a failure that already cost four attempts
     * says so where it is read, and is no blip to rerun.
     */
    public String retriesSaid() {
        // Left out again by withoutRetriesSaid: a change of these words there too.
        if (retries.isEmpty()) return "";
        StringBuilder said = new StringBuilder("\nretried ").append(retries.size()).append(retries.size() == 1 ? " time" : " times")
                .append(" before it gave up:");
        retries.stream().limit(3).forEach(retry -> said.append("\n  ").append(ConsoleText.oneLine(retry)));
        if (retries.size() > 3) said.append("\n  … and ").append(retries.size() - 3).append(" more");
        return said.toString();
    }

    /** {@code message} without the {@link #retriesSaid()} that follows it, if it carries them. */
    public static String withoutRetriesSaid(String message) {
        return RETRIES_SAID.matcher(message).replaceFirst("");
    }
}
