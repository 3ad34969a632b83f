package dev.botsim.cognigy.engine.config;

import java.time.Duration;

/**
 * How a simulation's status is polled.
 *
 * @param timeout      how long one simulation may take from submission to completion ({@code cognigy.poll.timeout})
 * @param initialDelay delay before the first status poll until completion times have been learned
 *                     ({@code cognigy.poll.initial-delay})
 * @param maxInterval  longest interval between polls; intervals grow ×1.5 up to it ({@code cognigy.poll.max-interval})
 */
public record PollingSettings(Duration timeout, Duration initialDelay, Duration maxInterval) {

    public static PollingSettings defaults() {
        return new PollingSettings(Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(2));
    }

    PollingSettings withTimeout(Duration timeout) {
        return new PollingSettings(timeout, initialDelay, maxInterval);
    }

    PollingSettings withInitialDelay(Duration initialDelay) {
        return new PollingSettings(timeout, initialDelay, maxInterval);
    }

    PollingSettings withMaxInterval(Duration maxInterval) {
        return new PollingSettings(timeout, initialDelay, maxInterval);
    }
}
