package dev.botsim.cognigy.engine.backend.endpoint;

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
 * How many messages per hour the backend sends. A REST Endpoint in test mode accepts 600 messages an hour and
 * calls more "misuse", so test-mode URLs are paced to that by default; a configured limit applies to every URL.
 * One budget serves the whole run, whichever URL a message goes to: whether Cognigy counts the quota per
 * endpoint or per project is not documented, so the run stays within it either way.
 */
final class MessagePacing {

    private static final Duration HOUR = Duration.ofHours(1);

    private final Optional<RequestBudget> budget;
    private final boolean everyUrl;
    private final String why;

    private MessagePacing(Optional<RequestBudget> budget, boolean everyUrl, String why) {
        this.budget = budget;
        this.everyUrl = everyUrl;
        this.why = why;
    }

    /** @param configured {@code cognigy.endpoint.max-messages-per-hour}: empty for the default, 0 for none */
    static MessagePacing of(OptionalInt configured, Clock clock, Sleeper sleeper) {
        if (configured.isPresent()) {
            if (configured.getAsInt() == 0) return new MessagePacing(Optional.empty(), true, "");
            return new MessagePacing(Optional.of(new RequestBudget(configured.getAsInt(), HOUR, clock, sleeper)), true,
                    Constants.ENDPOINT_MAX_MESSAGES_PER_HOUR);
        }
        return new MessagePacing(Optional.of(new RequestBudget(Constants.TEST_MODE_MESSAGES_PER_HOUR, HOUR, clock, sleeper)),
                false, "the test-mode quota; " + Constants.ENDPOINT_MAX_MESSAGES_PER_HOUR + " changes it");
    }

    /** Waits until one more message to {@code endpoint} fits in the hour, then counts it. */
    void acquire(EndpointUrl endpoint) throws InterruptedException {
        if (applies(endpoint)) budget.get().acquire();
    }

    private boolean applies(EndpointUrl endpoint) {
        return budget.isPresent() && (everyUrl || endpoint.testMode());
    }

    /** While the hour's budget holds messages back: until when, and how long until {@code more} would have gone too. */
    Optional<BudgetWait> waiting(long more) {
        return budget.flatMap(b -> b.waiting("the REST Endpoint's", more));
    }

    /**
     * What the first progress line says when {@code messages} to {@code endpoint} exceed an hour's budget:
     * how long they take at the least.
     */
    Optional<String> expectation(long messages, EndpointUrl endpoint) {
        if (!applies(endpoint) || messages <= budget.get().limit()) return Optional.empty();
        long hours = budget.get().expectedDuration(messages).toHours();
        return Optional.of(String.format(Locale.ROOT, "%d messages at most %d per hour (%s): expect at least %d h", messages,
                budget.get().limit(), why, hours));
    }
}
