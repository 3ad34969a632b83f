package dev.botsim.cognigy.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BackendException.Kind;
import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.RecordingSleeper;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.config.RetrySettings;
import dev.botsim.cognigy.engine.transport.Delivery;
import dev.botsim.cognigy.engine.transport.Retries;
import dev.botsim.cognigy.engine.transport.RetryLog;
import dev.botsim.cognigy.engine.transport.RetryPolicy;

/**
 * What a cassette records of a failure of the bot: the message without what held for that run only, so two runs the bot
 * failed alike write the same text.
 */
class FailureTextTest {

    private static TurnRequest request(String runId, String sessionId) {
        return new TurnRequest(runId, "test_x", 1, "usr_qa01", "web", "hi", Map.of(), sessionId, "key-1", null, Map.of());
    }

    /** The text recorded for a failure made twice, as two runs make it: {@code message} given each run's values. */
    private static List<String> recordedTwice(Kind kind, java.util.function.BiFunction<Integer, TurnRequest, BackendException> failure) {
        return List.of(1, 2).stream().map(run -> {
            TurnRequest request = request("batch_r" + run + "a1b2c3", "ses_conv" + run + "x9y8z7");
            BackendException made = failure.apply(run, request);
            assertThat(made.kind()).isEqualTo(kind);
            return FailureText.recorded(made, request);
        }).toList();
    }

    @Test
    @DisplayName("a simulation's id and the polls its timeout took, which its backend names as this run's, are left out")
    void namedByTheBackend() {
        List<String> recorded = recordedTwice(Kind.TIMEOUT, (run, request) -> {
            String polled = " after " + (6 + run) + " polls";
            return new BackendException(Kind.TIMEOUT, "simulation sim_" + run + "_f00d" + run + " did not complete within 60 s"
                    + " (cognigy.poll.timeout); last status: running" + polled).varying("sim_" + run + "_f00d" + run, "<simulation id>")
                    .varying(polled, "");
        });
        assertThat(recorded).containsOnly("simulation <simulation id> did not complete within 60 s (cognigy.poll.timeout);"
                + " last status: running");
    }

    @Test
    @DisplayName("the run's and the session's ids, a server's times, trace ids and a local port are written as what they"
            + " are; the HTTP status, the server's words and the settings stay")
    void shapesOfTheRun() {
        List<String> recorded = recordedTwice(Kind.TRANSPORT, (run, request) -> new BackendException(Kind.TRANSPORT,
                "REST Endpoint http://127.0.0.1:5" + run + "123/**** answered HTTP 500: {\"at\":\"2026-12-0" + run
                        + "T10:00:0" + run + ".12" + run + "Z\",\"traceId\":\"endpoint-httpIncomingMessage-" + run
                        + "b3c1a8e-1f2d-4c3b-9a8e-7d6c5b4a3f2e\",\"error\":\"flow crashed\",\"session\":\"" + request.sessionId()
                        + "\"} (playbook cognigy-junit/" + request.runId() + "/test_x)"));
        assertThat(recorded).containsOnly("REST Endpoint http://127.0.0.1:<port>/**** answered HTTP 500: {\"at\":\"<time>\","
                + "\"traceId\":\"endpoint-httpIncomingMessage-<uuid>\",\"error\":\"flow crashed\",\"session\":\"<session id>\"}"
                + " (playbook cognigy-junit/<run id>/test_x)");
    }

    /** What a backend makes of the transport giving up: its words around the problem, the values the transport named. */
    private static BackendException gaveUp(Retries.GiveUp giveUp) {
        return new BackendException(Kind.TRANSPORT, "management API: " + giveUp.problem() + " {\"error\":\"busy\"}").varying(giveUp);
    }

