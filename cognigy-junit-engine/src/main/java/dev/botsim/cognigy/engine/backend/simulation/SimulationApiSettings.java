package dev.botsim.cognigy.engine.backend.simulation;

import java.time.Clock;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.config.PollingSettings;
import dev.botsim.cognigy.engine.config.RetrySettings;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.transport.Sleeper;

/**
 * How to reach and use a simulation API.
 *
 * @param baseUrl        base URL, without trailing slash
 * @param clientId       OAuth2 client id
 * @param clientSecret   OAuth2 client secret (masked in {@code toString()})
 * @param scope          scope requested with the token
 * @param maxConcurrency most simulations in flight at once; the adaptive limit starts here and never exceeds it
 * @param http           time limits of each request
 * @param retry          how far requests are repeated
 * @param polling        how a simulation's status is polled
 * @param clock          time source for token expiry and HTTP-date {@code Retry-After}, replaceable in tests
 * @param sleeper        how retries wait, replaceable in tests
 */
public record SimulationApiSettings(String baseUrl, String clientId, Secret clientSecret, String scope, int maxConcurrency,
                                    HttpSettings http, RetrySettings retry, PollingSettings polling, Clock clock,
                                    Sleeper sleeper) {

    /** The API at {@code baseUrl} with these credentials; everything else as by default. */
    public static SimulationApiSettings of(String baseUrl, String clientId, Secret clientSecret) {
        return new SimulationApiSettings(baseUrl, clientId, clientSecret, Constants.DEFAULT_SCOPE, Constants.DEFAULT_MAX_CONCURRENCY,
                HttpSettings.defaults(), RetrySettings.defaults(), PollingSettings.defaults(), Clock.systemUTC(), Sleeper.SYSTEM);
    }

    public SimulationApiSettings withScope(String scope) {
        return new SimulationApiSettings(baseUrl, clientId, clientSecret, scope, maxConcurrency, http, retry, polling, clock, sleeper);
    }

    public SimulationApiSettings withMaxConcurrency(int maxConcurrency) {
        return new SimulationApiSettings(baseUrl, clientId, clientSecret, scope, maxConcurrency, http, retry, polling, clock, sleeper);
    }

    public SimulationApiSettings withHttp(HttpSettings http) {
        return new SimulationApiSettings(baseUrl, clientId, clientSecret, scope, maxConcurrency, http, retry, polling, clock, sleeper);
    }

    public SimulationApiSettings withRetry(RetrySettings retry) {
        return new SimulationApiSettings(baseUrl, clientId, clientSecret, scope, maxConcurrency, http, retry, polling, clock, sleeper);
    }

    public SimulationApiSettings withPolling(PollingSettings polling) {
        return new SimulationApiSettings(baseUrl, clientId, clientSecret, scope, maxConcurrency, http, retry, polling, clock, sleeper);
    }

    public SimulationApiSettings withClock(Clock clock) {
        return new SimulationApiSettings(baseUrl, clientId, clientSecret, scope, maxConcurrency, http, retry, polling, clock, sleeper);
    }

    public SimulationApiSettings withSleeper(Sleeper sleeper) {
        return new SimulationApiSettings(baseUrl, clientId, clientSecret, scope, maxConcurrency, http, retry, polling, clock, sleeper);
    }
}
