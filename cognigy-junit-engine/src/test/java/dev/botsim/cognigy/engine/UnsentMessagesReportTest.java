package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.annotations.BotSession;
import dev.botsim.cognigy.annotations.BotSimulation;
import dev.botsim.cognigy.annotations.Conversation;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.transport.RefusingPort;
import dev.botsim.cognigy.sandbox.BotDefinition;
import dev.botsim.cognigy.sandbox.CognigySandbox;
import dev.botsim.cognigy.sandbox.SandboxOptions;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A result says whether its message reached the bot, and the reports never show a message that never left as said: a
 * test the run's preflight refused, one whose message the transport never sent, and a skipped turn are {@code sent:
 * false} with no transcript; a message that timed out after it was sent keeps its transcript.
 */
class UnsentMessagesReportTest {

    @TempDir
    Path dir;

    private final RecordingListener listener = new RecordingListener();

    @Test
    @DisplayName("against the sandbox, a test the preflight refused (a next_flow the bot lacks: \"Nothing was submitted for"
            + " this test\") and the skipped turn after a refused one are sent=false in the listener's record and results.json,"
            + " with no user: transcript on the page; the tests sent beside them keep theirs")
    void preflightRefusalIsNotSent() throws IOException {
        Path data = Files.writeString(dir.resolve("flows.sim.yaml"), """
                version: 1
                cases:
                  - id: test_refused
                    utterance: hi
                    expect: { next_flow: flow_nope }
                  - id: test_answered
                    utterance: hello
                    expect: { intent: greeting }
                conversations:
                  - id: test_conv
                    turns:
                      - say: hello there
                        expect: { intent: greeting }
                      - say: I want a human
                        expect: { next_flow: flow_nope }
                      - say: thank you
                """);
        Map<String, String> noEnvironment = Map.of();
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(noEnvironment::get, Backends::create, Clock.systemUTC())
                        .withListeners(listener)))
                .configurationParameter(Constants.BACKEND, "sandbox")
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                .configurationParameter(Constants.REPORT_DIR, reports().toString())
                .selectors(selectFile(data.toFile())).execute()
                .testEvents().assertStatistics(stats -> stats.succeeded(2).failed(2).skipped(1));

        assertThat(listener.finished).extracting(SimulationRecord::testId, SimulationRecord::outcome, SimulationRecord::sent)
                .containsExactlyInAnyOrder(tuple("test_refused", Outcome.MISCONFIGURATION, false),
                        tuple("test_answered", Outcome.PASSED, true), tuple("test_conv#1", Outcome.PASSED, true),
                        tuple("test_conv#2", Outcome.MISCONFIGURATION, false), tuple("test_conv#3", Outcome.SKIPPED, false));
        assertThat(result("test_refused").path("sent").isBoolean()).isTrue();
        assertThat(result("test_refused").path("sent").asBoolean()).isFalse();
        assertThat(result("test_conv#2").path("sent").asBoolean()).isFalse();
        assertThat(result("test_conv#3").path("sent").asBoolean()).isFalse();
        assertThat(result("test_answered").path("sent").asBoolean()).isTrue();

        assertThat(onPage("test_refused")).contains("Nothing was submitted for this test")
                .doesNotContain("<p class=\"label\">Transcript</p>", "user: hi");
        assertThat(onPage("test_conv#2")).contains("Nothing was submitted for this test")
                .doesNotContain("<p class=\"label\">Transcript</p>", "user: I want a human");
        assertThat(onPage("test_answered")).contains("<p class=\"label\">Transcript</p><pre>user: hello\nbot:  #0");
        assertThat(onPage("test_conv#1")).contains("<p class=\"label\">Transcript</p><pre>user: hello there\nbot:  #0");
    }

    @Test
    @DisplayName("a REST Endpoint whose port refuses the connection: the message never left, so the result is sent=false"
            + " with no user: transcript, as is a @Conversation method that sent nothing")
    void messageThatNeverLeftIsNotSent() throws IOException {
        Path data = Files.writeString(dir.resolve("orders.sim.yaml"), """
                version: 1
                cases:
                  - id: test_where
                    utterance: where is my order ORD_99
                    expect: { intent: check_order }
                """);
        MutableClock clock = new MutableClock();
        RecordingSleeper sleeper = new RecordingSleeper(clock);
        try (RefusingPort closed = new RefusingPort()) {
            Map<String, String> environment = Map.of(Constants.ENDPOINT_URL_ENV,
                    closed.url("/f3e9c1d2b7a84e0f9a1b2c3d4e5f6a7b").toString());
            EngineTestSupport.kit(EngineTestSupport.realBackends(environment, clock, sleeper).withListeners(listener), sleeper)
                    .configurationParameter(Constants.BACKEND, "endpoint")
                    .configurationParameter(Constants.REPORT_DIR, reports().toString())
                    .selectors(selectFile(data.toFile())).execute()
                    .testEvents().assertStatistics(stats -> stats.failed(1));
        }

        assertThat(listener.finished).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(r.message()).contains("cannot reach REST Endpoint");
            assertThat(r.sent()).isFalse();
        });
        assertThat(result("test_where").path("sent").asBoolean(true)).isFalse();
        assertThat(onPage("test_where")).contains("cannot reach REST Endpoint")
                .doesNotContain("<p class=\"label\">Transcript</p>", "user: where is my order");
    }

    @Test
    @DisplayName("a simulation stuck at the tenant times out after its message was submitted: sent=true, and the page keeps"
            + " its user: transcript")
    void timeoutAfterSendingWasSent() throws IOException {
        Path data = Files.writeString(dir.resolve("hi.sim.yaml"), """
                version: 1
                cases:
                  - id: test_hi
                    utterance: hi
                    expect: { intent: greeting }
                """);
        try (CognigySandbox tenant = CognigySandbox.start(BotDefinition.fromClasspath("bots/order-bot.yaml"), SandboxOptions.defaults())) {
            tenant.faults().stuckRatio(1.0);
            Map<String, String> secret = Map.of(Constants.CLIENT_SECRET_ENV, tenant.clientSecret());
            EngineTestKit.engine(new CognigyTestEngine(new EngineServices(secret::get, Backends::create, Clock.systemUTC())
                            .withListeners(listener)))
                    .configurationParameter(Constants.BACKEND, "simulation")
                    .configurationParameter(Constants.BASE_URL, tenant.baseUrl())
                    .configurationParameter(Constants.CLIENT_ID, tenant.clientId())
                    // The one real wait: the tenant never completes the simulation, whatever the deadline.
                    .configurationParameter(Constants.POLL_TIMEOUT, "1s")
                    .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                    .configurationParameter(Constants.REPORT_DIR, reports().toString())
                    .selectors(selectFile(data.toFile())).execute()
                    .testEvents().assertStatistics(stats -> stats.failed(1));
        }

        assertThat(listener.finished).extracting(SimulationRecord::outcome, SimulationRecord::sent)
                .containsExactly(tuple(Outcome.TIMEOUT, true));
        assertThat(result("test_hi").path("sent").asBoolean(false)).isTrue();
        assertThat(onPage("test_hi")).contains("<p class=\"label\">Transcript</p><pre>user: hi\n");
    }

    /** Two conversations whose message {@value #UNREACHABLE} never leaves: after an answered message, and as the first. */
    @BotSimulation
    static class Conversations {
        static final String UNREACHABLE = "are you there";

        @Conversation
        void answeredThenUnreachable(BotSession bot) {
            bot.say("hello");
            bot.say(UNREACHABLE);
        }

        @Conversation
        void unreachableFirst(BotSession bot) {
            bot.say(UNREACHABLE);
        }
    }

    @Test
    @DisplayName("a @Conversation method is sent when any of its messages reached the bot: one whose first message never"
            + " left is sent=false with no transcript; one answered before a later message never left is sent=true, that"
            + " message marked not sent in user_turns and its transcript")
    void conversationIsSentWhenAnyMessageWas() throws IOException {
        ScriptedBackend backend = new ScriptedBackend() {
            @Override
            public TurnResult send(TurnRequest request) {
                if (Conversations.UNREACHABLE.equals(request.text())) {
                    throw new BackendException(BackendException.Kind.TRANSPORT, "cannot reach REST Endpoint"
                            + " http://127.0.0.1:9/****: ConnectException: Connection refused").withMessageUnsent();
                }
                return super.send(request);
            }
        };
        EngineTestSupport.kit(backend, listener).configurationParameter(Constants.REPORT_DIR, reports().toString())
                .selectors(selectClass(Conversations.class)).execute()
                .testEvents().assertStatistics(stats -> stats.failed(2));

        assertThat(listener.finished).extracting(SimulationRecord::testId, SimulationRecord::outcome, SimulationRecord::sent)
                .containsExactlyInAnyOrder(tuple("test_answeredThenUnreachable", Outcome.ERROR, true),
                        tuple("test_unreachableFirst", Outcome.ERROR, false));
        assertThat(result("test_unreachableFirst").path("sent").asBoolean(true)).isFalse();
        assertThat(result("test_answeredThenUnreachable").path("sent").asBoolean(false)).isTrue();
        assertThat(onPage("test_unreachableFirst")).contains("cannot reach REST Endpoint")
                .doesNotContain("<p class=\"label\">Transcript</p>", "user: are you there");
        // The message that never left is in what the method said, marked so: not a message the bot left unanswered.
        assertThat(listener.finished).filteredOn(r -> r.testId().equals("test_answeredThenUnreachable")).singleElement()
                .extracting(SimulationRecord::userTurns).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .containsExactly(new SimulationRecord.UserTurn("hello", 0, true),
                        new SimulationRecord.UserTurn(Conversations.UNREACHABLE, 1, false));
        assertThat(result("test_answeredThenUnreachable").path("user_turns").toString()).isEqualTo("[{\"text\":\"hello\","
                + "\"first_answer\":0},{\"text\":\"are you there\",\"first_answer\":1,\"sent\":false}]");
        assertThat(onPage("test_answeredThenUnreachable")).contains("<p class=\"label\">Transcript</p><pre>user: hello\nbot:  #0")
                .contains("\nuser (not sent): are you there\n</pre>").doesNotContain("user: are you there");
    }

    private Path reports() {
        return dir.resolve("reports");
    }

    /** The test's result in results.json. */
    private JsonNode result(String testId) throws IOException {
        JsonNode results = JsonMapper.shared().readTree(Files.readString(reports().resolve("results.json"))).path("results");
        for (JsonNode r : results) {
            if (r.path("test_id").asString().equals(testId)) return r;
        }
        throw new AssertionError("no result " + testId + " in " + results);
    }

    /** The test's result on index.html, from its anchor (its test id: these ids need no escaping) to its end. */
    private String onPage(String testId) throws IOException {
        String page = Files.readString(reports().resolve("index.html"));
        int at = page.indexOf("<details id=\"" + testId + "\"");
        assertThat(at).as("result " + testId + " on the page").isNotNegative();
        return page.substring(at, page.indexOf("</details>", at));
    }
}
