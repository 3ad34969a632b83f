package dev.botsim.cognigy.engine.backend.simulation;

import java.time.Clock;
import java.time.Duration;

import dev.botsim.cognigy.engine.backend.Sleeper;
import dev.botsim.cognigy.engine.support.Secret;

/**
 * How to reach and use a simulation API.
 *
 * @param baseUrl          base URL, without trailing slash
 * @param clientId         OAuth2 client id
 * @param clientSecret     OAuth2 client secret (masked in {@code toString()})
 * @param scope            scope requested with the token
 * @param maxConcurrency   most simulations in flight at once; the adaptive limit starts here and never exceeds it
 * @param pollTimeout      how long one simulation may take from submission to completion
 * @param firstPoll        delay before the first status poll until completion times have been learned
 * @param maxPollInterval  longest interval between polls; intervals grow ×1.5 up to it
 * @param connectTimeout   TCP connect timeout
 * @param readTimeout      inactivity timeout while reading
 * @param callTimeout      limit on one whole HTTP call
 * @param maxAttempts      attempts of one request facing transient failures (5xx, timeouts, resets)
 * @param longestWait      longest single {@code Retry-After} honoured before failing instead of stalling CI
 * @param rateLimitTimeout longest a request keeps being repeated after 429s, in total
 * @param clock            time source for token expiry and HTTP-date {@code Retry-After}, replaceable in tests
 * @param sleeper          how retries wait, replaceable in tests
 */
public record SimulationApiSettings(String baseUrl, String clientId, Secret clientSecret, String scope, int maxConcurrency,
                                    Duration pollTimeout, Duration firstPoll, Duration maxPollInterval,
                                    Duration connectTimeout, Duration readTimeout, Duration callTimeout,
                                    int maxAttempts, Duration longestWait, Duration rateLimitTimeout, Clock clock,
                                    Sleeper sleeper) {
}
