package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.fixtures.RepeatedConversationSimulation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.Repetitions;
import dev.botsim.cognigy.spi.SimulationRecord;
import dev.botsim.cognigy.spi.Stability;

/**
 * Conversations repeated whole, end to end against the sandbox's seeded wavering bot: every run a fresh session
 * sending every turn, each turn test judged by its turn across the runs.
 */
class ConversationStabilityEngineTest {

    private static int flipsIn(int recognitions) {
        return WaveringBot.flipsIn(recognitions);
    }

    private static EngineTestKit.Builder engine(RecordingListener listener) {
        return WaveringBot.engine("sandbox", listener);
    }

    private static SimulationRecord record(RecordingListener listener, String testId) {
        return WaveringBot.record(listener, testId);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "through the {0} backend")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"sandbox", "endpoint"})
    @DisplayName("repeat 20 on a conversation: the wavering turn is FLAKY with the seed's distribution and fails, the turn"
            + " after it is skipped, the turns before it and a steady conversation are STABLE")
    void wholeConversations(String backend) {
        int flips = flipsIn(20);
        assertThat(flips).isBetween(1, 19);
        RecordingListener listener = new RecordingListener();

        EngineExecutionResults results = WaveringBot.engine(backend, listener)
                .selectors(selectClasspathResource("e2e/stability-conversation.sim.yaml")).execute();

        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(3).failed(1).skipped(1));
        Repetitions first = record(listener, "test_order_then_agent#1").repetitions();
        assertThat(first.runs()).isEqualTo(20);
        assertThat(first.stability()).isEqualTo(Stability.STABLE);
        Repetitions wavering = record(listener, "test_order_then_agent#2").repetitions();
        assertThat(wavering.passed()).isEqualTo(20 - flips);
        assertThat(wavering.intents()).containsExactlyInAnyOrderEntriesOf(Map.of("check_order", 20 - flips, "escalate", flips));
        assertThat(record(listener, "test_order_then_agent#2").outcome()).isEqualTo(Outcome.FAILED);
        Throwable failure = results.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        assertThat(failure.getMessage()).startsWith("e2e/stability-conversation.sim.yaml:9 test_order_then_agent#2: FLAKY: "
                + (20 - flips) + " of 20 runs passed");
        assertThat(record(listener, "test_steady_conversation#2").repetitions().stability()).isEqualTo(Stability.STABLE);
        assertThat(record(listener, "test_steady_conversation#2").repetitions().runs()).isEqualTo(5);
    }

    @Test
    @DisplayName("with a pass ratio the wavering turn meets, it passes FLAKY and the turn after it is judged by the runs"
            + " that reached it: the runs that failed before it count as not passed and not sent, outside the intent's rate")
    void ratioMet(@org.junit.jupiter.api.io.TempDir java.nio.file.Path reports) {
        int flips = flipsIn(20);
        RecordingListener listener = new RecordingListener();

        EngineExecutionResults results = engine(listener).selectors(selectClasspathResource("e2e/stability-conversation.sim.yaml"))
                .configurationParameter(Constants.REPORT_DIR, reports.toString())
                .configurationParameter(Constants.REPEAT_PASS_RATIO, String.valueOf((20.0 - flips) / 20)).execute();

        results.testEvents().assertStatistics(stats -> stats.started(5).succeeded(5));
        Repetitions last = record(listener, "test_order_then_agent#3").repetitions();
        assertThat(last.stability()).isEqualTo(Stability.FLAKY);
        assertThat(last.passed()).isEqualTo(20 - flips);
        assertThat(last.intents()).containsExactlyInAnyOrderEntriesOf(Map.of("escalate", 20 - flips, Repetitions.NOT_SENT, flips));
        assertThat(last.sent()).isEqualTo(20 - flips);
        // The runs that never sent "I want a human" recognised nothing, right or wrong: escalate's rate counts the others.
        tools.jackson.databind.JsonNode escalate = new tools.jackson.databind.ObjectMapper()
                .readTree(reports.resolve("results.json").toFile()).path("stability").path("intents").path("escalate");
        assertThat(escalate.path("runs").asInt()).isEqualTo(25 - flips);
        assertThat(escalate.path("rate").asDouble()).isEqualTo(1.0);
        assertThat(record(listener, "test_order_then_agent#2").repetitions().stability()).isEqualTo(Stability.FLAKY);
    }

    private static final BotTurn WRONG = TestTurns.turn(0, "flow_fallback", "smalltalk", 0.9, Map.of(), "Hm?", null, null);

    @Test
    @DisplayName("each run of a repeated conversation is a session of its own sending the turns in order with keys of its"
            + " own, and stops at its first failed turn: a later turn of that run fails as not sent, naming the turn")
    void sessionsAndStops() {
        ScriptedBackend backend = new ScriptedBackend().answering(ScriptedBackend.nthAsking("hi", 2), WRONG)
                .answering(ScriptedBackend.nthAsking("where is my order", 2), WRONG);
        RecordingListener listener = new RecordingListener();

        // One message at a time: the runs go out in their order, so run 2 is the second to say "hi".
        EngineExecutionResults results = EngineTestSupport.kit(backend, listener)
                .configurationParameter(Constants.MAX_CONCURRENCY, "1")
                .configurationParameter(Constants.REPEAT_PASS_RATIO, "0.6")
                .selectors(selectClasspathResource("fixtures/repeat/conversation.sim.yaml")).execute();

        Map<String, List<String>> bySession = backend.textsBySession();
        assertThat(bySession.values()).containsExactly(List.of("hi", "where is my order", "I want a human"), List.of("hi"),
                List.of("hi", "where is my order"));
        assertThat(backend.requests.stream().map(TurnRequest::idempotencyKey).distinct()).hasSize(6);

        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1).skipped(1));
        assertThat(record(listener, "test_order_then_agent#1").repetitions().passed()).isEqualTo(2);
        SimulationRecord second = record(listener, "test_order_then_agent#2");
        assertThat(second.repetitions().passed()).isEqualTo(1);
        assertThat(second.repetitions().intents()).containsExactlyInAnyOrderEntriesOf(
                Map.of("check_order", 1, "smalltalk", 1, Repetitions.NOT_SENT, 1));
        assertThat(second.outcome()).isEqualTo(Outcome.FAILED);
        // The record names its place in fields of its own, as every record does; the failure on its first line.
        assertThat(second.message()).startsWith("FLAKY: 1 of 3 runs passed")
                .contains("run 2 of 3: turn 1 \"hi\" failed in this run, so this turn was not sent:");
        Throwable failure = results.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        assertThat(failure.getMessage()).startsWith("fixtures/repeat/conversation.sim.yaml:9 test_order_then_agent#2: FLAKY: 1 of 3 runs passed");
        assertThat(failure).as("turn 1's expected and actual are not turn 2's diff")
                .isInstanceOfSatisfying(org.opentest4j.AssertionFailedError.class, e -> assertThat(e.isExpectedDefined()).isFalse());
    }

    @Test
    @DisplayName("the runs of a repeated conversation go out together, never more than cognigy.execution.max-concurrency"
            + " messages in flight")
    void runsGoOutTogetherWithinTheLimit() {
        // Long enough answers that the three runs, one task each, overlap whatever the threads' start-up.
        ScriptedBackend slow = new ScriptedBackend().withDelay(100);

        EngineExecutionResults results = EngineTestSupport.kit(slow).configurationParameter(Constants.MAX_CONCURRENCY, "2")
                .selectors(selectClasspathResource("fixtures/repeat/conversation.sim.yaml")).execute();

        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
        assertThat(slow.requests).as("3 runs of 3 turns").hasSize(9);
        assertThat(slow.peakInFlight.get()).as("runs in parallel, within the limit").isEqualTo(2);
    }

    @Test
    @DisplayName("each run of a repeated test is a user of its own when the test names none (a contact profile carries"
            + " nothing from one run to the next), every turn of a conversation's run the same user; a named user stays")
    void usersPerRun() {
        ScriptedBackend backend = new ScriptedBackend();

        EngineExecutionResults results = EngineTestSupport.kit(backend)
                .selectors(selectClasspathResource("fixtures/repeat/users.sim.yaml")).execute();

        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));
        assertThat(users(backend, "hello there")).hasSize(3);
        assertThat(users(backend, "hi")).containsExactly("usr_fixed01");
        Map<String, Set<String>> usersBySession = backend.requests.stream().filter(r -> r.testId().startsWith("test_conversation_users"))
                .collect(Collectors.groupingBy(TurnRequest::sessionId, Collectors.mapping(TurnRequest::userId, Collectors.toSet())));
        assertThat(usersBySession).hasSize(3).allSatisfy((session, users) -> assertThat(users).hasSize(1));
        assertThat(usersBySession.values().stream().flatMap(Set::stream).distinct()).hasSize(3);
    }

    private static Set<String> users(ScriptedBackend backend, String text) {
        return backend.requests.stream().filter(r -> text.equals(r.text())).map(TurnRequest::userId)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    @Test
    @DisplayName("a turn selected alone is repeated with the turns before it as every run's setup, each run a session of"
            + " its own")
    void turnSelectedAlone() {
        ScriptedBackend backend = new ScriptedBackend();
        RecordingListener listener = new RecordingListener();

        EngineExecutionResults results = EngineTestSupport.kit(backend, listener).selectors(
                org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId(org.junit.platform.engine.UniqueId
                        .forEngine("cognigy").append("file", "fixtures/repeat/conversation.sim.yaml")
                        .append("conversation", "test_order_then_agent").append("turn", "3"))).execute();

        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(record(listener, "test_order_then_agent#3").repetitions().passed()).isEqualTo(3);
        Map<String, List<String>> bySession = backend.textsBySession();
        assertThat(bySession.values()).hasSize(3)
                .allSatisfy(texts -> assertThat(texts).containsExactly("hi", "where is my order", "I want a human"));
    }

    @Test
    @DisplayName("@Conversation(repeat = 3) runs the method 3 times, each in a new instance and session, counted by the"
            + " bot's last answer")
    void annotatedConversation() {
        ScriptedBackend backend = new ScriptedBackend().answering(ScriptedBackend.nthAsking("where is my order", 2), WRONG);
        RecordingListener listener = new RecordingListener();
        RepeatedConversationSimulation.INSTANCES.set(0);

        EngineExecutionResults results = EngineTestSupport.kit(backend, listener)
                .selectors(selectClass(RepeatedConversationSimulation.class)).execute();

        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        Throwable failure = results.testEvents().failed().list().get(0).getPayload(TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        // Placed as a single run's failure is: the method and the test id, on the first line.
        assertThat(failure.getMessage()).startsWith(RepeatedConversationSimulation.class.getName()
                + "#orderStatus test_orderStatus: FLAKY: 2 of 3 runs passed");
        assertThat(RepeatedConversationSimulation.INSTANCES).hasValue(3);
        // results.json names an annotated test's source Class#method, a @Conversation's as an @Utterance's.
        assertThat(record(listener, "test_orderStatus").source())
                .isEqualTo(RepeatedConversationSimulation.class.getName() + "#orderStatus");
        Repetitions runs = record(listener, "test_orderStatus").repetitions();
        assertThat(runs.runs()).isEqualTo(3);
        assertThat(runs.passed()).isEqualTo(2);
        assertThat(runs.intents()).containsExactlyInAnyOrderEntriesOf(Map.of("check_order", 2, "smalltalk", 1));
        Map<String, List<String>> bySession = backend.textsBySession();
        assertThat(bySession.values()).hasSize(3).allSatisfy(texts -> assertThat(texts).containsExactly("hi", "where is my order"));
        assertThat(backend.requests.stream().map(TurnRequest::idempotencyKey).distinct()).hasSize(6);
    }

    @Test
    @DisplayName("a @Conversation run whose last message got no answer counts as unanswered, under (none), not by the"
            + " answer to the message before it")
    void annotatedConversationUnansweredLastMessage() {
        ScriptedBackend backend = new ScriptedBackend().failing(ScriptedBackend.nthAsking("where is my order", 2),
                new dev.botsim.cognigy.engine.backend.BackendException(
                        dev.botsim.cognigy.engine.backend.BackendException.Kind.TIMEOUT, "no answer within 30s"));
        RecordingListener listener = new RecordingListener();

        EngineExecutionResults results = EngineTestSupport.kit(backend, listener)
                .selectors(selectClass(RepeatedConversationSimulation.class)).execute();

        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        Repetitions runs = record(listener, "test_orderStatus").repetitions();
        assertThat(runs.passed()).isEqualTo(2);
        assertThat(runs.unanswered()).as("the run whose last message timed out").isEqualTo(1);
        // Not "greeting": that was the answer to "hi", which the run's last message did not get.
        assertThat(runs.intents()).containsExactlyInAnyOrderEntriesOf(Map.of("check_order", 2, Repetitions.NONE, 1));
        assertThat(runs.texts()).containsEntry(Repetitions.NONE, 1);
        assertThat(runs.flows()).containsExactlyInAnyOrderEntriesOf(Map.of("flow_order_status", 2, Repetitions.NONE, 1));
        assertThat(record(listener, "test_orderStatus").outcome()).isEqualTo(Outcome.TIMEOUT);
    }

    @Test
    @DisplayName("a @Conversation run whose last message never left this machine (no connection) counts as not sent, not"
            + " as unanswered: the bot was never asked")
    void annotatedConversationLastMessageNeverLeft() {
        ScriptedBackend backend = new ScriptedBackend().failing(ScriptedBackend.nthAsking("where is my order", 2),
                new dev.botsim.cognigy.engine.backend.BackendException(dev.botsim.cognigy.engine.backend.BackendException.Kind
                        .TRANSPORT, "cannot connect to the bot: connection refused").withMessageUnsent());
        RecordingListener listener = new RecordingListener();

        EngineExecutionResults results = EngineTestSupport.kit(backend, listener)
                .selectors(selectClass(RepeatedConversationSimulation.class)).execute();

        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        Repetitions runs = record(listener, "test_orderStatus").repetitions();
        assertThat(runs.runs()).isEqualTo(3);
        assertThat(runs.passed()).isEqualTo(2);
        assertThat(runs.unanswered()).as("no run sent its last message and got no answer").isZero();
        assertThat(runs.sent()).isEqualTo(2);
        assertThat(runs.intents()).containsExactlyInAnyOrderEntriesOf(Map.of("check_order", 2, Repetitions.NOT_SENT, 1));
        assertThat(runs.texts()).containsEntry(Repetitions.NOT_SENT, 1).doesNotContainKey(Repetitions.NONE);
        assertThat(runs.flows()).containsExactlyInAnyOrderEntriesOf(Map.of("flow_order_status", 2, Repetitions.NOT_SENT, 1));
        assertThat(record(listener, "test_orderStatus").outcome()).isEqualTo(Outcome.ERROR);
    }

    @Test
    @DisplayName("a data-file conversation's turn whose message never left this machine in one run (no connection) counts"
            + " for that turn and the turns after it as not sent, not as unanswered")
    void turnThatNeverLeft() {
        ScriptedBackend backend = new ScriptedBackend().failing(ScriptedBackend.nthAsking("hi", 2),
                new dev.botsim.cognigy.engine.backend.BackendException(dev.botsim.cognigy.engine.backend.BackendException.Kind
                        .TRANSPORT, "cannot connect to the bot: connection refused").withMessageUnsent());
        RecordingListener listener = new RecordingListener();

        EngineTestSupport.kit(backend, listener).configurationParameter(Constants.MAX_CONCURRENCY, "1")
                .configurationParameter(Constants.REPEAT_PASS_RATIO, "0.6")
                .selectors(selectClasspathResource("fixtures/repeat/conversation.sim.yaml")).execute();

        for (String turn : List.of("test_order_then_agent#1", "test_order_then_agent#2", "test_order_then_agent#3")) {
            Repetitions runs = record(listener, turn).repetitions();
            assertThat(runs.runs()).as(turn).isEqualTo(3);
            assertThat(runs.passed()).as(turn).isEqualTo(2);
            assertThat(runs.unanswered()).as(turn).isZero();
            assertThat(runs.intents()).as(turn).containsEntry(Repetitions.NOT_SENT, 1).doesNotContainKey(Repetitions.NONE);
        }
    }

    @Test
    @DisplayName("@Conversation(repeat) and @Utterance(repeat) outside 1 to 1000 are refused at discovery, naming the"
            + " method, and nothing is sent")
    void badRepeatsRefused() {
        ScriptedBackend backend = new ScriptedBackend();

        EngineExecutionResults results = EngineTestSupport.kit(backend).selectors(
                selectClass(dev.botsim.cognigy.engine.fixtures.invalid.BadRepeats.class)).execute();

        List<String> problems = results.testEvents().failed().list().stream().map(e -> e.getPayload(
                TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage()).sorted().toList();
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("#negative", "@Utterance(repeat)", "outside 1 to 1000");
        assertThat(problems.get(1)).contains("#tooOften", "@Conversation(repeat)", "1001", "outside 1 to 1000");
        assertThat(backend.requests).isEmpty();
    }
}