    /**
     * Every way the transport gives up on a request, made by the transport itself in a run whose counts, waits and
     * instants are its own ({@code run} 1 or 2): a Retry-After beyond the longest wait (429 and 503), the hold it puts on
     * later requests, a rate limit outlasting its timeout, the outage breaker refusing (also until a Retry-After), a
     * deadline a wait would pass and one spent. By name, as a record of each would read.
     */
    private static Map<String, BackendException> everyGiveUp(int run) throws InterruptedException {
        MutableClock clock = new MutableClock(java.time.Instant.parse("2026-11-24T10:00:00Z").plusSeconds(run * 3671L));
        RecordingSleeper sleeper = new RecordingSleeper(clock);
        RetrySettings settings = new RetrySettings(1 + run, java.time.Duration.ofSeconds(120), java.time.Duration.ofSeconds(40 * run))
                .withOutageAfter(2);
        java.util.function.Supplier<RetryPolicy> policy = () -> RetryPolicy.of(settings).withClock(clock).withSleeper(sleeper);
        RetryLog log = new RetryLog();
        Map<String, BackendException> made = new java.util.LinkedHashMap<>();

        RetryPolicy held = policy.get();
        made.put("429 beyond the longest wait", gaveUp((Retries.GiveUp) held.start("POST /x", log).afterAnswer(429, "" + (3600 + run))));
        made.put("held after it", gaveUp(held.start("GET /y", log).held().orElseThrow()));
        made.put("503 beyond the longest wait", gaveUp((Retries.GiveUp) policy.get().start("POST /x", log)
                .afterAnswer(503, "" + (200 * run))));

        Retries limited = policy.get().start("POST /x", log);
        Retries.Next next;
        while (!((next = limited.afterAnswer(429, "" + (3 + run))) instanceof Retries.GiveUp)) limited.await((Retries.Retry) next);
        made.put("429 beyond the rate limit timeout", gaveUp((Retries.GiveUp) next));

        RetryPolicy down = policy.get();
        for (int failure = 0; failure < 2 + run; failure++) {
            Retries request = down.start("POST /x", log);
            if (request.held().isPresent()) break;
            while (request.afterFailure("ConnectException: Failed to connect to localhost/127.0.0.1:" + (40000 + run),
                    Delivery.NOT_SENT) instanceof Retries.Retry retry) {
                request.await(retry);
            }
            clock.advance(java.time.Duration.ofSeconds(20 + run));
        }
        made.put("outage breaker open", gaveUp(down.start("POST /x", log).held().orElseThrow()));
        clock.advance(java.time.Duration.ofSeconds(30));
        Retries probe = down.start("POST /x", log);
        assertThat(probe.held()).as("the probe").isEmpty();
        probe.afterAnswer(503, "" + (40 * run));
        made.put("outage breaker open until the Retry-After", gaveUp(down.start("POST /x", log).held().orElseThrow()));

        dev.botsim.cognigy.engine.transport.Deadline deadline = dev.botsim.cognigy.engine.transport.Deadline.after(
                java.time.Duration.ofSeconds(10 * run), dev.botsim.cognigy.engine.transport.VirtualTicker.of(clock));
        Retries budgeted = policy.get().withMaxAttempts(10).startUntil("POST /x", log, deadline, "this run's delivery budget");
        made.put("a wait beyond the deadline", gaveUp((Retries.GiveUp) budgeted.afterAnswer(503, "" + (11 * run))));
        clock.advance(java.time.Duration.ofSeconds(10 * run));
        made.put("the deadline spent", gaveUp((Retries.GiveUp) budgeted.afterAnswer(503, null)));
        return made;
    }

    @Test
    @DisplayName("whatever the transport counted, waited and noted the time of when it gave up — a Retry-After beyond the"
            + " longest wait, the hold after it, a rate limit's waits and refusals, an outage's failures in a row, its"
            + " first failure's attempts and instant, a probe's Retry-After, a wait beyond a deadline — is named by the"
            + " transport where it words it, and recorded alike in two runs; the settings it ran out of are kept")
    void everyWayTheTransportGivesUp() throws InterruptedException {
        TurnRequest request = request("batch_r1a1b2c3", null);
        Map<String, BackendException> first = everyGiveUp(1);
        Map<String, BackendException> second = everyGiveUp(2);
        assertThat(second).containsOnlyKeys(first.keySet());
        first.forEach((path, failure) -> {
            // A spent deadline is said in the same words each run: it names no value.
            if (!path.equals("the deadline spent")) {
                assertThat(second.get(path).getMessage()).as(path + ": said with this run's values").isNotEqualTo(failure.getMessage());
            }
            assertThat(FailureText.recorded(second.get(path), request)).as(path).isEqualTo(FailureText.recorded(failure, request));
        });
        Map<String, String> recorded = new java.util.LinkedHashMap<>();
        first.forEach((path, failure) -> recorded.put(path, FailureText.recorded(failure, request)));
        String busy = " {\"error\":\"busy\"}";
        assertThat(recorded).containsExactly(
                Map.entry("429 beyond the longest wait", "management API: POST /x answered 429 and asked to retry after <wait>,"
                        + " longer than the 120 s a request waits (cognigy.retry.longest-wait); lower cognigy.execution.max-concurrency"
                        + " or ask for a higher rate limit" + busy),
                Map.entry("held after it", "management API: GET /y not sent: the server asked for no request before <time> (POST"
                        + " /x answered 429 and asked to retry after <wait>, longer than the 120 s a request waits"
                        + " (cognigy.retry.longest-wait); lower cognigy.execution.max-concurrency or ask for a higher rate limit)" + busy),
                Map.entry("503 beyond the longest wait", "management API: POST /x answered 503 and asked to retry after <wait>,"
                        + " longer than the 120 s a request waits (cognigy.retry.longest-wait)" + busy),
                Map.entry("429 beyond the rate limit timeout", "management API: POST /x kept answering 429 for <wait> (<n>"
                        + " refusals), the most a request waits (cognigy.retry.rate-limit-timeout); lower"
                        + " cognigy.execution.max-concurrency or ask for a higher rate limit" + busy),
                Map.entry("outage breaker open", "management API: POST /x not sent: the server failed <n> requests in a row since"
                        + " <time>, the first: POST /x failed (ConnectException: Failed to connect to localhost/127.0.0.1:<port>)"
                        + " (<n> attempts) (cognigy.retry.outage-after); one request every 30 s is sent to see whether it is"
                        + " back (cognigy.retry.outage-probe)" + busy),
                Map.entry("outage breaker open until the Retry-After", "management API: POST /x not sent: the server failed <n>"
                        + " requests in a row since <time>, the first: POST /x failed (ConnectException: Failed to connect to"
                        + " localhost/127.0.0.1:<port>) (<n> attempts) (cognigy.retry.outage-after); one request every 30 s is"
                        + " sent to see whether it is back (cognigy.retry.outage-probe); the next not before <time>, as the"
                        + " server asked (Retry-After)" + busy),
                Map.entry("a wait beyond the deadline", "management API: next attempt due in <wait>, beyond this run's delivery"
                        + " budget" + busy),
                Map.entry("the deadline spent", "management API: this run's delivery budget is spent" + busy));
    }

