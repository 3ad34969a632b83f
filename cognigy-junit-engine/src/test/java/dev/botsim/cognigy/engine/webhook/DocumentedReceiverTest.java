package dev.botsim.cognigy.engine.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.CognigyTestEngine;
import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.WebhookSettings;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.transport.VirtualTicker;
import dev.botsim.cognigy.spi.Governance;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * The engine's webhook against a receiver its engineer wrote from docs/webhook.md alone ({@link DocumentedReceiver}):
 * every delivery verifies as documented, every payload is processed once under its documented id, and every key the
 * payload carries is one the page's table documents, of the type it gives.
 */
class DocumentedReceiverTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static EngineTestKit.Builder run(Path dir, DocumentedReceiver receiver, ByteArrayOutputStream console) {
        return EngineTestKit.engine(new CognigyTestEngine(new EngineServices(Map.of(Constants.WEBHOOK_SECRET_ENV, SECRET)::get,
                        Backends::create, Clock.systemUTC()).withConsole(new PrintStream(console, true, StandardCharsets.UTF_8))))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .configurationParameter(Constants.AUDIT_FILE, dir.resolve("audit.jsonl").toString())
                .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/hook"))
                .configurationParameter(Constants.WEBHOOK_PROJECT_ID, "proj_12345")
                .configurationParameter(Constants.WEBHOOK_MAX_ATTEMPTS, "1")
                .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("outbox").toString())
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml"));
    }

    @Test
    @DisplayName("a receiver written from webhook.md: a run's payload spooled while it was down is delivered by the next run under"
            + " the same id, a tag-filtered run's payload reads as documented (filtered_out in the table), each verified and"
            + " processed once")
    void sandboxRunsReadAsDocumented(@TempDir Path dir) throws Exception {
        try (DocumentedReceiver receiver = new DocumentedReceiver(SECRET, Clock.systemUTC())) {
            receiver.answering(n -> n == 0 ? new int[] {503} : new int[] {0});
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            run(dir, receiver, console).execute();
            assertThat(receiver.processed()).as(console.toString(StandardCharsets.UTF_8)).isEmpty();
            String spooled = receiver.arrivals().get(0).id();

            run(dir, receiver, console).filters(TagFilter.excludeTags("orders")).execute();

            assertThat(receiver.violations()).as(console.toString(StandardCharsets.UTF_8)).isEmpty();
            List<DocumentedReceiver.Processed> processed = receiver.processed();
            assertThat(processed).extracting(DocumentedReceiver.Processed::id).hasSize(2).doesNotHaveDuplicates()
                    .first().isEqualTo(spooled);
            assertThat(processed.get(1).payload().path("filtered_out").asLong()).isEqualTo(1);
            assertThat(processed.get(0).payload().has("filtered_out")).isFalse();
            assertThat(processed).allSatisfy(p -> assertThat(p.payload().path("project_id").asString()).isEqualTo("proj_12345"));
        }
    }

    @Test
    @DisplayName("a replayed run's payload reads as webhook.md documents it: replay's mode, counts, partly_replayed and"
            + " fingerprint are each in the table with their types")
    void replayFieldsDocumented(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-24T13:55:32Z"));
        try (DocumentedReceiver receiver = new DocumentedReceiver(SECRET, clock)) {
            String url = receiver.url("/hook");
            WebhookDelivery delivery = new WebhookDelivery(WebhookSettings.defaults().withUrl(url).withTimeout(Duration.ofSeconds(5))
                    .withMaxAttempts(1), new WebhookSigner(SECRET), clock, clock::advance, VirtualTicker.of(clock));
            Webhook webhook = new Webhook("proj_1", new Outbox(dir.resolve("outbox"), SECRET, url), delivery, Duration.ofSeconds(60),
                    clock, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            RunInfo run = RunInfo.builder().batchId("batch_replay").started(clock.instant()).backend("sandbox").botName("order-bot")
                    .plannedTests(3).replay("auto", Map.of("backend", "sandbox", "bot", "sha256:ab")).build();
            List<SimulationRecord> records = List.of(
                    SimulationRecord.builder().uniqueId("u1").testId("test_a").displayName("hi").outcome(Outcome.PASSED).replayed(true)
                            .replayedAnswers(1).build(),
                    SimulationRecord.builder().uniqueId("u2").testId("test_b").displayName("hello").outcome(Outcome.PASSED)
                            .replayedAnswers(1).build(),
                    SimulationRecord.builder().uniqueId("u3").testId("test_c").displayName("hey").outcome(Outcome.PASSED).build());
            RunSummary summary = RunSummary.builder().outcomes(Map.of(Outcome.PASSED, 3L)).total(3).passRate(1.0)
                    .governance(Governance.COMPLIANT).flowCoverage(0.0).build();

            assertThat(webhook.send(run, records, summary)).isEmpty();

            assertThat(receiver.processed()).hasSize(1);
            assertThat(receiver.processed().get(0).payload().path("replay").path("partly_replayed").asLong()).isEqualTo(1);
            assertThat(receiver.violations()).isEmpty();
        }
    }
}
