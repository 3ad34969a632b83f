package dev.botsim.cognigy.engine.webhook;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.botsim.cognigy.engine.Constants;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;
import dev.botsim.cognigy.spi.SimulationRecord;
import tools.jackson.databind.json.JsonMapper;

/**
 * The run's results for an external QA platform: a signed payload per run, delivered with retries
 * or spooled to the outbox and delivered first thing by the next run. Every run says which of the
 * two happened — never silent.
 */
public final class Webhook {

    private final String projectId;
    private final Outbox outbox;
    private final WebhookDelivery delivery;
    private final Clock clock;
    private final PrintStream out;
    private final JsonMapper json = JsonMapper.builder().build();
    private boolean gone;

    Webhook(String projectId, Outbox outbox, WebhookDelivery delivery, Clock clock, PrintStream out) {
        this.projectId = projectId;
        this.outbox = outbox;
        this.delivery = delivery;
        this.clock = clock;
        this.out = out;
    }

    /** The webhook the configuration asks for, or empty without {@code cognigy.webhook.url}. */
    public static Optional<Webhook> from(EngineConfig config, Clock clock, PrintStream out) {
        if (config.webhookUrl().isEmpty()) return Optional.empty();
        String secret = config.webhookSecret().map(s -> s.reveal()).orElseThrow(() -> new ConfigurationException(
                "cognigy.webhook.url is set but the environment variable " + Constants.WEBHOOK_SECRET_ENV
                        + " is not: payloads are always signed (whsec_<base64>)"));
        WebhookSigner signer;
        try {
            signer = new WebhookSigner(secret);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
        return Optional.of(new Webhook(config.webhookProjectId().orElse(null), new Outbox(config.webhookOutbox()),
                new WebhookDelivery(config.webhookUrl().get(), signer, config.webhookTimeout(), config.webhookMaxAttempts(),
                        config.webhookBudget(), clock, d -> Thread.sleep(d.toMillis())), clock, out));
    }

    /** Delivers what earlier runs spooled, oldest first. */
    public void redeliverOutbox() {
        try {
            for (Outbox.Message message : outbox.pending()) {
                if (gone) return;
                switch (delivery.deliver(message.id(), message.body())) {
                    case DELIVERED -> {
                        outbox.remove(message);
                        ConsoleText.println(out, "[cognigy] webhook: delivered " + message.id() + " spooled by an earlier run");
                    }
                    case GONE -> gone(message.id());
                    case FAILED -> ConsoleText.println(out, "[cognigy] webhook: " + message.id() + " still not delivered (" + delivery.lastProblem()
                            + "); it stays in " + message.file().toAbsolutePath());
                }
            }
        } catch (IOException e) {
            ConsoleText.println(out, "[cognigy] webhook: cannot read the outbox " + outbox.directory().toAbsolutePath() + ": " + e.getMessage());
        }
    }

    /**
     * Sends this run's payload, or spools it.
     *
     * @return why the result was neither delivered nor spooled, or empty
     */
    public Optional<String> send(RunInfo run, List<SimulationRecord> records, RunSummary summary) {
        String id = "msg_" + run.batchId();
        byte[] body = json.writeValueAsBytes(payload(run, records, summary));
        WebhookDelivery.Result result = gone ? WebhookDelivery.Result.GONE : delivery.deliver(id, body);
        try {
            switch (result) {
                case DELIVERED -> ConsoleText.println(out, "[cognigy] webhook: delivered " + id);
                case GONE -> gone(id);
                case FAILED -> ConsoleText.println(out, "[cognigy] webhook: " + id + " not delivered (" + delivery.lastProblem() + "); spooled to "
                        + outbox.spool(id, body).toAbsolutePath() + " for the next run");
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            String problem = "webhook payload " + id + " was neither delivered (" + delivery.lastProblem() + ") nor spooled to "
                    + outbox.directory().toAbsolutePath() + " (" + e.getMessage() + "): the QA platform will not receive this run";
            ConsoleText.println(out, "[cognigy] " + problem);
            return Optional.of(problem);
        } finally {
            delivery.close();
        }
    }

    private void gone(String id) {
        gone = true;
        ConsoleText.println(out, "[cognigy] WARNING webhook: the receiver answered 410 Gone for " + id
                + "; no more deliveries are attempted — check cognigy.webhook.url");
    }

    private Map<String, Object> payload(RunInfo run, List<SimulationRecord> records, RunSummary summary) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("project_id", projectId);
        payload.put("timestamp", clock.instant().toString());
        payload.put("batch_id", run.batchId());
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("total_tests", summary.total());
        batch.put("passed", summary.outcomes().getOrDefault(Outcome.PASSED, 0L));
        batch.put("failed", summary.total() - summary.outcomes().getOrDefault(Outcome.PASSED, 0L));
        batch.put("coverage", summary.flowCoverage());
        payload.put("batch_summary", batch);
        payload.put("governance", summary.governance());
        payload.put("audit_checkpoint", summary.audit() == null ? null
                : Map.of("head_hash", summary.audit().headHash(), "records", summary.audit().records()));
        payload.put("detailed_results", records.stream().map(r -> {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("test_id", r.testId());
            result.put("name", r.displayName());
            result.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
            result.put("source", r.source());
            result.put("line", r.line());
            result.put("message", r.message());
            return result;
        }).toList());
        return payload;
    }

    Path outboxDirectory() {
        return outbox.directory();
    }
}
