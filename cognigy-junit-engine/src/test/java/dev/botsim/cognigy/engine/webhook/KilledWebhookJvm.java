package dev.botsim.cognigy.engine.webhook;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.botsim.cognigy.engine.config.WebhookSettings;
import dev.botsim.cognigy.engine.transport.Sleeper;
import dev.botsim.cognigy.spi.Governance;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;

/**
 * A JVM for the test to kill with SIGKILL while it works with the outbox. Arguments: {@code send <outbox> <url> <secret>} sends
 * one run's payload (the receiver never answers); {@code spool <outbox> <secret> <url>} rewrites large messages in a loop, as a
 * receiver's Retry-After is saved. Prints {@code ready} once the outbox has a complete message.
 */
public final class KilledWebhookJvm {

    private KilledWebhookJvm() {
    }

    public static void main(String[] args) throws Exception {
        Path outbox = Path.of(args[1]);
        if (args[0].equals("send")) {
            WebhookDelivery delivery = new WebhookDelivery(WebhookSettings.defaults().withUrl(args[2])
                    .withTimeout(Duration.ofSeconds(60)).withMaxAttempts(1), new WebhookSigner(args[3]), Clock.systemUTC(), Sleeper.SYSTEM,
                    dev.botsim.cognigy.engine.transport.Ticker.SYSTEM);
            RunInfo run = RunInfo.builder().batchId("batch_killed").started(Instant.EPOCH).backend("sandbox").botName("order-bot")
                    .expectedFlows(List.of("flow_a")).plannedTests(2).build();
            RunSummary summary = RunSummary.builder().outcomes(Map.of(Outcome.PASSED, 2L)).total(2).passRate(1.0)
                    .governance(Governance.COMPLIANT).flowCoverage(1.0).flowHits(Map.of("flow_a", 2L))
                    .audit(new RunSummary.AuditCheckpoint("cd".repeat(32), 3)).build();
            new Webhook("proj_1", new Outbox(outbox, args[3], args[2]), delivery, Duration.ofSeconds(120), Clock.systemUTC(),
                    new PrintStream(System.out, true, StandardCharsets.UTF_8)).send(run, List.of(), summary);
            return;
        }
        Outbox box = new Outbox(outbox, args[2], args[3]);
        byte[] body = ("{\"batch_id\":\"batch_big\",\"pad\":\"" + "x".repeat(4 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
        Instant spooled = Instant.parse("2026-11-24T10:00:00Z");
        box.write(new Outbox.Message("msg_batch_big", spooled, null, body));
        System.out.println("ready");
        System.out.flush();
        for (long n = 1; ; n++) box.write(new Outbox.Message("msg_batch_big", spooled, spooled.plusSeconds(n), body));
    }
}
