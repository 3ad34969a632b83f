package dev.botsim.cognigy.engine;

import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.config.PollingSettings;
import dev.botsim.cognigy.engine.config.RetrySettings;
import dev.botsim.cognigy.engine.config.Constants;
import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.engine.CancellationToken;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import dev.botsim.cognigy.engine.backend.BackendInterruptedException;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.backend.simulation.SimulationApiBackend;
import dev.botsim.cognigy.engine.backend.simulation.SimulationApiSettings;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.fixtures.ConversationSimulation;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A cancelled run (fail-fast, Surefire's skipAfterFailureCount, an IDE's stop) ends its in-flight
 * work at once and reports it, and everything not yet done, as aborted or skipped — never failed —
 * without sending anything more.
 *
 * <p>The timeout is a guard, not a measurement: each run here takes well under a second, while an
 * engine that let in-flight work run on would sit out a backend's wait of a minute.
 */
@Timeout(30)
class CancellationTest {

    /** Bounds waits that only a broken implementation runs into; never a measurement. */
    private static final long GENEROUS_SECONDS = 10;

    private static final DiscoverySelector[] FIVE_SINGLE_TURN_TESTS = {
            selectClasspathResource("fixtures/standalone/orders.sim.yaml"),
            selectClasspathResource("fixtures/standalone/greetings.sim.csv")};

    private final CancellationToken token = CancellationToken.create();

    private final RecordingListener listener = new RecordingListener();

    @Test
    @DisplayName("a cancelled run sends nothing more: tests waiting for a slot are aborted or skipped, never failed")
    void waitingForSlot() {
        ScriptedBackend cancelling = new ScriptedBackend() {
            @Override
            public TurnResult send(TurnRequest request) {
                token.cancel();
                return super.send(request);
            }
        };
        EngineExecutionResults results = kit(cancelling, listener).cancellationToken(token)
                .configurationParameter(Constants.MAX_CONCURRENCY, "1")
                .selectors(FIVE_SINGLE_TURN_TESTS).execute();
        assertThat(cancelling.requests).hasSize(1);
        assertThat(results.testEvents().succeeded().count()).isLessThanOrEqualTo(1);
        assertEndedWithoutFailure(results);
    }

    @Test
    @DisplayName("a run cancelled while a repeated conversation's runs are under way ends them: its turn tests are"
            + " aborted or skipped, never failed or left waiting, and no run sends another turn")
    void repeatedConversation() {
        AtomicInteger sentAfterCancel = new AtomicInteger();
        ScriptedBackend cancelling = new ScriptedBackend() {
            @Override
            public TurnResult send(TurnRequest request) {
                if (token.isCancellationRequested()) sentAfterCancel.incrementAndGet();
                // The third message of the runs cancels the run.
                if (requests.size() == 2) token.cancel();
                return super.send(request);
            }
        };
        EngineExecutionResults results = kit(cancelling, listener).cancellationToken(token)
                .configurationParameter(Constants.MAX_CONCURRENCY, "1")
                .selectors(selectClasspathResource("fixtures/repeat/conversation.sim.yaml")).execute();

        assertThat(sentAfterCancel).hasValue(0);
        assertThat(cancelling.requests).hasSize(3);
        assertThat(results.testEvents().succeeded().count()).isZero();
        assertEndedWithoutFailure(results);
    }

    @Test
    @DisplayName("a repeated test cancelled after some of its runs is aborted, and no stability verdict counts it: the runs"
            + " it made are not the test's measure, and its record carries none, though it says its messages reached the bot")
    void repeatedTestCancelledMidway(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        ScriptedBackend cancelling = new ScriptedBackend() {
            @Override
            public TurnResult send(TurnRequest request) {
                // The fifth of ten runs cancels the run.
                if (requests.size() == 4) token.cancel();
                return super.send(request);
            }
        };
        java.nio.file.Path file = dir.resolve("repeated.sim.yaml");
        java.nio.file.Files.writeString(file, "version: 1\ncases:\n  - id: test_hello\n    utterance: hello\n    repeat: 10\n"
                + "    expect: { intent: greeting }\n");
        EngineExecutionResults results = kit(cancelling, listener).cancellationToken(token)
                .configurationParameter(Constants.MAX_CONCURRENCY, "1")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectFile(file.toFile())).execute();

