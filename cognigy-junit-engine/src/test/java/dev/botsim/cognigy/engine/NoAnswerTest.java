package dev.botsim.cognigy.engine;

import dev.botsim.cognigy.engine.config.Constants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.opentest4j.AssertionFailedError;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Item 2: a test never passes when the bot did not answer. A case that expects nothing, or only
 * that an intent is not recognised, still needs an answer: a failed simulation is an ERROR whatever
 * its shape, and a completed one (or a REST Endpoint answer) without any turn fails.
 */
class NoAnswerTest {

    /** Cases that every answer would satisfy: they pass only because the bot answered. */
    private static final List<String> UNDEMANDING = List.of("version: 1", "cases:",
            "  - id: test_expects_nothing", "    utterance: hello",
            "  - id: test_only_not_intent", "    utterance: hi", "    expect: { not_intent: escalate }");

    private final MockWebServer server = LoopbackServers.mockWebServer();
    private final RecordingListener listener = new RecordingListener();
    @TempDir
    Path dir;


    @AfterEach
    void stop() {
        server.close();
    }

    static Stream<Arguments> simulationShapes() {
        String turn = "{\"turnIndex\":0,\"flowId\":\"flow_greeting\",\"intent\":\"greeting\",\"intentScore\":0.9,"
                + "\"entities\":{},\"text\":\"Hello!\",\"errorCode\":null,\"errorMessage\":null}";
        return Stream.of(
                Arguments.of("failed, turns empty, no error object", "{\"simulationId\":\"sim_1\",\"status\":\"failed\",\"turns\":[]}",
                        Outcome.ERROR, "simulation sim_1 failed"),
                Arguments.of("failed, no turns field, no error object", "{\"simulationId\":\"sim_1\",\"status\":\"failed\"}",
                        Outcome.ERROR, "simulation sim_1 failed"),
                Arguments.of("failed, error given as a string", "{\"simulationId\":\"sim_1\",\"status\":\"failed\",\"turns\":[],"
                        + "\"error\":\"worker crashed\"}", Outcome.ERROR, "worker crashed"),
                Arguments.of("failed, error null", "{\"simulationId\":\"sim_1\",\"status\":\"failed\",\"turns\":[],\"error\":null}",
                        Outcome.ERROR, "simulation sim_1 failed"),
                Arguments.of("failed with a turn that carries no error code", "{\"simulationId\":\"sim_1\",\"status\":\"failed\","
                        + "\"turns\":[" + turn + "]}", Outcome.ERROR, "simulation sim_1 failed"),
                Arguments.of("completed without a turns field", "{\"simulationId\":\"sim_1\",\"status\":\"completed\"}",
                        Outcome.FAILED, "the bot gave no answer"),
                Arguments.of("completed with turns empty", "{\"simulationId\":\"sim_1\",\"status\":\"completed\",\"turns\":[]}",
                        Outcome.FAILED, "the bot gave no answer"),
                Arguments.of("completed with turns null", "{\"simulationId\":\"sim_1\",\"status\":\"completed\",\"turns\":null}",
                        Outcome.FAILED, "the bot gave no answer"));
    }

    @ParameterizedTest(name = "item 2: simulation {0} -> {2}")
    @MethodSource("simulationShapes")
    @DisplayName("item 2: a simulation that gave no answer never passes a case that expects nothing or only not_intent")
    void simulationWithoutAnswer(String shape, String status, Outcome outcome, String says) throws Exception {
        server.setDispatcher(new SimulationApiAnswering(status));
        server.start();
        Map<String, String> env = Map.of(Constants.CLIENT_ID_ENV, "client-1", Constants.CLIENT_SECRET_ENV, "secret-no-answer");
        EngineExecutionResults results = EngineTestKit
                .engine(new CognigyTestEngine(new EngineServices(env::get, Backends::create, Clock.systemUTC()).withListeners(listener)))
                .configurationParameter(Constants.BACKEND, "simulation")
                .configurationParameter(Constants.BASE_URL, server.url("/").toString())
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "5ms")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .selectors(selectFile(Files.write(dir.resolve("undemanding.sim.yaml"), UNDEMANDING).toFile())).execute();

