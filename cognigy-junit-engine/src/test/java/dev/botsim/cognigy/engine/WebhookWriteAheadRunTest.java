package dev.botsim.cognigy.engine;

import dev.botsim.cognigy.engine.config.Constants;
import static dev.botsim.cognigy.engine.EngineTestSupport.engine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** The run's payload is in the outbox from its audit record on, before the reports are written. */
class WebhookWriteAheadRunTest {

    @Test
    @DisplayName("item 9: a run's payload is in the outbox right after its audit record, before the listeners write reports; a 2xx removes it")
    void inTheOutboxBeforeTheListeners(@TempDir Path dir) throws Exception {
        Path outbox = dir.resolve("outbox");
        OutboxProbe probe = new OutboxProbe(outbox);
        try (MockWebServer receiver = LoopbackServers.mockWebServer()) {
            receiver.enqueue(new MockResponse.Builder().code(204).build());
            receiver.start();
            EngineTestKit.engine(engine(new ScriptedBackend(), Map.of(Constants.WEBHOOK_SECRET_ENV, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), probe))
                    .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                    .configurationParameter(Constants.AUDIT_FILE, dir.resolve("audit.jsonl").toString())
                    .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/hook").toString())
                    .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, outbox.toString())
                    .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute();
            assertThat(probe.payloadInOutbox).as("payload in the outbox when the listeners ran").containsExactly(true);
            RecordedRequest delivered = receiver.takeRequest();
            assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains(delivered.getHeaders().get("webhook-id").substring("msg_".length()));
            assertThat(receiver.getRequestCount()).isEqualTo(1);
        }
        try (var left = Files.list(outbox)) {
            assertThat(left).isEmpty();
        }
    }
}