        results.testEvents().assertStatistics(stats -> stats.started(1).aborted(1));
        assertThat(cancelling.requests.size()).isBetween(5, 9);
        assertThat(listener.finished).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
            assertThat(r.repetitions()).as("never judged: the record carries no figures of its runs").isNull();
            assertThat(r.sent()).as("its runs before the cancellation reached the bot").isTrue();
        });
        tools.jackson.databind.JsonNode report = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(dir.resolve("reports/results.json").toFile());
        assertThat(report.has("stability")).as("a stability section of tests that were never judged").isFalse();
    }

    @Test
    @DisplayName("a run cancelled after its first test passed is concluded INTERRUPTED, not COMPLIANT on the one test it ran:"
            + " the tests it never got to could have failed; one cancelled as its last test reported is COMPLIANT")
    void cancelledRunIsNotCompliant(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // The first test to pass cancels the run.
        dev.botsim.cognigy.spi.SimulationListener cancelOnPass = new dev.botsim.cognigy.spi.SimulationListener() {
            @Override
            public void simulationFinished(SimulationRecord record) {
                if (record.outcome() == Outcome.PASSED) token.cancel();
            }
        };
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null,
                                config -> new ScriptedBackend(), Clock.systemUTC()).withListeners(listener, cancelOnPass)
                        .withConsole(new java.io.PrintStream(console, true, java.nio.charset.StandardCharsets.UTF_8))))
                .cancellationToken(token)
                .configurationParameter(Constants.MAX_CONCURRENCY, "1")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("cancelled").toString())
                // Any test passed is enough for COMPLIANT: the verdict below is the cancellation's alone.
                .configurationParameter(Constants.GOVERNANCE_THRESHOLD, "0")
                .selectors(FIVE_SINGLE_TURN_TESTS).execute();

        assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
        assertThat(results.testEvents().started().count()).isLessThan(5);
        assertThat(listener.summaries).singleElement().satisfies(summary ->
                assertThat(summary.governance()).isEqualTo(dev.botsim.cognigy.spi.Governance.INTERRUPTED));
        tools.jackson.databind.JsonNode report = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(dir.resolve("cancelled/results.json").toFile());
        assertThat(report.path("governance").path("status").asString()).isEqualTo("INTERRUPTED");
        assertThat(console.toString(java.nio.charset.StandardCharsets.UTF_8))
                .containsPattern("\\[cognigy\\] run batch_\\S+ was cancelled with \\d of 5 tests reported: it is concluded"
                        + " with them as INTERRUPTED");

        // Cancelled as its last test reported (its failure reached Surefire's count): no test was left out.
        CancellationToken late = CancellationToken.create();
        RecordingListener whole = new RecordingListener();
        dev.botsim.cognigy.spi.SimulationListener cancelOnLast = new dev.botsim.cognigy.spi.SimulationListener() {
            @Override
            public void simulationFinished(SimulationRecord record) {
                if (whole.finished.size() == 5) late.cancel();
            }
        };
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null, config -> new ScriptedBackend(),
                        Clock.systemUTC()).withListeners(whole, cancelOnLast)))
                .cancellationToken(late)
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("whole").toString())
                .configurationParameter(Constants.GOVERNANCE_THRESHOLD, "0")
                .selectors(FIVE_SINGLE_TURN_TESTS).execute();
        assertThat(late.isCancellationRequested()).isTrue();
        assertThat(whole.summaries).singleElement().satisfies(summary ->
                assertThat(summary.governance()).isEqualTo(dev.botsim.cognigy.spi.Governance.COMPLIANT));
    }

    @Test
    @DisplayName("simulations in flight when the run is cancelled are interrupted and their tests aborted; queued ones are never sent;"
            + " the records say CANCELLED as their skip reason, and results.json skip_reason cancelled")
    void inFlightAndQueued(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        BlockingBackend blocking = new BlockingBackend(2);
        // Tests run one by one on this thread, so the run can be cancelled while the first awaits its simulation.
        blocking.cancelOnceWaiting(Thread.currentThread());
        EngineExecutionResults results = kit(blocking, listener).cancellationToken(token)
                .configurationParameter(Constants.MAX_CONCURRENCY, "2")
                .configurationParameter(Constants.PARALLEL_ENABLED, "false")
                .configurationParameter(Constants.REPORT_DIR, dir.toString())
                .selectors(FIVE_SINGLE_TURN_TESTS).execute();

        assertThat(blocking.interrupted).as("in-flight simulations interrupted").hasValue(2);
        assertThat(blocking.sent).as("simulations sent: the two in flight, none of the three queued").hasValue(2);
        assertThat(blocking.sentAfterCancel).hasValue(0);
        assertThat(results.testEvents().succeeded().count()).isZero();
        assertEndedWithoutFailure(results);
        List<Throwable> aborted = abortions(results);
        assertThat(aborted).as("the test awaiting its simulation").singleElement().satisfies(abort -> {
            assertThat(abort).hasMessageContaining("the run was cancelled");
            assertThat(abort.getStackTrace()).as("no stack trace on the cancellation path").isEmpty();
        });
        assertThat(listener.finished).extracting(SimulationRecord::outcome).containsOnly(Outcome.SKIPPED);
        assertThat(listener.finished).isNotEmpty().extracting(SimulationRecord::skipReason)
                .containsOnly(SimulationRecord.SkipReason.CANCELLED);
        tools.jackson.databind.JsonNode report = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(dir.resolve("results.json").toFile());
        assertThat(report.path("results")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.path("skip_reason").asString()).isEqualTo("cancelled"));
    }

    @Test
    @DisplayName("a test whose wait for the bot was interrupted while the run was not cancelled is aborted, its record's skip"
            + " reason INTERRUPTED, not CANCELLED; the run's other tests go on")
    void interruptedWithoutCancellation() {
        ScriptedBackend interrupting = new ScriptedBackend() {
            @Override
            public TurnResult send(TurnRequest request) {
                if ("hi".equals(request.text())) throw new BackendInterruptedException("the scripted bot was interrupted");
                return super.send(request);
            }
        };
        EngineExecutionResults results = kit(interrupting, listener)
                .configurationParameter(Constants.PARALLEL_ENABLED, "false")
                .selectors(FIVE_SINGLE_TURN_TESTS).execute();

        assertThat(token.isCancellationRequested()).isFalse();
        assertThat(abortions(results)).isNotEmpty().allSatisfy(abort ->
                assertThat(abort).hasMessage("interrupted while waiting for the bot"));
        assertThat(listener.finished.stream().filter(r -> r.outcome() == Outcome.SKIPPED)).isNotEmpty()
                .allSatisfy(r -> assertThat(r.utterance()).isEqualTo("hi"))
                .extracting(SimulationRecord::skipReason).containsOnly(SimulationRecord.SkipReason.INTERRUPTED);
        assertThat(listener.finished.stream().filter(r -> r.outcome() != Outcome.SKIPPED)).isNotEmpty()
                .extracting(SimulationRecord::skipReason).containsOnlyNulls();
    }

    @Test
    @DisplayName("a repeated conversation's run whose wait for the bot was interrupted while the run was not cancelled: its"
            + " turn tests are aborted with skip reason INTERRUPTED, not CANCELLED")
    void repeatedConversationInterruptedWithoutCancellation() {
        AtomicInteger asked = new AtomicInteger();
        ScriptedBackend interrupting = new ScriptedBackend() {
            @Override
            public TurnResult send(TurnRequest request) {
                // One run's second turn: its wait ends in an InterruptedException, as a wait for a free slot or a backend's
                // own interruptible wait does when something interrupts the thread.
                if ("where is my order".equals(request.text()) && asked.incrementAndGet() == 2) {
                    throw CancellationTest.<RuntimeException>sneaky(new InterruptedException());
                }
                return super.send(request);
            }
        };
        EngineExecutionResults results = kit(interrupting, listener)
                .configurationParameter(Constants.MAX_CONCURRENCY, "1")
                .selectors(selectClasspathResource("fixtures/repeat/conversation.sim.yaml")).execute();

        assertThat(token.isCancellationRequested()).isFalse();
        results.testEvents().assertStatistics(stats -> stats.failed(0));
        assertThat(abortions(results)).isNotEmpty().allSatisfy(abort ->
                assertThat(abort).hasMessage("interrupted while waiting for the bot"));
        // The turn whose run was interrupted; the turn after it is skipped as after any turn that did not pass.
        assertThat(listener.finished).filteredOn(r -> "where is my order".equals(r.utterance())).singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED))
                .extracting(SimulationRecord::skipReason).isEqualTo(SimulationRecord.SkipReason.INTERRUPTED);
        assertThat(listener.finished).extracting(SimulationRecord::skipReason)
                .doesNotContain(SimulationRecord.SkipReason.CANCELLED);
    }

    /** Throws {@code failure}, a checked exception too, without declaring it. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable failure) throws T {
        throw (T) failure;
    }

    @Test
    @DisplayName("a conversation turn in flight when the run is cancelled is interrupted and aborted; the interrupt does not outlive the turn")
    void conversationTurnInFlight() {
        BlockingBackend blocking = new BlockingBackend(1);
        // Not started ahead: the JUnit thread running the conversation is the one waiting for the bot.
        EngineExecutionResults results = kit(blocking, listener).cancellationToken(token)
                .configurationParameter(Constants.PARALLEL_ENABLED, "false")
                .selectors(selectMethod(ConversationSimulation.class, "greetThenOrder",
                        "dev.botsim.cognigy.annotations.BotSession")).execute();

        assertThat(listener.interrupted).as("listeners saw the record on an interrupted thread").containsExactly(false);
        assertThat(blocking.interrupted).hasValue(1);
        assertThat(blocking.sent).hasValue(1);
        results.testEvents().assertStatistics(stats -> stats.started(1).aborted(1));
        assertThat(abortions(results)).singleElement().satisfies(abort ->
                assertThat(abort).hasMessageContaining("the run was cancelled while this simulation was in flight"));
        assertThat(listener.finished).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
            assertThat(r.skipReason()).as("cancelled through the method's session, not the method's own assumption")
                    .isEqualTo(SimulationRecord.SkipReason.CANCELLED);
        });
    }

    @Test
    @DisplayName("a test awaiting a simulation whose call ignores the interrupt still ends at once, aborted")
    void callIgnoringInterrupt() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inCall = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        Thread junit = Thread.currentThread();
        ScriptedBackend stubborn = new ScriptedBackend() {
            @Override
            public TurnResult send(TurnRequest request) {
                calls.incrementAndGet();
                inCall.incrementAndGet();
                awaitWaiting(junit);
                token.cancel();
                // Like a socket read, which an interrupt does not end.
                boolean interrupted = false;
                while (true) {
                    try {
                        release.await(GENEROUS_SECONDS, TimeUnit.SECONDS);
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) Thread.currentThread().interrupt();
                inCall.decrementAndGet();
                return super.send(request);
            }
        };
        EngineExecutionResults results = kit(stubborn, listener).cancellationToken(token)
                .configurationParameter(Constants.MAX_CONCURRENCY, "1")
                .configurationParameter(Constants.PARALLEL_ENABLED, "false")
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute();
        int stillInCall = inCall.get();
        release.countDown();

        assertThat(stillInCall).as("the run ended while the call was still blocked").isEqualTo(1);
        assertThat(calls).as("simulations sent: the one in flight, none of the two queued").hasValue(1);
        assertThat(results.testEvents().succeeded().count()).isZero();
        assertEndedWithoutFailure(results);
        assertThat(abortions(results)).singleElement().satisfies(abort ->
                assertThat(abort).hasMessageContaining("the run was cancelled"));
    }

    @Test
    @DisplayName("over HTTP: a cancelled run stops polling the simulation in flight, sends none of the queued, and aborts its test")
    void httpPollingStops() throws Exception {
        try (PollingApi api = new PollingApi(3)) {
            SimulationApiBackend backend = api.backend(Duration.ofMillis(5));
            api.cancelOnceWaiting(Thread.currentThread());
            EngineExecutionResults results = httpKit(api, backend).configurationParameter(Constants.MAX_CONCURRENCY, "1")
                    .configurationParameter(Constants.PARALLEL_ENABLED, "false")
                    .selectors(FIVE_SINGLE_TURN_TESTS).execute();
            // Requests come from the run's own threads; once those have ended nothing more can arrive.
            Awaitility.await().atMost(Duration.ofSeconds(GENEROUS_SECONDS)).until(() -> Thread.getAllStackTraces().keySet()
                    .stream().noneMatch(t -> t.getName().startsWith("cognigy-simulation-")));

            assertThat(api.engineActed).as("the run's thread was interrupted while its poll was pending").isTrue();
            assertThat(api.submissions).as("only the simulation in flight was submitted").hasValue(1);
            assertThat(api.polls).hasValue(3);
            assertThat(api.afterCancel).as("requests after the cancel").hasValue(0);
            assertThat(results.testEvents().succeeded().count()).isZero();
            assertEndedWithoutFailure(results);
            assertThat(abortions(results)).as("the test awaiting its simulation").singleElement().satisfies(abort ->
                    assertThat(abort).hasMessageContaining("the run was cancelled"));
        }
    }

    @Test
    @DisplayName("over HTTP: a conversation turn waiting for its first poll when the run is cancelled is aborted without polling")
    void httpConversationTurn() throws Exception {
        try (PollingApi api = new PollingApi(0)) {
            // A minute before the first poll: only a prompt interrupt ends the turn within the test.
            SimulationApiBackend backend = api.backend(Duration.ofMinutes(1));
            Thread junit = Thread.currentThread();
            // On a thread of its own: a JDK from 25 on runs default-executor async tasks on the common pool, whose one worker
            // on a two-core machine may be held by any other code of the JVM.
            CompletableFuture<Void> canceller = CompletableFuture.runAsync(() -> {
                // Submitted and sleeping until the first poll (the only timed wait after the submission).
                Awaitility.await().atMost(Duration.ofSeconds(GENEROUS_SECONDS))
                        .until(() -> api.submissions.get() == 1 && junit.getState() == Thread.State.TIMED_WAITING);
                token.cancel();
            }, task -> new Thread(task, "canceller").start());
            EngineExecutionResults results = httpKit(api, backend).configurationParameter(Constants.PARALLEL_ENABLED, "false")
                    .selectors(selectMethod(ConversationSimulation.class, "greetThenOrder",
                            "dev.botsim.cognigy.annotations.BotSession")).execute();
            canceller.get(GENEROUS_SECONDS, TimeUnit.SECONDS);

            assertThat(listener.interrupted).as("listeners saw the record on an interrupted thread").containsExactly(false);
            results.testEvents().assertStatistics(stats -> stats.started(1).aborted(1));
            assertThat(abortions(results)).singleElement().satisfies(abort ->
                    assertThat(abort).hasMessageContaining("the run was cancelled while this simulation was in flight"));
            assertThat(api.submissions).hasValue(1);
            assertThat(api.polls).hasValue(0);
        }
    }

    private EngineTestKit.Builder httpKit(PollingApi api, SimulationApiBackend backend) {
        api.cancels(token);
        return EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null, config -> backend,
                        Clock.systemUTC()).withListeners(listener)))
                .configurationParameter(Constants.REPORT_DIR, "target/engine-test-reports")
                .cancellationToken(token);
    }

    /** Until {@code thread}, running the tests, is parked awaiting the answer to a simulation started ahead. */
    private static void awaitWaiting(Thread thread) {
        Awaitility.await().atMost(Duration.ofSeconds(GENEROUS_SECONDS)).until(() -> thread.getState() == Thread.State.WAITING
                && java.util.Arrays.stream(thread.getStackTrace()).anyMatch(f -> f.getMethodName().equals("awaitStartedAhead")));
    }

    /**
     * No test failed, every test that started and did not pass was aborted, and every test that
     * did not start was skipped, itself or with its container (JUnit reports no events for the
     * tests of a skipped container).
     */
    private static void assertEndedWithoutFailure(EngineExecutionResults results) {
        results.testEvents().assertStatistics(stats -> stats.failed(0));
        assertThat(results.testEvents().aborted().count())
                .isEqualTo(results.testEvents().started().count() - results.testEvents().succeeded().count());
        assertThat(results.testEvents().skipped().count() + results.containerEvents().skipped().count()).isPositive();
    }

    private static List<Throwable> abortions(EngineExecutionResults results) {
        return results.testEvents().aborted().stream().map(Event::getPayload)
                .map(p -> p.orElseThrow()).map(TestExecutionResult.class::cast)
                .map(r -> r.getThrowable().orElseThrow()).toList();
    }

    /**
     * A bot that never answers: its calls wait until interrupted, as the real backends' do, and
     * the {@code cancelAt}-th call cancels the run.
     */
    private final class BlockingBackend extends ScriptedBackend {
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger sentAfterCancel = new AtomicInteger();
        final AtomicInteger interrupted = new AtomicInteger();
        private final CountDownLatch never = new CountDownLatch(1);
        private final int cancelAt;
        private volatile Thread awaiting;

        BlockingBackend(int cancelAt) {
            this.cancelAt = cancelAt;
        }

        /** Cancels only once {@code thread}, running the tests, waits for a simulation's answer. */
        void cancelOnceWaiting(Thread thread) {
            this.awaiting = thread;
        }

        @Override
        public TurnResult send(TurnRequest request) {
            if (token.isCancellationRequested()) sentAfterCancel.incrementAndGet();
            if (sent.incrementAndGet() == cancelAt) {
                if (awaiting != null) awaitWaiting(awaiting);
                token.cancel();
            }
            try {
                never.await(GENEROUS_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                Thread.currentThread().interrupt();
                throw new BackendInterruptedException("the scripted bot was interrupted");
            }
            return super.send(request);
        }
    }

    /**
     * A simulation API whose simulations stay running. At the {@code cancelAtPoll}-th status poll
     * (never when 0) it cancels the run and holds its answer until the engine has interrupted the
     * thread waiting for it; it counts every request made after the run was cancelled.
     */
    private static final class PollingApi extends Dispatcher implements AutoCloseable {
        final AtomicInteger submissions = new AtomicInteger();
        final AtomicInteger polls = new AtomicInteger();
        final AtomicInteger afterCancel = new AtomicInteger();
        volatile boolean engineActed;
        private final int cancelAtPoll;
        private final MockWebServer server = LoopbackServers.mockWebServer();
        private volatile CancellationToken token;
        private volatile Thread awaiting;

        PollingApi(int cancelAtPoll) throws Exception {
            this.cancelAtPoll = cancelAtPoll;
            server.setDispatcher(this);
            server.start();
        }

        void cancels(CancellationToken token) {
            this.token = token;
        }

        /** Cancels only once {@code thread}, running the tests, waits for a simulation's answer. */
        void cancelOnceWaiting(Thread thread) {
            this.awaiting = thread;
        }

        SimulationApiBackend backend(Duration firstPoll) {
            return new SimulationApiBackend(SimulationApiSettings.of(server.url("/").toString(), "client-1",
                            Secret.of("canary-client-secret-7f3a9")).withScope("bot:read simulation:execute")
                    .withPolling(new PollingSettings(Duration.ofSeconds(5), firstPoll, Duration.ofMillis(50)))
                    .withHttp(new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5)))
                    .withRetry(new RetrySettings(4, Duration.ofSeconds(5), Duration.ofMinutes(15))));
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            switch (path) {
                case "/api/oauth/token":
                    return json(200, "{\"access_token\":\"tok-1\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
                case "/api/bot/info":
                    return json(200, "{\"name\":\"order-bot\",\"flows\":[],\"intents\":[]}");
                case "/api/bot/entities":
                    return json(200, "[{\"name\":\"order_id\"},{\"name\":\"email\"}]");
                default:
                    break;
            }
            if (token.isCancellationRequested()) afterCancel.incrementAndGet();
            if (path.equals("/api/bot/simulate")) {
                int n = submissions.incrementAndGet();
                return json(202, "{\"simulationId\":\"sim_" + n + "\",\"status\":\"queued\",\"sessionId\":\"ses_a\"}");
            }
            if (polls.incrementAndGet() == cancelAtPoll) {
                if (awaiting != null) awaitWaiting(awaiting);
                token.cancel();
                // Answered only once the engine has interrupted the thread waiting for this answer: a
                // poll after it is then the engine's fault, not a race with the cancellation check.
                engineActed = awaitInterruptedRunThread();
            }
            return json(200, "{\"simulationId\":\"sim_1\",\"status\":\"running\",\"turns\":[]}");
        }

        private static boolean awaitInterruptedRunThread() {
            try {
                Awaitility.await().atMost(Duration.ofSeconds(GENEROUS_SECONDS)).until(() -> Thread.getAllStackTraces()
                        .keySet().stream().anyMatch(t -> t.getName().startsWith("cognigy-simulation-") && t.isInterrupted()));
                return true;
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                return false;
            }
        }

        private static MockResponse json(int code, String body) {
            return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