        assertNeitherPassed(results, outcome, says);
    }

    @Test
    @DisplayName("item 2: a REST Endpoint answering an empty outputStack fails a case that expects nothing: the bot gave no answer")
    void endpointWithoutOutputs() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body("{\"text\":\"\",\"data\":{},\"outputStack\":[],\"userId\":\"usr_qa01\"}").build();
            }
        });
        server.start();
        Map<String, String> env = Map.of(Constants.ENDPOINT_URL_ENV, server.url("/a1b2c3endpointtoken").toString());
        EngineExecutionResults results = EngineTestKit
                .engine(new CognigyTestEngine(new EngineServices(env::get, Backends::create, Clock.systemUTC()).withListeners(listener)))
                .configurationParameter(Constants.BACKEND, "endpoint")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .selectors(selectFile(Files.write(dir.resolve("undemanding.sim.yaml"), UNDEMANDING).toFile())).execute();

        assertNeitherPassed(results, Outcome.FAILED, "the bot gave no answer");
        Throwable failure = failures(results).get(0);
        assertThat(failure.getMessage()).doesNotContain("api.output(null");
    }

    /** The gated Code node's output as a tenant's REST Endpoint returns it: no text, the flow's report in data. */
    private static final String REPORT = "{\"text\":null,\"data\":{\"intent\":\"order_food\",\"intentScore\":0.93,"
            + "\"intentFlow\":\"6f1d2c3b-4a59-4e8f-9d0c-1b2a3c4d5e6f\",\"flowName\":\"Orders\",\"slots\":{},"
            + "\"state\":\"default\"},\"traceId\":\"endpoint-httpIncomingMessage-0c9a8b7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d\","
            + "\"disableSensitiveLogging\":false,\"source\":\"bot\"}";

    /** Cases every answer of the reporting flow satisfies, one of them expecting only the intent it reports. */
    private static final List<String> REPORTED = List.of("version: 1", "cases:",
            "  - id: test_expects_nothing", "    utterance: I want food",
            "  - id: test_only_not_intent", "    utterance: I want food", "    expect: { not_intent: escalate }",
            "  - id: test_only_intent", "    utterance: I want food", "    expect: { intent: order_food }");

    private EngineExecutionResults endpointAnswering(String outputStack) throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body("{\"text\":\"\",\"data\":{},\"outputStack\":" + outputStack + ",\"userId\":\"usr_qa01\","
                                + "\"sessionId\":\"ses_1\"}").build();
            }
        });
        server.start();
        Map<String, String> env = Map.of(Constants.ENDPOINT_URL_ENV, server.url("/a1b2c3endpointtoken").toString());
        return EngineTestKit
                .engine(new CognigyTestEngine(new EngineServices(env::get, Backends::create, Clock.systemUTC()).withListeners(listener)))
                .configurationParameter(Constants.BACKEND, "endpoint")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .selectors(selectFile(Files.write(dir.resolve("reported.sim.yaml"), REPORTED).toFile())).execute();
    }

    @Test
    @DisplayName("a REST Endpoint answering only the Code node's report is no answer: every case fails naming what the flow reported")
    void endpointWithOnlyTheReport() throws Exception {
        EngineExecutionResults results = endpointAnswering("[" + REPORT + "]");

        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(0).failed(3));
        assertThat(listener.finished).extracting(SimulationRecord::outcome).containsOnly(Outcome.FAILED).hasSize(3);
        assertThat(failures(results)).allSatisfy(failure -> {
            assertThat(failure).isInstanceOf(AssertionFailedError.class);
            assertThat(failure.getMessage()).contains("the bot gave no answer to \"I want food\"",
                    "its flow reported intent \"order_food\" in flow \"Orders\" but output nothing")
                    .doesNotContain("\n", "api.output(null");
        });
        assertThat(listener.finished).allSatisfy(record -> {
            assertThat(record.actual()).isEmpty();
            assertThat(record.message()).contains("its flow reported intent \"order_food\"");
        });
    }

    @Test
    @DisplayName("the Code node's report beside a Say node's text is an answer: the cases pass")
    void endpointWithTheReportAndText() throws Exception {
        EngineExecutionResults results = endpointAnswering("[{\"text\":\"What would you like to eat?\",\"data\":{},"
                + "\"traceId\":\"endpoint-httpIncomingMessage-0c9a8b7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d\",\"source\":\"bot\"},"
                + REPORT + "]");

        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3).failed(0));
        assertThat(listener.finished).extracting(SimulationRecord::outcome).containsOnly(Outcome.PASSED);
    }

    @Test
    @DisplayName("the Code node's report beside a data-only output (a Webchat card) is an answer: the cases pass")
    void endpointWithTheReportAndACard() throws Exception {
        EngineExecutionResults results = endpointAnswering("[{\"text\":null,\"data\":{\"type\":\"menuCard\","
                + "\"dishes\":[\"Pizza\",\"Pasta\"]},\"traceId\":\"endpoint-httpIncomingMessage-0c9a8b7d-6e5f-4a3b-2c1d-"
                + "0e9f8a7b6c5d\",\"source\":\"bot\"}," + REPORT + "]");

        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3).failed(0));
        assertThat(listener.finished).extracting(SimulationRecord::outcome).containsOnly(Outcome.PASSED);
    }

    @Test
    @DisplayName("the sandbox's REST Endpoint answering a flow that says nothing with only the Code node's report fails"
            + " the case as no answer, naming the reported intent; the flow's answer passes")
    void sandboxEndpointFlowThatSaysNothing() throws Exception {
        Path bot = Files.write(dir.resolve("quiet-bot.yaml"), List.of("bot: quiet-bot",
                "entities:", "  - name: dish", "    pattern: \"pizza|pasta\"",
                "flows:", "  - id: flow_order", "    name: Orders", "    intents:", "      - name: order_food",
                "        examples: [I want food, I am hungry, order food, I want pizza, order pasta]",
                // Said only once the dish is known: without one, the flow outputs nothing.
                "    responses: [\"Your {dish} is on its way.\"]",
                "fallback:", "  flow: flow_fallback", "  response: \"Sorry, I did not get that.\""));
        Path file = Files.write(dir.resolve("quiet.sim.yaml"), List.of("version: 1", "cases:",
                "  - id: test_expects_nothing", "    utterance: I am hungry",
                "  - id: test_only_intent", "    utterance: I am hungry", "    expect: { intent: order_food }",
                "  - id: test_answered", "    utterance: I want pizza", "    expect: { intent: order_food }"));
        Map<String, String> noEnvironment = Map.of();
        EngineExecutionResults results = EngineTestKit
                .engine(new CognigyTestEngine(new EngineServices(noEnvironment::get, Backends::create, Clock.systemUTC())
                        .withListeners(listener)))
                .configurationParameter(Constants.BACKEND, "endpoint")
                .configurationParameter(Constants.SANDBOX_BOT, bot.toString())
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .selectors(selectFile(file.toFile())).execute();

        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(1).failed(2));
        assertThat(listener.finished).extracting(SimulationRecord::testId, SimulationRecord::outcome)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("test_expects_nothing", Outcome.FAILED),
                        org.assertj.core.groups.Tuple.tuple("test_only_intent", Outcome.FAILED),
                        org.assertj.core.groups.Tuple.tuple("test_answered", Outcome.PASSED));
        assertThat(failures(results)).allSatisfy(failure -> assertThat(failure.getMessage())
                .contains("the bot gave no answer to \"I am hungry\"",
                        "its flow reported intent \"order_food\" in flow \"Orders\" but output nothing"));
    }

    @Test
    @DisplayName("item 2: a case with no expect fails when the bot gives no answer, and passes when it answers")
    void caseWithoutExpectNeedsAnAnswer() throws Exception {
        ScriptedBackend silentToHello = new ScriptedBackend() {
            @Override
            public TurnResult send(TurnRequest request) {
                TurnResult answer = super.send(request);
                if (!request.text().equals("hello")) return answer;
                return new TurnResult(answer.simulationId(), answer.sessionId(), "completed", List.of(), null, List.of(), 1);
            }
        };
        Path file = Files.write(dir.resolve("no-expect.sim.yaml"), List.of("version: 1", "cases:",
                "  - id: test_silent", "    utterance: hello", "  - id: test_answered", "    utterance: hi"));
        EngineExecutionResults results = EngineTestSupport.kit(silentToHello, listener).selectors(selectFile(file.toFile())).execute();

        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        assertThat(failures(results)).singleElement().isInstanceOf(AssertionFailedError.class)
                .extracting(Throwable::getMessage).asString().contains("the bot gave no answer", "\"hello\"");
        assertThat(listener.finished).extracting(SimulationRecord::testId, SimulationRecord::outcome)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("test_silent", Outcome.FAILED),
                        org.assertj.core.groups.Tuple.tuple("test_answered", Outcome.PASSED));
    }

    private void assertNeitherPassed(EngineExecutionResults results, Outcome outcome, String says) {
        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(0).failed(2));
        assertThat(listener.finished).extracting(SimulationRecord::outcome).containsOnly(outcome).hasSize(2);
        assertThat(failures(results)).allSatisfy(failure -> {
            assertThat(failure).isInstanceOf(outcome == Outcome.ERROR ? BackendException.class : AssertionFailedError.class);
            assertThat(failure.getMessage()).contains(says).doesNotContain("\n");
        });
    }

    private static List<Throwable> failures(EngineExecutionResults results) {
        return results.testEvents().failed().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()).toList();
    }

    /** The simulation API answering every status poll with one fixed, final answer. */
    private static final class SimulationApiAnswering extends Dispatcher {

        private final String status;

        SimulationApiAnswering(String status) {
            this.status = status;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            return switch (path) {
                case "/api/oauth/token" -> json(200, "{\"access_token\":\"tok-1\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
                case "/api/bot/info" -> json(200, "{\"name\":\"order-bot\"}");
                case "/api/bot/entities" -> json(200, "[]");
                case "/api/bot/simulate" -> json(202, "{\"simulationId\":\"sim_1\",\"status\":\"queued\",\"sessionId\":\"ses_a\"}");
                default -> json(200, status);
            };
        }

        private static MockResponse json(int code, String body) {
            return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
        }
    }
}
