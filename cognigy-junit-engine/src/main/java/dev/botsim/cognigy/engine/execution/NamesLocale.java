package dev.botsim.cognigy.engine.execution;

/**
 * A test or conversation that may send its messages to a locale of its own ({@code locale:} of its case, conversation
 * or file), so the run can look up that locale's REST Endpoint URL, a credential, before anything is sent and mask it
 * in every message from the start — not only once the locale's first test ran.
 */
public interface NamesLocale {
    /** The locale named, or {@code null} when none is and the messages go to the run's default endpoint. */
    String namedLocale();
}
