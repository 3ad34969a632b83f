package dev.botsim.cognigy.engine.webhook;

import dev.botsim.cognigy.engine.config.WebhookSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.botsim.cognigy.engine.audit.AuditTrail;
import dev.botsim.cognigy.engine.transport.Sleeper;
import dev.botsim.cognigy.spi.Governance;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;

/**
 * The end of a run in a JVM of its own, so a test can kill it: appends the run's audit record, then
 * sends its webhook payload on the real clock. Arguments: outbox, audit file, batch id, receiver URL,
 * max attempts, budget (ISO-8601 duration).
 */
public final class WebhookRun {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private WebhookRun() {
    }

    public static void main(String[] args) throws Exception {
        Path outbox = Path.of(args[0]);
        String batch = args[2];
        AuditTrail.Checkpoint head = new AuditTrail(Path.of(args[1])).append("BATCH", Map.of("batch_id", batch));
        RunSummary summary = RunSummary.builder().outcomes(Map.of(Outcome.PASSED, 1L)).total(1).passRate(1.0)
                .governance(Governance.COMPLIANT).flowCoverage(1.0)
                .audit(new RunSummary.AuditCheckpoint(head.headHash(), head.records())).build();
        RunInfo run = RunInfo.builder().batchId(batch).started(Instant.now()).backend("sandbox").botName("order-bot")
                .plannedTests(1).build();
        webhook(outbox, args[3], Integer.parseInt(args[4]), Duration.parse(args[5]), Clock.systemUTC(), System.out)
                .send(run, List.of(), summary);
    }

    static Webhook webhook(Path outbox, String url, int attempts, Duration budget, Clock clock, PrintStream out) {
        WebhookDelivery delivery = new WebhookDelivery(WebhookSettings.defaults().withUrl(url).withTimeout(Duration.ofSeconds(2))
                .withMaxAttempts(attempts), new WebhookSigner(SECRET), clock, Sleeper.SYSTEM,
                dev.botsim.cognigy.engine.transport.Ticker.SYSTEM);
        return new Webhook("proj_1", new Outbox(outbox, SECRET, url), delivery, budget, clock, out);
    }
}
