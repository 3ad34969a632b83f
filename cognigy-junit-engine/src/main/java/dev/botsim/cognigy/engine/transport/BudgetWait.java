package dev.botsim.cognigy.engine.transport;

import java.time.Duration;
import java.time.Instant;

/**
 * A request budget holding requests back now, so a progress line can say the run waits, and until when, rather than
 * estimate its end from a rate that the wait makes meaningless.
 *
 * @param budget what waits for what ({@code "the management API's budget of 1,000 requests per 5 minutes"})
 * @param held   requests reserved for a later moment, waiting for it
 * @param until  when the last of them may go
 * @param left   how long from now until they, and the requests the caller said would follow, have all gone
 */
public record BudgetWait(String budget, int held, Instant until, Duration left) {
}
