package dev.botsim.cognigy.sandbox;

import java.time.Clock;
import java.time.Duration;

/**
 * How a sandbox starts. Faults can be changed later through {@link CognigySandbox#faults()}.
 *
 * @param port           port on 127.0.0.1; 0 picks a free one
 * @param clientId       OAuth2 client id it accepts
 * @param clientSecret   OAuth2 client secret it accepts; {@code null} makes up a random one
 * @param urlToken       URL token of its REST Endpoint; {@code null} makes up a random one
 * @param processingTime how long each simulation takes
 * @param threads        threads serving HTTP
 * @param seed           seed of the random faults
 * @param clock          time source (tokens, processing), replaceable in tests
 */
public record SandboxOptions(int port, String clientId, String clientSecret, String urlToken, Duration processingTime,
                             int threads, long seed, Clock clock) {

    public static SandboxOptions defaults() {
        return new SandboxOptions(0, "sandbox-client", null, null, Duration.ZERO, 16, 42L, Clock.systemUTC());
    }

    public SandboxOptions withPort(int port) {
        return new SandboxOptions(port, clientId, clientSecret, urlToken, processingTime, threads, seed, clock);
    }

    public SandboxOptions withCredentials(String clientId, String clientSecret) {
        return new SandboxOptions(port, clientId, clientSecret, urlToken, processingTime, threads, seed, clock);
    }

    public SandboxOptions withUrlToken(String urlToken) {
        return new SandboxOptions(port, clientId, clientSecret, urlToken, processingTime, threads, seed, clock);
    }

    public SandboxOptions withProcessingTime(Duration processingTime) {
        return new SandboxOptions(port, clientId, clientSecret, urlToken, processingTime, threads, seed, clock);
    }

    public SandboxOptions withThreads(int threads) {
        return new SandboxOptions(port, clientId, clientSecret, urlToken, processingTime, threads, seed, clock);
    }

    public SandboxOptions withClock(Clock clock) {
        return new SandboxOptions(port, clientId, clientSecret, urlToken, processingTime, threads, seed, clock);
    }
}
