package dev.botsim.cognigy.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BackendException.Kind;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.transport.RetryLog;

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

    @Test
    @DisplayName("what the transport counted and waited — an outage's failures in a row and since when, the attempts, a"
            + " jittered backoff, a rate limit's waits — is written as such, the settings it ran out of kept")
    void theTransportsCountsAndWaits() {
        List<String> recorded = recordedTwice(Kind.TRANSPORT, (run, request) -> new BackendException(Kind.TRANSPORT,
                "POST to the REST Endpoint not sent: the server failed " + (4 + run) + " requests in a row since 2026-12-01T10:0"
                        + run + ":00Z, the first: POST to the REST Endpoint answered 503 (" + (2 + run) + " attempts)"
                        + " (cognigy.retry.outage-after); next attempt due in 1." + run + " s, beyond the call's deadline;"
                        + " it answered 429 and asked to retry after " + (3600 + run) + " s, longer than the 30 s a request"
                        + " waits (cognigy.retry.longest-wait); it kept answering 429 for " + (890 + run) + " s (" + (15 + run)
                        + " refusals), the most a request waits"));
        assertThat(recorded).containsOnly("POST to the REST Endpoint not sent: the server failed <n> requests in a row since"
                + " <time>, the first: POST to the REST Endpoint answered 503 (<n> attempts) (cognigy.retry.outage-after);"
                + " next attempt due in <wait>, beyond the call's deadline; it answered 429 and asked to retry after <wait>,"
                + " longer than the 30 s a request waits (cognigy.retry.longest-wait); it kept answering 429 for <wait>"
                + " (<n> refusals), the most a request waits");
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