    @Test
    @DisplayName("how far the request got is the transport's fact: held back or refused by the outage breaker before any"
            + " attempt, not sent; after an answer, or an attempt that may have been written, sent")
    void theTransportSaysWhetherAnythingWasSent() {
        MutableClock clock = new MutableClock();
        RetryPolicy policy = RetryPolicy.of(new RetrySettings(1, java.time.Duration.ofSeconds(30), java.time.Duration.ofMinutes(1))
                .withOutageAfter(1)).withClock(clock).withSleeper(new RecordingSleeper(clock));
        RetryLog log = new RetryLog();
        Retries refused = policy.start("POST /x", log);
        refused.afterFailure("ConnectException", Delivery.NOT_SENT);
        assertThat(refused.delivery()).isEqualTo(Delivery.NOT_SENT);
        clock.advance(java.time.Duration.ofSeconds(30));
        Retries broken = policy.start("POST /x", log);
        broken.afterFailure("SocketException: Connection reset", Delivery.SENT);
        assertThat(broken.delivery()).isEqualTo(Delivery.SENT);
        assertThat(policy.start("POST /x", log).held()).get().extracting(Retries.GiveUp::delivery).isEqualTo(Delivery.NOT_SENT);
        assertThat(Delivery.of(new BackendException(Kind.TRANSPORT, "cannot connect", new java.net.ConnectException("refused"))))
                .isEqualTo(Delivery.NOT_SENT);
        assertThat(List.of(new java.net.UnknownHostException("tenant.invalid"), new javax.net.ssl.SSLHandshakeException("PKIX"),
                new java.net.NoRouteToHostException("no route"))).extracting(Delivery::of).containsOnly(Delivery.NOT_SENT);
        assertThat(List.of(new java.net.SocketTimeoutException("timeout"), new java.net.SocketException("Connection reset"),
                new java.io.EOFException("\\n not found"))).extracting(Delivery::of).containsOnly(Delivery.SENT);
    }

    @Test
    @DisplayName("the retries made before giving up are no part of the record, whether the message carries them or not")
    void retriesLeftOut() {
        RetryLog log = new RetryLog();
        log.add("POST to the REST Endpoint answered 503; retried after 180 ms");
        BackendException failure = new BackendException(Kind.TRANSPORT, "REST Endpoint https://endpoint-trial.cognigy.ai/****"
                + " answered HTTP 503").withRetries(log);
        BackendException said = new BackendException(Kind.TRANSPORT, failure.getMessage() + failure.retriesSaid());
        TurnRequest request = request("batch_r1a1b2c3", null);
        assertThat(said.getMessage()).contains("\nretried 1 time before it gave up:");
        assertThat(FailureText.recorded(said, request)).isEqualTo(FailureText.recorded(failure, request))
                .isEqualTo("REST Endpoint https://endpoint-trial.cognigy.ai/**** answered HTTP 503");
    }

    @Test
    @DisplayName("numbers that mean something and short ids are left alone: an HTTP status, a configured timeout, a"
            + " count the bot's answer gave")
    void meaningKept() {
        String message = "REST Endpoint https://endpoint-trial.cognigy.ai/**** answered HTTP 413: the message's body is"
                + " 70000 bytes; a Cognigy input holds at most 65536 (65 kB); 3 outputs within 60 s";
        assertThat(FailureText.recorded(new BackendException(Kind.REJECTED, message), request("r1", "s1"))).isEqualTo(message);
    }
}
