package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.CancellationToken;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.simulation.SimulationApiBackend;
import dev.botsim.cognigy.engine.backend.simulation.SimulationApiSettings;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.config.RetrySettings;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.transport.Sleeper;
import dev.botsim.cognigy.spi.Governance;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A run cancelled while it starts (an IDE's stop before the first test) behaves as one cancelled right before its first
 * test: it stops waiting on the tenant and the webhook's receiver at once, sends nothing more to the bot, and every test
 * is skipped by JUnit as a cancelled run's are; the run is concluded INTERRUPTED.
 *
 * <p>The timeout is a hang guard, not a measurement: the waits cut short here are two minutes and the webhook's budget.
 */
@Timeout(60)
class StartCancellationTest {

    /** Bounds waits that only a broken implementation runs into; never a measurement. */
    private static final long GENEROUS_SECONDS = 10;

    private static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static final DiscoverySelector[] FIVE_SINGLE_TURN_TESTS = {
            selectClasspathResource("fixtures/standalone/orders.sim.yaml"),
            selectClasspathResource("fixtures/standalone/greetings.sim.csv")};

    private final CancellationToken token = CancellationToken.create();
    private final RecordingListener listener = new RecordingListener();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @Test
    @DisplayName("cancelled while the bot's schema read waits out a 429's Retry-After: the wait ends at once, nothing more"
            + " reaches the server, every test is skipped and the run is concluded INTERRUPTED")
    void cancelledWhileTheSchemaReadWaits(@TempDir Path dir) throws Exception {
        CancellingSleeper sleeper = new CancellingSleeper(token);
        try (RateLimitedTenant tenant = new RateLimitedTenant(token)) {
            MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
            SimulationApiBackend backend = new SimulationApiBackend(SimulationApiSettings.of(tenant.url(), "client-1",
                            Secret.of("canary-client-secret-7f3a9")).withScope("bot:read simulation:execute")
                    .withHttp(new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5)))
                    .withRetry(RetrySettings.defaults()).withClock(clock).withSleeper(sleeper));
            EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null,
                            config -> backend, clock).withListeners(listener).withConsole(console())))
                    .cancellationToken(token)
                    .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                    .selectors(FIVE_SINGLE_TURN_TESTS).execute();

            assertThat(sleeper.asked).as("the schema read waited as the tenant asked").first().isEqualTo(Duration.ofSeconds(120));
            assertThat(sleeper.interrupted).as("the wait was ended by the cancellation").isTrue();
            assertThat(sleeper.ranOut).as("the wait ran its course").isFalse();
            assertThat(tenant.infoReads).as("the schema read not repeated").hasValue(1);
            assertThat(tenant.submissions).as("simulations submitted").hasValue(0);
            assertThat(tenant.afterCancel).as("requests after the cancellation").isEmpty();
            assertSkippedAsCancelled(results);
        }
    }

    @Test
    @DisplayName("cancelled while the outbox's delivery waits on a slow receiver: the attempt is abandoned without waiting out"
            + " the budget, the message stays in the outbox, nothing is sent to the bot and every test is skipped")
    void cancelledWhileTheOutboxIsDelivered(@TempDir Path dir) throws Exception {
        Path outbox = dir.resolve("outbox");
        try (SlowReceiver receiver = new SlowReceiver(token)) {
            // An earlier run whose payload the receiver did not take (410): it waits in the outbox.
            EngineTestKit.engine(EngineTestSupport.engine(new ScriptedBackend(), Map.of(Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET)))
                    .configurationParameter(Constants.REPORT_DIR, dir.resolve("earlier").toString())
                    .configurationParameter(Constants.WEBHOOK_URL, receiver.url())
                    .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, outbox.toString())
                    .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute();
            List<Path> waiting;
            try (var files = Files.list(outbox)) {
                waiting = files.filter(f -> f.getFileName().toString().endsWith(".json")).toList();
            }
            assertThat(waiting).hasSize(1);
            String earlier = waiting.get(0).getFileName().toString().replace(".json", "");
            receiver.holdAndCancel(earlier);

            ScriptedBackend bot = new ScriptedBackend();
            EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(
                            Map.of(Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET)::get, config -> bot, java.time.Clock.systemUTC())
                            .withListeners(listener).withConsole(console())))
                    .cancellationToken(token)
                    .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                    .configurationParameter(Constants.WEBHOOK_URL, receiver.url())
                    .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, outbox.toString())
                    // Far longer than this test may take: only an abandoned attempt ends the run within it.
                    .configurationParameter(Constants.WEBHOOK_TIMEOUT, "5m")
                    .configurationParameter(Constants.WEBHOOK_BUDGET, "10m")
                    .selectors(FIVE_SINGLE_TURN_TESTS).execute();
            boolean answeredBeforeTheRunEnded = receiver.answered.get();
            receiver.release();

            assertThat(receiver.held).as("the receiver got the earlier payload").hasValue(1);
            assertThat(answeredBeforeTheRunEnded).as("the run waited for the slow receiver's answer").isFalse();
            assertThat(waiting.get(0)).as("the message not delivered stays in the outbox").exists();
            assertThat(console.toString(StandardCharsets.UTF_8)).contains("[cognigy] webhook: " + earlier
                    + " still not delivered (interrupted); it stays in " + waiting.get(0).toAbsolutePath());
            assertThat(bot.requests).as("messages sent to the bot").isEmpty();
            assertThat(bot.schemaCalls).as("the schema was read before the outbox's delivery").hasValue(1);
            assertSkippedAsCancelled(results);
        }
    }

    private PrintStream console() {
        return new PrintStream(console, true, StandardCharsets.UTF_8);
    }

    /**
     * As a run cancelled before its first test is reported: no test started, none failed, JUnit skipped them (or their
     * containers) as cancelled; the console says so in one line; the run is concluded INTERRUPTED with no results.
     */
    private void assertSkippedAsCancelled(EngineExecutionResults results) {
        results.testEvents().assertStatistics(stats -> stats.started(0).failed(0));
        assertThat(results.testEvents().skipped().count() + results.containerEvents().skipped().count()).isPositive();
        assertThat(results.allEvents().skipped().stream().map(e -> e.getPayload(String.class).orElse("")))
                .containsOnly("Execution cancelled");
        assertThat(listener.finished).isEmpty();
        assertThat(listener.summaries).singleElement()
                .satisfies(summary -> assertThat(summary.governance()).isEqualTo(Governance.INTERRUPTED));
        assertThat(console.toString(StandardCharsets.UTF_8)).containsPattern(
                "\\[cognigy\\] run batch_\\S+ was cancelled while it started: nothing more is sent to the bot, and its 5 tests"
                        + " are skipped");
    }

    /**
     * Cancels the run when asked to wait, then waits until interrupted, as a real sleep does; should nothing interrupt it,
     * it gives up after a while and waits no more, so a run that ignores the cancellation still ends.
     */
    private static final class CancellingSleeper implements Sleeper {
        final List<Duration> asked = new CopyOnWriteArrayList<>();
        final AtomicBoolean interrupted = new AtomicBoolean();
        volatile boolean ranOut;
        private final CancellationToken token;
        private final CountDownLatch never = new CountDownLatch(1);

        CancellingSleeper(CancellationToken token) {
            this.token = token;
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            asked.add(duration);
            if (ranOut) return;
            token.cancel();
            try {
                ranOut = !never.await(GENEROUS_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
        }
    }

    /** A simulation API whose bot-info read is refused with a 429 asking for two minutes; counts what follows. */
    private static final class RateLimitedTenant extends Dispatcher implements AutoCloseable {
        final AtomicInteger infoReads = new AtomicInteger();
        final AtomicInteger submissions = new AtomicInteger();
        final List<String> afterCancel = new CopyOnWriteArrayList<>();
        private final CountDownLatch entitiesRead = new CountDownLatch(1);
        private final MockWebServer server = LoopbackServers.mockWebServer();
        private final CancellationToken token;

        RateLimitedTenant(CancellationToken token) throws Exception {
            this.token = token;
            server.setDispatcher(this);
            server.start();
        }

        String url() {
            return server.url("/").toString();
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            if (token.isCancellationRequested()) afterCancel.add(request.getMethod() + " " + request.getUrl().encodedPath());
            return switch (request.getUrl().encodedPath()) {
                case "/api/oauth/token" -> json(200, "{\"access_token\":\"tok-1\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
                case "/api/bot/info" -> {
                    infoReads.incrementAndGet();
                    // The entities, read at the same time on a thread of the backend's own, are answered first: every
                    // request made before the cancellation has arrived by then.
                    entitiesRead.await(GENEROUS_SECONDS, TimeUnit.SECONDS);
                    yield new MockResponse.Builder().code(429).setHeader("Retry-After", "120").build();
                }
                case "/api/bot/entities" -> {
                    entitiesRead.countDown();
                    yield json(200, "[{\"name\":\"order_id\"}]");
                }
                default -> {
                    submissions.incrementAndGet();
                    yield json(202, "{\"simulationId\":\"sim_1\",\"status\":\"queued\",\"sessionId\":\"ses_a\"}");
                }
            };
        }

        private static MockResponse json(int code, String body) {
            return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /**
     * A webhook receiver: 410 Gone at first (a payload is left in the outbox); then, for that payload, it cancels the run
     * and holds its answer until released, while any other payload is taken at once.
     */
    private static final class SlowReceiver extends Dispatcher implements AutoCloseable {
        final AtomicInteger held = new AtomicInteger();
        final AtomicBoolean answered = new AtomicBoolean();
        private final CountDownLatch release = new CountDownLatch(1);
        private final MockWebServer server = LoopbackServers.mockWebServer();
        private final CancellationToken token;
        private volatile String slowFor;

        SlowReceiver(CancellationToken token) throws Exception {
            this.token = token;
            server.setDispatcher(this);
            server.start();
        }

        String url() {
            return server.url("/hook").toString();
        }

        void holdAndCancel(String webhookId) {
            slowFor = webhookId;
        }

        void release() {
            release.countDown();
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            if (slowFor == null) return new MockResponse.Builder().code(410).build();
            if (!slowFor.equals(request.getHeaders().get("webhook-id"))) return new MockResponse.Builder().code(204).build();
            held.incrementAndGet();
            token.cancel();
            release.await(GENEROUS_SECONDS, TimeUnit.SECONDS);
            answered.set(true);
            return new MockResponse.Builder().code(204).build();
        }

        @Override
        public void close() {
            release.countDown();
            server.close();
        }
    }
}
