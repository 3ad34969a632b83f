package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.CancellationToken;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BackendInterruptedException;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * A recording run that is stopped (fail-fast, Surefire's skipAfterFailureCount, an IDE's stop) records only what the bot
 * said: a message the stop cut off is no answer of the bot, so it is not recorded as unanswered, and its test keeps the
 * recording it had, as the tests the run never reached keep theirs. Replayed, every test gets the answer the bot gave it.
 *
 * <p>The timeout is a guard, not a measurement: the cancelled call ends as soon as the engine interrupts it.
 */
@Timeout(30)
class RecordingStoppedRunTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "the cut-off call ends as {0}")
    @ValueSource(strings = {"an I/O error", "abandoned"})
    @DisplayName("a message in flight when the run is cancelled is not recorded as unanswered, whatever the backend made of"
            + " the interrupt: its test keeps its earlier recording, as the test never sent keeps its own, and replays"
            + " passing")
    void messageCutOffByTheCancellation(String ending) throws Exception {
        Path data = Files.writeString(dir.resolve("orders.sim.yaml"), """
                version: 1
                cases:
                  - id: test_first
                    utterance: hello
                    expect: { intent: greeting }
                  - id: test_cut
                    utterance: hi
                    expect: { intent: greeting }
                  - id: test_never_sent
                    utterance: hello there
                    expect: { intent: greeting }
                """);
        run(new ScriptedBackend(), "record", CancellationToken.disabled(), data).results().testEvents()
                .assertStatistics(stats -> stats.succeeded(3));

        // The nightly recording is cancelled while the bot works on the second message.
        CancellationToken token = CancellationToken.create();
        CountDownLatch never = new CountDownLatch(1);
        ScriptedBackend cancelled = new ScriptedBackend() {
            @Override
            public TurnResult send(TurnRequest request) {
                if (!"hi".equals(request.text())) return super.send(request);
                requests.add(request);
                token.cancel();
                try {
                    never.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    if (ending.equals("abandoned")) {
                        Thread.currentThread().interrupt();
                        throw new BackendInterruptedException("the scripted bot was interrupted");
                    }
                    // As a backend whose socket the interrupt closed: an I/O error, the interrupt consumed.
                    throw new BackendException(BackendException.Kind.TRANSPORT,
                            "the connection to the bot broke before its answer (SocketException: Socket closed)");
                }
                throw new AssertionError("the cancelled call was not interrupted");
            }
        };
        Recorded stopped = run(cancelled, "record", token, data);
        assertThat(cancelled.requests).extracting(TurnRequest::text).containsExactly("hello", "hi");
        // Aborted or skipped with the rest of the run, never failed: the run did not hold the bot's silence against it.
        stopped.results().testEvents().assertStatistics(stats -> stats.failed(0));
        String cassette = cassette();
        assertThat(cassette).as("a cancellation is no answer of the bot").doesNotContain("unanswered")
                .contains("[case:test_first]", "[case:test_cut]", "[case:test_never_sent]");

        Recorded replayed = run(new ScriptedBackend(), "replay", CancellationToken.disabled(), data);
        assertThat(replayed.records()).extracting(SimulationRecord::testId, SimulationRecord::outcome)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("test_first", Outcome.PASSED),
                        org.assertj.core.groups.Tuple.tuple("test_cut", Outcome.PASSED),
                        org.assertj.core.groups.Tuple.tuple("test_never_sent", Outcome.PASSED));
    }

    @org.junit.jupiter.api.Test
    @DisplayName("a repeated test's run cut off by the cancellation while a later run was answered has no entry: replay"
            + " fails it as not recorded, never judged, and says the recording run may have been stopped")
    void repeatedTestsRunCutOffBesideALaterOne() throws Exception {
        Path data = Files.writeString(dir.resolve("repeated.sim.yaml"), """
                version: 1
                cases:
                  - id: test_again
                    utterance: hello there
                    repeat: 3
                    expect: { intent: greeting }
                """);
        CancellationToken token = CancellationToken.create();
        CountDownLatch othersAnswered = new CountDownLatch(2);
        CountDownLatch never = new CountDownLatch(1);
        ScriptedBackend cancelled = new ScriptedBackend() {
            @Override
            public TurnResult send(TurnRequest request) {
                if (!request.test().endsWith("[repetition:2]")) {
                    TurnResult answer = super.send(request);
                    othersAnswered.countDown();
                    return answer;
                }
                try {
                    othersAnswered.await(20, TimeUnit.SECONDS);
                    token.cancel();
                    never.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BackendInterruptedException("the scripted bot was interrupted");
                }
                throw new AssertionError("the cancelled call was not interrupted");
            }
        };
        run(cancelled, "record", token, data, "3");
        assertThat(cassette()).contains("[case:test_again]\"", "[case:test_again]/[repetition:3]")
                .doesNotContain("[case:test_again]/[repetition:2]", "unanswered");

        Recorded replayed = run(new ScriptedBackend(), "replay", CancellationToken.disabled(), data, "1");
        assertThat(replayed.records()).singleElement().satisfies(again -> {
            assertThat(again.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(again.repetitions()).as("never judged").isNull();
            assertThat(again.message()).contains("no recording for ", "[case:test_again]/[repetition:2]",
                    "a later run of the test was recorded, this one not", "the run recording it was stopped before its"
                    + " answer came", "run once with cognigy.replay=record");
        });
    }

    /** What a run gave: its events and the records its listeners got. */
    private record Recorded(EngineExecutionResults results, List<SimulationRecord> records, String console) {
    }

    private Recorded run(ScriptedBackend backend, String mode, CancellationToken token, Path data) {
        return run(backend, mode, token, data, "1");
    }

    private Recorded run(ScriptedBackend backend, String mode, CancellationToken token, Path data, String concurrency) {
        RecordingListener listener = new RecordingListener();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        EngineServices services = new EngineServices(Map.<String, String>of()::get, config -> backend, Clock.systemUTC())
                .withConsole(new PrintStream(console, true, StandardCharsets.UTF_8)).withListeners(listener);
        EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(services))
                .cancellationToken(token)
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .configurationParameter(Constants.REPLAY, mode)
                .configurationParameter(Constants.REPLAY_DIR, dir.resolve("cassettes").toString())
                // One at a time, in order, unless asked: the first message is answered before the second is sent.
                .configurationParameter(Constants.MAX_CONCURRENCY, concurrency)
                .configurationParameter(Constants.PARALLEL_ENABLED, "false")
                .selectors(DiscoverySelectors.selectFile(data.toFile())).execute();
        return new Recorded(results, List.copyOf(listener.finished), console.toString(StandardCharsets.UTF_8));
    }

    private String cassette() throws java.io.IOException {
        try (var files = Files.walk(dir.resolve("cassettes"))) {
            return Files.readString(files.filter(p -> p.toString().endsWith(".cassette.json")).findFirst().orElseThrow());
        }
    }
}
