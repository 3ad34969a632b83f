package dev.botsim.cognigy.engine.webhook;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import dev.botsim.cognigy.engine.backend.Backoff;
import dev.botsim.cognigy.engine.backend.RetryAfter;
import dev.botsim.cognigy.engine.backend.Sleeper;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Sends one signed payload: bounded attempts with jittered backoff, {@code Retry-After} honoured,
 * the same {@code webhook-id} on every attempt (the receiver's key for processing it once) with a
 * fresh timestamp and signature. Everything — each attempt's time limit and every wait — fits
 * before the deadline the caller gives. Redirects are not followed; 410 means the receiver asked
 * for no more deliveries.
 */
final class WebhookDelivery {

    enum Status { DELIVERED, GONE, FAILED }

    /**
     * How a delivery ended: what went wrong last (empty when delivered) and, when the receiver
     * named one with {@code Retry-After}, the time before which it must not be called again.
     */
    record Result(Status status, String problem, Instant notBefore) {

        static final Result DELIVERED = new Result(Status.DELIVERED, "", null);
    }

    private static final MediaType JSON = MediaType.get("application/json");

    /** From 500 ms up to 30 s: a receiver that is down gets a few seconds to come back within the run. */
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    private final String url;
    private final WebhookSigner signer;
    private final OkHttpClient http;
    private final Duration timeout;
    private final int maxAttempts;
    private final Clock clock;
    private final Sleeper sleeper;

    /** @param timeout the limit on one attempt, cut shorter when the deadline is nearer */
    WebhookDelivery(String url, WebhookSigner signer, Duration timeout, int maxAttempts, Clock clock, Sleeper sleeper) {
        this.url = url;
        this.signer = signer;
        // retryOnConnectionFailure: a pooled connection the receiver has already closed fails the
        // request ("unexpected end of stream") before the receiver could read it; OkHttp then
        // repeats it once on a new connection within the same call, so a stale connection does not
        // spend one of the attempts. Should the receiver have processed it after all, the repeat
        // carries the same webhook-id and is deduplicated like any retry.
        this.http = new OkHttpClient.Builder().connectTimeout(timeout).readTimeout(timeout).writeTimeout(timeout)
                .followRedirects(false).followSslRedirects(false).retryOnConnectionFailure(true).build();
        this.timeout = timeout;
        this.maxAttempts = maxAttempts;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Delivers the payload, attempting and waiting only until {@code deadline}. */
    Result deliver(String id, byte[] body, Instant deadline) {
        String problem = "";
        Instant notBefore = null;
        int attempts = 0;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Instant now = clock.instant();
            Duration left = Duration.between(now, deadline);
            if (left.isNegative() || left.isZero()) {
                return new Result(Status.FAILED, (attempt == 1 ? "not attempted" : problem) + "; this run's delivery budget is spent",
                        notBefore);
            }
            Duration limit = left.compareTo(timeout) < 0 ? left : timeout;
            long timestamp = now.getEpochSecond();
            Request request = new Request.Builder().url(url).post(RequestBody.create(body, JSON))
                    .header("webhook-id", id).header("webhook-timestamp", String.valueOf(timestamp))
                    .header("webhook-signature", signer.sign(id, timestamp, body)).build();
            Call call = http.newCall(request);
            attempts = attempt;
            call.timeout().timeout(limit.toNanos(), TimeUnit.NANOSECONDS);
            Duration retryAfter = null;
            boolean cutShort = false;
            try (Response response = call.execute()) {
                int code = response.code();
                if (code >= 200 && code < 300) return Result.DELIVERED;
                if (code == 410) return new Result(Status.GONE, "the receiver answered 410 Gone", null);
                problem = "HTTP " + code + (code >= 300 && code < 400 ? " (redirects are not followed)" : "");
                boolean retryable = code == 408 || code == 429 || code >= 500;
                if (!retryable) return new Result(Status.FAILED, problem, null);
                retryAfter = RetryAfter.parse(response.header("Retry-After"), now).orElse(null);
            } catch (IOException e) {
                cutShort = e instanceof InterruptedIOException && limit.compareTo(timeout) < 0;
                problem = cutShort ? "no answer within " + readable(limit) + ", the rest of this run's delivery budget"
                        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            notBefore = retryAfter == null ? null : now.plus(retryAfter);
            if (attempt == maxAttempts) break;
            if (!clock.instant().isBefore(deadline)) {
                return new Result(Status.FAILED, problem + (cutShort ? "" : "; this run's delivery budget is spent"), notBefore);
            }
            Duration pause = retryAfter != null ? retryAfter : BACKOFF.delay(attempt);
            if (clock.instant().plus(pause).isAfter(deadline)) {
                return new Result(Status.FAILED, problem + "; next attempt due in " + readable(pause)
                        + ", beyond this run's delivery budget", notBefore);
            }
            try {
                sleeper.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(Status.FAILED, problem + "; interrupted while waiting to retry", notBefore);
            }
        }
        return new Result(Status.FAILED, problem + (attempts == 1 ? "" : " after " + attempts + " attempts"), notBefore);
    }

    static String readable(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) return millis + " ms";
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
