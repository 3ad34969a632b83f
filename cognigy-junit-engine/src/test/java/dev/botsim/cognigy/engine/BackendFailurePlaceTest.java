package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.NotRecordedException;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.transport.RetryLog;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * A test the bot did not answer (a timeout, a server failing after the retries, no recording to replay) names its place
 * on its first line, as a failed expectation does: Maven's summary of errors shows that line, and with Surefire's
 * short test names it named the test by its utterance alone. A repeated test's error was placed so already.
 */
class BackendFailurePlaceTest {

    /** Fails "hi" after two retries and has no recording of "hello". */
    private static final class FailingBackend extends ScriptedBackend {
        @Override
        public TurnResult send(TurnRequest request) {
            if ("hi".equals(request.text())) {
                RetryLog log = new RetryLog();
                log.add("POST /api/bot/simulate answered 503; retried after 250 ms");
                log.add("POST /api/bot/simulate answered 503; retried after 500 ms");
                throw new BackendException(BackendException.Kind.TRANSPORT, "POST /api/bot/simulate answered HTTP 503: unavailable")
                        .withRetries(log);
            }
            if ("hello".equals(request.text())) throw new NotRecordedException("no recording for [case:test_unrecorded]");
            return super.send(request);
        }
    }

    @Test
    @DisplayName("the error's first line is file:line test id and what went wrong, a second says how often the request was"
            + " repeated; its kind and outcome are kept, and its record names the place in fields of its own")
    void placed() {
        RecordingListener listener = new RecordingListener();

        EngineExecutionResults results = EngineTestSupport.kit(new FailingBackend(), listener)
                .selectors(selectClasspathResource("fixtures/failures/errors.sim.yaml")).execute();

        Map<String, Throwable> failures = results.testEvents().failed().stream().collect(Collectors.toMap(
                (Event e) -> e.getTestDescriptor().getLegacyReportingName(),
                e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()));
        Throwable unanswered = failures.entrySet().stream().filter(e -> e.getKey().contains("test_unanswered")).findFirst()
                .orElseThrow().getValue();
        assertThat(unanswered).isExactlyInstanceOf(BackendException.class)
                .hasMessage("fixtures/failures/errors.sim.yaml:4 test_unanswered: POST /api/bot/simulate answered HTTP 503: unavailable\n"
                        + "retried 2 times before it gave up:\n"
                        + "  POST /api/bot/simulate answered 503; retried after 250 ms\n"
                        + "  POST /api/bot/simulate answered 503; retried after 500 ms");
        assertThat(((BackendException) unanswered).kind()).isEqualTo(BackendException.Kind.TRANSPORT);
        assertThat(unanswered.getStackTrace()[0].getFileName()).isEqualTo("fixtures/failures/errors.sim.yaml");
        Throwable unrecorded = failures.entrySet().stream().filter(e -> e.getKey().contains("test_unrecorded")).findFirst()
                .orElseThrow().getValue();
        assertThat(unrecorded).isExactlyInstanceOf(NotRecordedException.class)
                .hasMessage("fixtures/failures/errors.sim.yaml:7 test_unrecorded: no recording for [case:test_unrecorded]");

        SimulationRecord record = listener.finished.stream().filter(r -> r.testId().equals("test_unanswered")).findFirst().orElseThrow();
        assertThat(record.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(record.message()).isEqualTo("POST /api/bot/simulate answered HTTP 503: unavailable");
        assertThat(record.attempts()).isEqualTo(2);
    }
}
