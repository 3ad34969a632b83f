package dev.botsim.cognigy.engine.webhook;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.config.RetrySettings;
import dev.botsim.cognigy.engine.config.WebhookSettings;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.support.ShownUrl;
import dev.botsim.cognigy.engine.support.UrlCredentials;
import dev.botsim.cognigy.engine.transport.Backoff;
import dev.botsim.cognigy.engine.transport.Deadline;
import dev.botsim.cognigy.engine.transport.Delivery;
import dev.botsim.cognigy.engine.transport.HttpAnswer;
import dev.botsim.cognigy.engine.transport.HttpTransport;
import dev.botsim.cognigy.engine.transport.NetworkAdvice;
import dev.botsim.cognigy.engine.transport.NetworkSetupException;
import dev.botsim.cognigy.engine.transport.ResponseTooLargeException;
import dev.botsim.cognigy.engine.transport.Retries;
import dev.botsim.cognigy.engine.transport.RetryAfter;
import dev.botsim.cognigy.engine.transport.RetryLog;
import dev.botsim.cognigy.engine.transport.RetryPolicy;
import dev.botsim.cognigy.engine.transport.Sleeper;
import dev.botsim.cognigy.engine.transport.Ticker;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * Sends one signed payload: bounded attempts with jittered backoff, {@code Retry-After} honoured,
 * the same {@code webhook-id} on every attempt (the receiver's key for processing it once) with a
 * fresh timestamp and signature. Everything — each attempt's time limit and every wait — fits
 * before the deadline the caller gives. Redirects are not followed; 410 means the receiver asked
 * for no more deliveries; 413 (without {@code Retry-After}) and 422 mean it will not accept these
 * bytes, so they are not sent again.
 */
final class WebhookDelivery {

    /**
     * How a delivery ended. {@code TOO_LARGE}: the receiver refused the body's size (413 without {@code Retry-After},
     * which would make it temporary); {@code UNPROCESSABLE}: it read the payload and refused its content (422). Either
     * is the receiver's answer to these exact bytes, which every later attempt would send again.
     */
    enum Status { DELIVERED, GONE, TOO_LARGE, UNPROCESSABLE, FAILED }

    /**
     * How a delivery ended: what went wrong last (empty when delivered) and, when the receiver
     * named one with {@code Retry-After}, the time before which it must not be called again.
     */
    record Result(Status status, String problem, Instant notBefore, int code) {

        static final Result DELIVERED = new Result(Status.DELIVERED, "", null);

        /** A delivery that ended without the receiver's last answer being an HTTP status (a timeout, a reset, the budget). */
        Result(Status status, String problem, Instant notBefore) {
            this(status, problem, notBefore, 0);
        }

        /**
         * What the receiver's last answer usually means when it is a mistake in the run's configuration rather than the
         * receiver being down — 401 or 403, 404, 405, a redirect — in words that say what to check, and any other refusal (a 4xx but 408, 429 and a 413 with Retry-After, which are temporary); empty for any
         * other.
         * Every later run gets the same answer until the configuration is fixed, and a CI runner's outbox may die with its
         * workspace: these are warnings, not notes.
         */
        java.util.Optional<String> misconfiguration() {
            String url = Constants.WEBHOOK_URL + " (or " + Constants.WEBHOOK_URL_ENV + ")";
            if (code == 401 || code == 403) {
                return java.util.Optional.of("the receiver refused the signature or credentials: check that "
                        + Constants.WEBHOOK_SECRET_ENV + " holds the receiver's signing secret, and the token in " + url
                        + " if the receiver takes one");
            }
            if (code == 404) return java.util.Optional.of("the receiver has nothing at that path: check the path in " + url);
            if (code == 405) return java.util.Optional.of("the receiver takes no POST at that path: check the path in " + url);
            // 408 and 429 are retried and say the receiver is busy, as a 413 that reaches here does (its Retry-After makes it
            // temporary); any other refusal is the receiver's verdict on this request, which every later run would get too.
            if (code >= 400 && code < 500 && code != 408 && code != 413 && code != 429) {
                return java.util.Optional.of("the receiver refused the request: its log says why; check " + url
                        + " and the receiver's version against the payload's documented fields (webhook.md)");
            }
            if (code >= 300 && code < 400) {
                return java.util.Optional.of("give the receiver's final URL, where it redirects to, as " + url
                        + ": the payload and its signature go only to the URL configured");
            }
            return java.util.Optional.empty();
        }
    }

    private static final MediaType JSON = MediaType.get("application/json");

    /** From 500 ms up to 30 s: a receiver that is down gets a few seconds to come back within the run. */
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    private static final String BUDGET = "this run's delivery budget";

    /** A body whose upload alone may take seconds on a slow link. */
    private static final long LARGE = 1 << 20;

    private final HttpUrl url;
    private final WebhookSigner signer;
    private final HttpTransport http;
    private final RetryPolicy retryPolicy;
    private final Duration timeout;
    private final Clock clock;
    private final Ticker ticker;

    /**
     * @param settings the receiver's URL, the limit on one attempt (cut shorter when the deadline is nearer) and the
     *                 attempts per payload
     * @param clock    the wall clock: the {@code webhook-timestamp} each attempt is signed with, and the moment a
     *                 {@code Retry-After} names
     * @param ticker   what the budget is measured on ({@link #deadline}): a wall clock set back or forward meanwhile must
     *                 neither stretch it nor cut it short
     * @throws IllegalArgumentException when the URL is not an http(s) URL
     */
    WebhookDelivery(WebhookSettings settings, WebhookSigner signer, Clock clock, Sleeper sleeper, Ticker ticker) {
        String given = settings.url().orElseThrow(() -> new IllegalArgumentException("no webhook URL"));
        this.url = HttpUrl.parse(given);
        // Repeated as every refused URL setting is: a receiver may take its token in the query, and this lands in the CI log.
        if (url == null) throw new IllegalArgumentException(Constants.WEBHOOK_URL + "=" + ShownUrl.of(given) + " is not an http(s) URL");
        this.signer = signer;
        this.timeout = settings.timeout();
        // The status is the receiver's whole answer, so no body is read. A pooled connection the
        // receiver has already closed fails the request ("unexpected end of stream") before the
        // receiver could read it; OkHttp then repeats it once on a new connection within the same
        // call, so a stale connection does not spend one of the attempts. Should the receiver have
        // processed it after all, the repeat carries the same webhook-id and is deduplicated like any retry.
        this.http = HttpTransport.to(url, HttpTransport.Options.of(HttpSettings.all(timeout)).withBodyCap(0)
                .withRepeatsOnStaleConnection(true));
        // 408, 429 and 5xx are all attempts; the budget, not a longest wait, bounds what a receiver may ask.
        this.retryPolicy = RetryPolicy.of(RetrySettings.defaults().withMaxAttempts(settings.maxAttempts())).withBackoff(BACKOFF)
                .withTransientStatuses(RetryPolicy.TransientStatuses.TIMEOUTS_AND_SERVER_ERRORS)
                .withRateLimits(RetryPolicy.RateLimits.TRANSIENT).withLongestWait(RetryPolicy.UNBOUNDED)
                .withClock(clock).withSleeper(sleeper).withTicker(ticker);
        this.clock = clock;
        this.ticker = ticker;
    }

    /** The deadline {@code budget} from now, on this delivery's {@link Ticker}: what {@link #deliver} is given. */
    Deadline deadline(Duration budget) {
        return Deadline.after(budget, ticker);
    }

    /** Delivers the payload, attempting and waiting only until {@code deadline}. */
    Result deliver(String id, byte[] body, Deadline deadline) {
        Retries retries = retryPolicy.startUntil("webhook delivery", new RetryLog(), deadline, BUDGET);
        String problem = "";
        Instant notBefore = null;
        boolean slowUpload = false;
        // The receiver's status in its last answer; 0 when the last attempt got none.
        int lastCode = 0;
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            Duration left = deadline.left();
            if (left.isNegative() || left.isZero()) {
                return new Result(Status.FAILED, (attempt == 1 ? "not attempted" : problem) + "; " + BUDGET + " is spent" + hint(slowUpload),
                        notBefore);
            }
            Duration limit = left.compareTo(timeout) < 0 ? left : timeout;
            long timestamp = now.getEpochSecond();
            Upload upload = new Upload(body);
            Request request = new Request.Builder().url(url).post(upload)
                    .header("webhook-id", id).header("webhook-timestamp", String.valueOf(timestamp))
                    .header("webhook-signature", signer.sign(id, timestamp, body)).build();
            boolean cutShort = false;
            Retries.Next next;
            try {
                HttpAnswer answer = http.exchange(request, limit, UnaryOperator.identity());
                int code = answer.code();
                if (answer.isSuccessful()) return Result.DELIVERED;
                if (code == 410) return new Result(Status.GONE, "the receiver answered 410 Gone", null);
                if (code == 413 && answer.retryAfter() == null) return new Result(Status.TOO_LARGE, "HTTP 413 Payload Too Large", null);
                if (code == 422) return new Result(Status.UNPROCESSABLE, "HTTP 422 Unprocessable Content", null);
                problem = "HTTP " + code + (code >= 300 && code < 400 ? " (redirects are not followed)" : "");
                lastCode = code;
                slowUpload = false;
                notBefore = RetryAfter.parse(answer.retryAfter(), now).map(now::plus).orElse(null);
                next = retries.afterAnswer(code, answer.retryAfter());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(Status.FAILED, (problem.isEmpty() ? "" : problem + "; ") + "interrupted", notBefore);
            } catch (ResponseTooLargeException e) {
                throw new IllegalStateException("no body is read", e);
            } catch (NetworkSetupException e) {
                // A proxy or the JVM's trust store stopped it before it left, as it will stop every attempt: not repeated.
                return new Result(Status.FAILED, e.getMessage(), null);
            } catch (IOException e) {
                boolean timedOut = e instanceof InterruptedIOException;
                // A connect timeout is the same exception as a read timeout: only how far the request got says the receiver
                // was out of reach rather than slow to answer.
                Delivery delivery = Delivery.of(e);
                cutShort = timedOut && limit.compareTo(timeout) < 0;
                String within = cutShort ? readable(limit) + ", the rest of " + BUDGET : readable(limit) + " (" + Constants.WEBHOOK_TIMEOUT;
                long sent = upload.sent();
                // Not when no connection was made: nothing of the body was due yet.
                boolean partly = upload.started() && sent < body.length;
                // A body still being sent when the time ran out, or a large one the connection had taken but perhaps not
                // yet carried: its size on this link, more than the receiver, is the likely cause.
                // Kept for the message when the budget then cuts a later attempt short.
                slowUpload |= timedOut && !cutShort && upload.started() && (partly || body.length >= LARGE);
                if (timedOut && delivery == Delivery.NOT_SENT) {
                    problem = "could not connect within " + within + (cutShort ? "" : ")") + NetworkAdvice.said(e);
                } else if (timedOut && partly) {
                    problem = "the " + size(body.length) + " body was not sent within " + within + (cutShort ? " (" : "; ")
                            + number(sent, body.length) + " " + unit(body.length) + " of it sent)";
                } else if (timedOut) {
                    problem = cutShort ? "no answer within " + within
                            : "no answer within " + within + ")" + (upload.started() ? " to a body of " + size(body.length) : "");
                } else {
                    problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + receiverText(e.getMessage()))
                            + (partly ? " (" + number(sent, body.length) + " of " + size(body.length) + " of the body sent)" : "")
                            + NetworkAdvice.said(e);
                }
                notBefore = null;
                lastCode = 0;
                next = retries.afterFailure(problem, delivery);
            }
            if (next instanceof Retries.Retry retry) {
                try {
                    retries.await(retry);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Result(Status.FAILED, problem + "; interrupted while waiting to retry", notBefore);
                }
                continue;
            }
            String hint = hint(slowUpload);
            if (next instanceof Retries.GiveUp giveUp) {
                // An attempt the budget cut short already says the budget is spent.
                return new Result(Status.FAILED, (cutShort ? problem : problem + "; " + giveUp.problem()) + hint, notBefore,
                        lastCode);
            }
            return new Result(Status.FAILED, problem + (attempt == 1 ? "" : " after " + attempt + " attempts") + hint, notBefore,
                    lastCode);
        }
    }

    /** The most of a failure's own words a message repeats: a status line or header is the receiver's, and may be long. */
    private static final int MOST_SHOWN = 200;

    /**
     * An I/O failure's message as the console may repeat it. OkHttp quotes what the receiver (or a proxy in front of it)
     * answered — {@code Unexpected status line: …} — and an answer may echo the request, whose URL can hold the receiver's
     * token: in its query, its user info or a path segment ({@link ShownUrl}). Each is masked as the URL writes it and
     * decoded, and the text is cut short: it lands in the CI log.
     */
    private String receiverText(String text) {
        String masked = text.replace(url.toString(), ShownUrl.of(url.toString()));
        String query = url.encodedQuery();
        if (query != null) masked = Secret.mask(masked, query);
        masked = UrlCredentials.mask(masked, url);
        HttpUrl shown = HttpUrl.parse(ShownUrl.of(url.toString()));
        List<String> segments = url.encodedPathSegments();
        for (int i = 0; shown != null && i < segments.size() && i < shown.pathSize(); i++) {
            if (segments.get(i).equals(shown.encodedPathSegments().get(i))) continue;
            masked = Secret.mask(Secret.mask(masked, segments.get(i)), url.pathSegments().get(i));
        }
        return masked.length() <= MOST_SHOWN ? masked : masked.substring(0, MOST_SHOWN) + "… (" + masked.length() + " characters)";
    }

    /** What to change when an attempt ran out of time sending a large body. */
    private static String hint(boolean slowUpload) {
        return slowUpload ? "; on a slow link, raise " + Constants.WEBHOOK_TIMEOUT + " and " + Constants.WEBHOOK_BUDGET : "";
    }

    static String readable(Duration duration) {
        return Retries.readable(duration);
    }

    /** A payload's size as a receiver's limit is written: {@code 812 bytes}, {@code 188.0 KiB}, {@code 11.6 MiB}. */
    static String size(long bytes) {
        return number(bytes, bytes) + " " + unit(bytes);
    }

    private static String unit(long whole) {
        return whole < 1024 ? "bytes" : whole < 1 << 20 ? "KiB" : "MiB";
    }

    /** {@code part} in the {@link #unit} of {@code whole}, without the unit. */
    private static String number(long part, long whole) {
        if (whole < 1024) return String.valueOf(part);
        double unit = whole < 1 << 20 ? 1024.0 : 1024.0 * 1024;
        return String.format(java.util.Locale.ROOT, "%.1f", part / unit);
    }

    /**
     * The body of one attempt, counting the bytes handed to the connection: an attempt that fails part-way says how far
     * it got. What the connection buffers counts as handed over, so the count is an upper bound of what the receiver read.
     */
    private static final class Upload extends RequestBody {

        private static final int CHUNK = 64 * 1024;

        private final byte[] body;
        private volatile boolean started;
        private volatile long sent;

        Upload(byte[] body) {
            this.body = body;
        }

        boolean started() {
            return started;
        }

        long sent() {
            return sent;
        }

        @Override
        public MediaType contentType() {
            return JSON;
        }

        @Override
        public long contentLength() {
            return body.length;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            // Written again from the start when OkHttp repeats the request on a new connection.
            sent = 0;
            started = true;
            for (int offset = 0; offset < body.length; offset += CHUNK) {
                int length = Math.min(CHUNK, body.length - offset);
                sink.write(body, offset, length);
                sent = offset + length;
            }
        }
    }

    /** Abandons the attempt in flight, from any thread: its waiting thread, interrupted, ends the delivery. */
    void abandon() {
        http.abandonCalls();
    }

    void close() {
        http.close();
    }
}
