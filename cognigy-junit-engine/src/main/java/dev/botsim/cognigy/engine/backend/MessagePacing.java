package dev.botsim.cognigy.engine.backend;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.transport.BudgetWait;
import dev.botsim.cognigy.engine.transport.RequestBudget;
import dev.botsim.cognigy.engine.transport.Sleeper;

/**
 * How many messages per hour a backend sends to Cognigy's endpoints. An endpoint in test mode (a REST Endpoint's
 * {@code /test/} URL, a Socket Endpoint connected with {@code testMode=true}) accepts 600 messages an hour and calls
 * more "misuse", so test-mode messages are paced to that by default; a configured limit
 * ({@value Constants#ENDPOINT_MAX_MESSAGES_PER_HOUR}) applies to every message. One budget serves the whole run,
 * whichever URL a message goes to: whether Cognigy counts the quota per endpoint or per project is not documented, so
 * the run stays within it either way.
 */
public final class MessagePacing {

    private static final Duration HOUR = Duration.ofHours(1);

    private final Optional<RequestBudget> budget;
    private final boolean everyMessage;
    private final String why;
    private final String whose;

    private MessagePacing(Optional<RequestBudget> budget, boolean everyMessage, String why, String whose) {
        this.budget = budget;
        this.everyMessage = everyMessage;
        this.why = why;
        this.whose = whose;
    }

    /**
     * @param configured {@code cognigy.endpoint.max-messages-per-hour}: empty for the default, 0 for none
     * @param whose      whose budget it is, for the progress line ("the REST Endpoint's")
     */
    public static MessagePacing of(OptionalInt configured, String whose, Clock clock, Sleeper sleeper) {
        if (configured.isPresent()) {
            if (configured.getAsInt() == 0) return new MessagePacing(Optional.empty(), true, "", whose);
            return new MessagePacing(Optional.of(new RequestBudget(configured.getAsInt(), HOUR, clock, sleeper)), true,
                    Constants.ENDPOINT_MAX_MESSAGES_PER_HOUR, whose);
        }
        return new MessagePacing(Optional.of(new RequestBudget(Constants.TEST_MODE_MESSAGES_PER_HOUR, HOUR, clock, sleeper)),
                false, "the test-mode quota; " + Constants.ENDPOINT_MAX_MESSAGES_PER_HOUR + " changes it", whose);
    }

    /** Waits until one more message, in test mode or not, fits in the hour, then counts it. */
    public void acquire(boolean testMode) throws InterruptedException {
        if (applies(testMode)) budget.get().acquire();
    }

    private boolean applies(boolean testMode) {
        return budget.isPresent() && (everyMessage || testMode);
    }

    /** While the hour's budget holds messages back: until when, and how long until {@code more} would have gone too. */
    public Optional<BudgetWait> waiting(long more) {
        return budget.flatMap(b -> b.waiting(whose, more));
    }

    /**
     * What the first progress line says when {@code messages}, in test mode or not, exceed an hour's budget: how long
     * they take at the least.
     */
    public Optional<String> expectation(long messages, boolean testMode) {
        if (!applies(testMode) || messages <= budget.get().limit()) return Optional.empty();
        long hours = budget.get().expectedDuration(messages).toHours();
        return Optional.of(String.format(Locale.ROOT, "%d messages at most %d per hour (%s): expect at least %d h", messages,
                budget.get().limit(), why, hours));
    }
}
