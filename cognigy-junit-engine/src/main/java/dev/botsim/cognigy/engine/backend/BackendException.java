package dev.botsim.cognigy.engine.backend;

import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.transport.RetryLog;

/**
 * A failure to get the bot's answer. Messages never contain secrets (client secret, tokens, URL
 * tokens); response bodies quoted in them are truncated.
 */
public class BackendException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, deciding how the test is reported. */
    public enum Kind {
        /** Credentials rejected: nothing will work until the configuration is fixed. */
        AUTHENTICATION,
        /** Authenticated but not allowed (missing scope). */
        PERMISSION,
        /** The simulation did not finish before its deadline. */
        TIMEOUT,
        /** The server answered something that is not the documented protocol. */
        PROTOCOL,
        /** Network failure, 5xx or 429 that retries did not overcome. */
        TRANSPORT,
        /** The request itself was refused (4xx): a problem of the test or configuration. */
        REJECTED
    }

    private final Kind kind;
    private volatile java.util.List<String> retries = java.util.List.of();

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
        if (retries.isEmpty()) return "";
        StringBuilder said = new StringBuilder("\nretried ").append(retries.size()).append(retries.size() == 1 ? " time" : " times")
                .append(" before it gave up:");
        retries.stream().limit(3).forEach(retry -> said.append("\n  ").append(ConsoleText.oneLine(retry)));
        if (retries.size() > 3) said.append("\n  … and ").append(retries.size() - 3).append(" more");
        return said.toString();
    }
}
