package dev.botsim.cognigy.engine.webhook;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import dev.botsim.cognigy.engine.backend.RetryAfter;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Sends one signed payload: bounded attempts with jittered backoff, {@code Retry-After} honoured
 * within the run's budget, the same {@code webhook-id} on every attempt (the receiver's key for
 * processing it once) with a fresh timestamp and signature. Redirects are not followed; 410 means
 * the receiver asked for no more deliveries.
 */
final class WebhookDelivery {

    enum Result { DELIVERED, GONE, FAILED }

    /** How the delivery waits; replaced in tests so nothing really sleeps. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final MediaType JSON = MediaType.get("application/json");

    private final String url;
    private final WebhookSigner signer;
    private final OkHttpClient http;
    private final int maxAttempts;
    private final Clock clock;
    private final Sleeper sleeper;
    private Duration budget;
    private String lastProblem = "";

    /** @param budget how long this run may spend waiting between attempts, over all messages */
    WebhookDelivery(String url, WebhookSigner signer, Duration timeout, int maxAttempts, Duration budget, Clock clock, Sleeper sleeper) {
        this.url = url;
        this.signer = signer;
        this.http = new OkHttpClient.Builder().callTimeout(timeout).followRedirects(false).followSslRedirects(false)
                .retryOnConnectionFailure(false).build();
        this.maxAttempts = maxAttempts;
        this.budget = budget;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    String lastProblem() {
        return lastProblem;
    }

    Result deliver(String id, byte[] body) {
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            long timestamp = clock.instant().getEpochSecond();
            Request request = new Request.Builder().url(url).post(RequestBody.create(body, JSON))
                    .header("webhook-id", id).header("webhook-timestamp", String.valueOf(timestamp))
                    .header("webhook-signature", signer.sign(id, timestamp, body)).build();
            Duration wait = null;
            try (Response response = http.newCall(request).execute()) {
                int code = response.code();
                if (code >= 200 && code < 300) return Result.DELIVERED;
                if (code == 410) {
                    lastProblem = "the receiver answered 410 Gone";
                    return Result.GONE;
                }
                lastProblem = "HTTP " + code + (code >= 300 && code < 400 ? " (redirects are not followed)" : "");
                boolean retryable = code == 408 || code == 429 || code >= 500;
                if (!retryable) return Result.FAILED;
                wait = RetryAfter.parse(response.header("Retry-After"), Instant.ofEpochSecond(timestamp)).orElse(null);
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (attempt == maxAttempts) break;
            Duration pause = wait != null ? wait : backoff(attempt);
            if (pause.compareTo(budget) > 0) {
                lastProblem += "; next attempt due in " + pause.toSeconds() + " s, beyond this run's delivery budget";
                return Result.FAILED;
            }
            budget = budget.minus(pause);
            try {
                sleeper.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Result.FAILED;
            }
        }
        return Result.FAILED;
    }

    private static Duration backoff(int attempt) {
        long cap = Math.min(30_000, 500L << Math.min(attempt - 1, 10));
        return Duration.ofMillis(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
    }

    void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
