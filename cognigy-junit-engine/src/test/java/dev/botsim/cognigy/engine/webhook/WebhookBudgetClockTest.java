package dev.botsim.cognigy.engine.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.config.WebhookSettings;
import dev.botsim.cognigy.engine.transport.VirtualTicker;
import dev.botsim.cognigy.spi.Governance;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * The delivery budget is time that passes, not a reading of the wall clock: NTP setting the clock back hours (or a VM
 * resumed, setting it forward) while a receiver asks to be called again later neither stretches the budget by hours nor
 * ends it at once. All on virtual time: the sleeper moves the wall clock and the ticker alike, nothing sleeps.
 */
class WebhookBudgetClockTest {

    private static final Duration BUDGET = Duration.ofSeconds(60);
    private static final String BUSY = "5";

    private final MockWebServer receiver = LoopbackServers.mockWebServer();
    private final MutableClock wallClock = new MutableClock();
    private final VirtualTicker ticker = new VirtualTicker();
    private final List<Duration> slept = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    /**
     * A receiver that answers every attempt 503 with {@code Retry-After: 5}, the wall clock set by {@code step} while it
     * answers the first. Within a 60 s budget that is 12 attempts, 5 s apart, whatever the step.
     */
    private void busyReceiverWhileTheClockIsSet(Duration step) {
        AtomicInteger attempts = new AtomicInteger();
        receiver.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (attempts.incrementAndGet() == 1) wallClock.advance(step);
                return new MockResponse.Builder().code(503).addHeader("Retry-After", BUSY).build();
            }
        });
    }

    private Webhook webhook(Path outbox) {
        String url = receiver.url("/hooks/cognigy").toString();
        WebhookDelivery delivery = new WebhookDelivery(WebhookSettings.defaults().withUrl(url).withTimeout(Duration.ofSeconds(2))
                .withMaxAttempts(50), new WebhookSigner(WebhookRun.SECRET), wallClock, wait -> {
                    slept.add(wait);
                    wallClock.advance(wait);
                    ticker.advance(wait);
                }, ticker);
        return new Webhook("proj_1", new Outbox(outbox, WebhookRun.SECRET, url), delivery, BUDGET, wallClock,
                new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "the wall clock set by {0} while the run's payload is sent")
    @CsvSource({"PT0S", "-PT3H", "PT3H"})
    @DisplayName("the run's payload is tried for the budget on the ticker, however the wall clock is set meanwhile")
    void sendKeepsToTheBudget(Duration step, @TempDir Path outbox) throws Exception {
        busyReceiverWhileTheClockIsSet(step);
        Instant start = wallClock.instant();

        webhook(outbox).send(run(), List.of(), summary());

        assertThat(receiver.getRequestCount()).as("attempts within the 60 s budget").isEqualTo(12);
        assertThat(slept.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(BUDGET);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("msg_batch_clock not delivered (HTTP 503;"
                + " this run's delivery budget is spent); spooled to ");
        // What the outbox writes down is the wall clock's: the receiver's Retry-After counted from its last answer.
        Outbox.Entry kept = new Outbox(outbox, WebhookRun.SECRET, receiver.url("/hooks/cognigy").toString()).read().entries().get(0);
        assertThat(kept.notBefore()).isEqualTo(start.plus(step).plus(BUDGET));
    }

    @ParameterizedTest(name = "the wall clock set by {0} while the outbox is delivered")
    @CsvSource({"PT0S", "-PT3H", "PT3H"})
    @DisplayName("the outbox is delivered for the budget on the ticker before the first test, however the wall clock is set")
    void redeliveryKeepsToTheBudget(Duration step, @TempDir Path outbox) throws Exception {
        String url = receiver.url("/hooks/cognigy").toString();
        new Outbox(outbox, WebhookRun.SECRET, url).write(new Outbox.Message("msg_batch_earlier", wallClock.instant().minusSeconds(600),
                null, "{\"batch_id\":\"batch_earlier\"}".getBytes(StandardCharsets.UTF_8)));
        busyReceiverWhileTheClockIsSet(step);

        webhook(outbox).redeliverOutbox();

        assertThat(receiver.getRequestCount()).as("attempts within the 60 s budget").isEqualTo(12);
        assertThat(slept.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(BUDGET);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("msg_batch_earlier still not delivered (HTTP 503;"
                + " this run's delivery budget is spent)");
    }

    private static RunInfo run() {
        return RunInfo.builder().batchId("batch_clock").started(Instant.EPOCH).backend("sandbox").botName("order-bot")
                .expectedFlows(List.of("flow_a")).plannedTests(1).build();
    }

    private static RunSummary summary() {
        return RunSummary.builder().outcomes(Map.of(Outcome.PASSED, 1L)).total(1).passRate(1.0).governance(Governance.COMPLIANT)
                .flowCoverage(1.0).flowHits(Map.of("flow_a", 1L)).audit(new RunSummary.AuditCheckpoint("ab".repeat(32), 7)).build();
    }
}
