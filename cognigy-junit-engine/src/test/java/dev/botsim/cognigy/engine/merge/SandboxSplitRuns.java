package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.CognigyTestEngine;
import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the merge tests that run a suite whole and split against the sandbox share: the webhook's secret in the
 * environment, a receiver that accepts the deliveries, and each JVM's configuration writing its reports, audit trail
 * and outbox below a folder of its own name, its payloads to a path of that name.
 */
final class SandboxSplitRuns {

    static final Map<String, String> ENVIRONMENT = Map.of(Constants.WEBHOOK_SECRET_ENV, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SandboxSplitRuns() {
    }

    /** A started receiver answering its first ten deliveries with 204. */
    static MockWebServer receiver() throws IOException {
        MockWebServer receiver = answering();
        receiver.start();
        return receiver;
    }

    /** A receiver, not started yet, that will answer its first ten deliveries with 204: a test's {@code @StartStop} field. */
    static MockWebServer answering() {
        MockWebServer receiver = LoopbackServers.mockWebServer();
        for (int i = 0; i < 10; i++) receiver.enqueue(new MockResponse.Builder().code(204).build());
        return receiver;
    }

    /**
     * Asserts that {@code out} holds no merged run, only the pair of a refused merge saying why ({@code "not_started"},
     * no verdict): a refused merge replaces the earlier merge's pair with it, never with a verdict of its own.
     */
    static void refusedInto(Path out) {
        JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
        assertThat(results.path("not_started").asString()).as("why the merge was refused").startsWith("merge");
        assertThat(results.path("running").asBoolean(true)).isFalse();
        assertThat(results.has("governance") || results.has("summary") || results.has("results")).as("no merged run").isFalse();
    }

    /** A JVM of the run named {@code name}: the sandbox's order bot, everything it writes below {@code dir/name}. */
    static EngineTestKit.Builder configured(Path dir, MockWebServer receiver, String name) {
        return configured(dir, receiver, name, ENVIRONMENT);
    }

    /** The same JVM with the environment variables {@code environment} (a CI's, say), {@link #ENVIRONMENT}'s among them. */
    static EngineTestKit.Builder configured(Path dir, MockWebServer receiver, String name, Map<String, String> environment) {
        return EngineTestKit.engine(new CognigyTestEngine(new EngineServices(environment::get, Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve(name + "/reports").toString())
                .configurationParameter(Constants.AUDIT_FILE, dir.resolve(name + "/audit.jsonl").toString())
                .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/" + name).toString())
                .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve(name + "/outbox").toString());
    }
}
