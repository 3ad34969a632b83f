package dev.botsim.cognigy.engine.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import dev.botsim.cognigy.engine.support.ShownUrl;

/**
 * The QA platform's webhook; its signing secret is one of the {@link Secrets}.
 *
 * @param url         where payloads go, as given: sent to, never shown; no webhook when empty ({@code cognigy.webhook.url},
 *                    else {@code COGNIGY_WEBHOOK_URL})
 * @param projectId   project id sent in the payload ({@code cognigy.webhook.project-id})
 * @param outbox      where payloads wait until delivered ({@code cognigy.webhook.outbox-dir})
 * @param timeout     limit on one delivery attempt ({@code cognigy.webhook.timeout})
 * @param maxAttempts attempts per payload in one run ({@code cognigy.webhook.max-attempts})
 * @param budget      how long one delivery may take, attempts and waits together ({@code cognigy.webhook.budget})
 */
public record WebhookSettings(Optional<String> url, Optional<String> projectId, Path outbox, Duration timeout,
                              int maxAttempts, Duration budget) {

    public static WebhookSettings defaults() {
        return new WebhookSettings(Optional.empty(), Optional.empty(), Path.of(".cognigy/outbox"), Duration.ofSeconds(10), 5,
                Duration.ofSeconds(60));
    }

    public WebhookSettings withUrl(String url) {
        return new WebhookSettings(Optional.of(url), projectId, outbox, timeout, maxAttempts, budget);
    }

    WebhookSettings withProjectId(String projectId) {
        return new WebhookSettings(url, Optional.of(projectId), outbox, timeout, maxAttempts, budget);
    }

    WebhookSettings withOutbox(Path outbox) {
        return new WebhookSettings(url, projectId, outbox, timeout, maxAttempts, budget);
    }

    public WebhookSettings withTimeout(Duration timeout) {
        return new WebhookSettings(url, projectId, outbox, timeout, maxAttempts, budget);
    }

    public WebhookSettings withMaxAttempts(int maxAttempts) {
        return new WebhookSettings(url, projectId, outbox, timeout, maxAttempts, budget);
    }

    WebhookSettings withBudget(Duration budget) {
        return new WebhookSettings(url, projectId, outbox, timeout, maxAttempts, budget);
    }

    /** The settings as a record shows them, the URL as {@link ShownUrl} does: its query may hold the receiver's token. */
    @Override
    public String toString() {
        return "WebhookSettings[url=" + url.map(ShownUrl::of) + ", projectId=" + projectId + ", outbox=" + outbox + ", timeout="
                + timeout + ", maxAttempts=" + maxAttempts + ", budget=" + budget + "]";
    }
}
