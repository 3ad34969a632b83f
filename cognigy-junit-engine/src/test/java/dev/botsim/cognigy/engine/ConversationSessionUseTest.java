package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.annotations.BotSession;
import dev.botsim.cognigy.annotations.BotSimulation;
import dev.botsim.cognigy.annotations.Conversation;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationListener;
import dev.botsim.cognigy.spi.SimulationRecord;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@code @Conversation} method's {@link BotSession} against a REST Endpoint: a method that sends nothing does not pass,
 * a session is used only while its method runs, and its messages go one at a time whichever threads make them.
 */
@Timeout(60)
class ConversationSessionUseTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MockWebServer server = LoopbackServers.mockWebServer();
    /** The REST Endpoint requests, in the order they arrived. */
    private final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());
    private final RecordingListener listener = new RecordingListener();

    @AfterEach
    void stop() {
        server.close();
    }

    @BotSimulation
    static class Sessions {

        static final AtomicReference<BotSession> kept = new AtomicReference<>();
        static final AtomicReference<Throwable> lateFailure = new AtomicReference<>();
        /** Counted down once the engine has recorded test_thread_outlives: its method has returned, its session closed. */
        static final CountDownLatch recorded = new CountDownLatch(1);
        static final CountDownLatch lateDone = new CountDownLatch(1);

        @Conversation(id = "test_says_nothing")
        void saysNothing(BotSession bot) {
        }

        @Conversation(id = "test_says_nothing_repeated", repeat = 2)
        void saysNothingRepeated(BotSession bot) {
        }

        @Conversation(id = "test_keeps_session")
        void keepsSession(BotSession bot) {
            bot.say("hi").expectResponseContains("ok");
            kept.set(bot);
        }

        @Conversation(id = "test_uses_kept_session")
        void usesKeptSession(BotSession bot) {
            bot.say("mine").expectResponseContains("ok");
            kept.get().say("into the other test's session");
        }

        @Conversation(id = "test_thread_outlives")
        void threadOutlives(BotSession bot) throws Exception {
            bot.say("hi").expectResponseContains("ok");
            Thread late = new Thread(() -> {
                try {
                    // Until the engine has seen the method return: its record of the test is made after that.
                    if (!recorded.await(30, TimeUnit.SECONDS)) throw new AssertionError("test_thread_outlives was never recorded");
                    bot.say("after the method returned");
                } catch (Throwable e) {
                    lateFailure.set(e);
                } finally {
                    lateDone.countDown();
                }
            });
            late.start();
        }

        @Conversation(id = "test_two_threads")
        void twoThreads(BotSession bot) throws Exception {
            Thread other = new Thread(() -> bot.say("from another thread"));
            other.start();
            bot.say("from the method");
            other.join();
        }
    }

    private EngineExecutionResults run(Dispatcher endpoint, DiscoverySelector... selectors) throws Exception {
        return run(endpoint, new SimulationListener() { }, selectors);
    }

    private EngineExecutionResults run(Dispatcher endpoint, SimulationListener also, DiscoverySelector... selectors) throws Exception {
        server.setDispatcher(endpoint);
        server.start();
        Map<String, String> env = Map.of(Constants.ENDPOINT_URL_ENV, server.url("/9f8e7d6c5b4a3e2d1c0bEndpointToken").toString());
        CognigyTestEngine engine = new CognigyTestEngine(new EngineServices(env::get, Backends::create, Clock.systemUTC())
                .withListeners(listener, also));
        return EngineTestKit.engine(engine).configurationParameter(Constants.BACKEND, "endpoint")
                .configurationParameter(Constants.REPORT_DIR, "target/engine-test-reports")
                .configurationParameter(Constants.PARALLEL_ENABLED, "false")
                .selectors(selectors).execute();
    }

    /** Answers every message at once with one output, as a REST Endpoint does. */
    private Dispatcher answering() {
        return answering(request -> { });
    }

    private Dispatcher answering(java.util.function.Consumer<JsonNode> whileAnswering) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                JsonNode body = JSON.readTree(request.getBody().utf8());
                requests.add(body);
                whileAnswering.accept(body);
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body("{\"text\":\"ok\",\"data\":{},\"outputStack\":[{\"text\":\"ok\",\"data\":{},"
                                + "\"traceId\":\"endpoint-httpIncomingMessage-1\",\"disableSensitiveLogging\":false,"
                                + "\"source\":\"bot\"}],\"userId\":\"" + body.path("userId").asString() + "\",\"sessionId\":\""
                                + body.path("sessionId").asString() + "\"}").build();
            }
        };
    }

    private static DiscoverySelector method(String name) {
        return selectMethod(Sessions.class, name, BotSession.class.getName());
    }

    private SimulationRecord record(String testId) {
        return listener.finished.stream().filter(r -> r.testId().equals(testId)).findFirst().orElseThrow();
    }

    private static Throwable failure(EngineExecutionResults results, String method) {
        return results.testEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getUniqueId().getLastSegment().getValue().equals(method))
                .findFirst().orElseThrow().getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }

    @Test
    @DisplayName("a @Conversation method that sends the bot nothing fails saying so, run once or repeated, instead of passing")
    void sendsNothing() throws Exception {
        EngineExecutionResults results = run(answering(), method("saysNothing"), method("saysNothingRepeated"));

        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(0).failed(2));
        assertThat(requests).isEmpty();
        assertThat(failure(results, "saysNothing"))
                .hasMessageContaining("returned without sending the bot anything").hasMessageContaining("say(...)");
        assertThat(record("test_says_nothing").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(record("test_says_nothing_repeated").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(record("test_says_nothing_repeated").message()).contains("0 of 2 runs passed");
    }

    @Test
    @DisplayName("a session kept beyond its method is refused: nothing is sent into the ended test's session, and the test"
            + " using it fails")
    void keptSession() throws Exception {
        EngineExecutionResults results = run(answering(), method("keepsSession"), method("usesKeptSession"));

        assertThat(requests).extracting(r -> r.path("text").asString()).containsExactly("hi", "mine");
        assertThat(record("test_keeps_session").outcome()).isEqualTo(Outcome.PASSED);
        assertThat(record("test_uses_kept_session").outcome()).isNotEqualTo(Outcome.PASSED);
        assertThat(failure(results, "usesKeptSession")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("test_keeps_session").hasMessageContaining("closed");
    }

    @Test
    @DisplayName("a thread still using the session after its method returned is refused, and sends nothing")
    void threadOutlivingTheMethod() throws Exception {
        // The late thread sends once the test is recorded, and the run waits for it there, its backend still open: the
        // message is refused by the closed session, not by a run that has ended. A late thread that slept a while instead
        // could send before a busy machine's engine had closed the session.
        SimulationListener holdingTheRun = new SimulationListener() {
            @Override
            public void simulationFinished(SimulationRecord record) {
                if (!record.testId().equals("test_thread_outlives")) return;
                Sessions.recorded.countDown();
                try {
                    Sessions.lateDone.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        run(answering(), holdingTheRun, method("threadOutlives"));

        assertThat(Sessions.lateDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(Sessions.lateFailure.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(requests).extracting(r -> r.path("text").asString()).containsExactly("hi");
        assertThat(record("test_thread_outlives").outcome()).isEqualTo(Outcome.PASSED);
    }

    @Test
    @DisplayName("two threads talking through one session send one message at a time, numbered in the order sent")
    void oneMessageAtATime() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        run(answering(request -> {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                // Long enough for the other thread's message to arrive meanwhile, were it sent.
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
        }), method("twoThreads"));

        assertThat(record("test_two_threads").outcome()).isEqualTo(Outcome.PASSED);
        assertThat(peak).as("messages of one session in flight at once").hasValue(1);
        assertThat(requests).hasSize(2);
        assertThat(requests).extracting(r -> r.path("data").path("cognigyJunit").path("turn").asInt()).containsExactly(1, 2);
        assertThat(requests).extracting(r -> r.path("sessionId").asString())
                .containsOnly(requests.get(0).path("sessionId").asString());
    }
}
