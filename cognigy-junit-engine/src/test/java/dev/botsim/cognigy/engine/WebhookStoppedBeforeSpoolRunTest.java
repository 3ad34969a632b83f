package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/**
 * A run stopped after its audit record was appended and before its payload reached the outbox (its JVM killed, or an
 * error on its way there): the QA platform never gets that run's results, and no copy is left to send — so the next run
 * with the outbox says so, naming the run, rather than leaving the loss for someone to find in the trail.
 */
class WebhookStoppedBeforeSpoolRunTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    @DisplayName("W7: a run stopped between its audit record and its payload's spooling is named by the next run, never lost in silence")
    void theNextRunNamesTheRunWhosePayloadNeverReachedTheOutbox(@TempDir Path dir) throws Exception {
        Path outbox = dir.resolve("outbox");
        Path audit = dir.resolve("audit.jsonl");
        try (MockWebServer receiver = LoopbackServers.mockWebServer()) {
            receiver.enqueue(new MockResponse.Builder().code(204).build());
            receiver.start();
            String url = receiver.url("/hook").toString();

            // The first run's JVM stops as its payload is about to be written ahead: the wall clock's first reading there.
            StoppedInWriteAhead stopped = new StoppedInWriteAhead();
            EngineTestKit.engine(new CognigyTestEngine(services(stopped, new ByteArrayOutputStream())))
                    .configurationParameters(parameters(dir, url)).selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml"))
                    .execute();
            assertThat(stopped.fired).as("the run was stopped in the window").isTrue();
            Matcher recorded = Pattern.compile("\"batch_id\":\"([^\"]+)\"").matcher(Files.readString(audit));
            assertThat(recorded.find()).as("the audit record was appended before the stop").isTrue();
            String batch = recorded.group(1);
            assertThat(outbox.resolve("msg_" + batch + ".json")).as("no payload of the stopped run to deliver").doesNotExist();

            ByteArrayOutputStream console = new ByteArrayOutputStream();
            EngineTestKit.engine(new CognigyTestEngine(services(Clock.systemUTC(), console)))
                    .configurationParameters(parameters(dir, url)).selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml"))
                    .execute();
            String said = console.toString(StandardCharsets.UTF_8);
            assertThat(said).contains("[cognigy] WARNING webhook: run " + batch + " stopped while its audit record was appended or"
                    + " after, before its payload reached the outbox " + outbox.toAbsolutePath()
                    + ": the QA platform never received that run's results, and no copy of them is left to send");
            // Said once: the next run after that one is told nothing more of it.
            receiver.enqueue(new MockResponse.Builder().code(204).build());
            ByteArrayOutputStream again = new ByteArrayOutputStream();
            EngineTestKit.engine(new CognigyTestEngine(services(Clock.systemUTC(), again)))
                    .configurationParameters(parameters(dir, url)).selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml"))
                    .execute();
            assertThat(again.toString(StandardCharsets.UTF_8)).doesNotContain(batch);
        }
    }

    private static Map<String, String> parameters(Path dir, String url) {
        return Map.of(Constants.REPORT_DIR, dir.resolve("reports").toString(),
                Constants.AUDIT_FILE, dir.resolve("audit.jsonl").toString(),
                Constants.WEBHOOK_URL, url,
                Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("outbox").toString());
    }

    private static EngineServices services(Clock clock, ByteArrayOutputStream console) {
        Map<String, String> environment = Map.of(Constants.WEBHOOK_SECRET_ENV, SECRET);
        return new EngineServices(environment::get, config -> new ScriptedBackend(), clock)
                .withNanoTime(System::nanoTime)
                .withConsole(new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    /**
     * The wall clock, but for its first reading by the webhook's write-ahead of the run's payload, which stops the run as
     * a JVM killed there would: nothing after it happens.
     */
    private static final class StoppedInWriteAhead extends Clock {

        final AtomicBoolean fired = new AtomicBoolean();

        @Override
        public Instant instant() {
            boolean inWriteAhead = StackWalker.getInstance().walk(frames -> frames.anyMatch(f ->
                    f.getClassName().equals("dev.botsim.cognigy.engine.webhook.Webhook") && f.getMethodName().equals("writeAhead")));
            if (inWriteAhead && fired.compareAndSet(false, true)) throw new StoppedHere();
            return Instant.now();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** What stops the run, as a kill would: an error no step of the run's end catches. */
    private static final class StoppedHere extends Error {
        StoppedHere() {
            super("the JVM stopped here", null, false, false);
        }
    }
}
