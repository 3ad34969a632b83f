package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.Repetitions;
import dev.botsim.cognigy.spi.SimulationRecord;
import dev.botsim.cognigy.spi.Stability;

/**
 * Stability under repetition, end to end: the sandbox's seeded wavering intent run 20 times through each of its APIs
 * is FLAKY with exactly the distribution its seed draws, a steady case STABLE, each one JUnit test.
 */
class StabilityEngineTest {

    private static int flipsIn(int recognitions) {
        return WaveringBot.flipsIn(recognitions);
    }

    private static EngineTestKit.Builder engine(String backend, RecordingListener listener) {
        return WaveringBot.engine(backend, listener);
    }

    private static SimulationRecord record(RecordingListener listener, String testId) {
        return WaveringBot.record(listener, testId);
    }

    @ParameterizedTest(name = "through the {0} backend")
    @ValueSource(strings = {"sandbox", "endpoint"})
    @DisplayName("repeat 20: the wavering case is FLAKY with the seed's distribution and fails the default ratio 1.0 with"
            + " it in its message; the steady case is STABLE; each is one JUnit test")
    void flakyAndStable(String backend) {
        int flips = flipsIn(20);
        assertThat(flips).as("the seed must make the case waver for this test to mean anything").isBetween(1, 19);
        RecordingListener listener = new RecordingListener();

        EngineExecutionResults results = engine(backend, listener).selectors(selectClasspathResource("e2e/stability.sim.yaml")).execute();

        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(2).failed(1));
        Repetitions wavering = record(listener, "test_wavering").repetitions();
        assertThat(wavering.runs()).isEqualTo(20);
        assertThat(wavering.passed()).isEqualTo(20 - flips);
        assertThat(wavering.stability()).isEqualTo(Stability.FLAKY);
        assertThat(wavering.intents()).containsExactlyInAnyOrderEntriesOf(Map.of("check_order", 20 - flips, "escalate", flips));
        assertThat(wavering.flows()).containsExactlyInAnyOrderEntriesOf(
                Map.of("flow_order_status", 20 - flips, "flow_escalation", flips));
        assertThat(wavering.texts().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(20);
        assertThat(wavering.texts()).containsEntry("Connecting you to a human agent now.", flips);
        assertThat(record(listener, "test_wavering").outcome()).isEqualTo(Outcome.FAILED);

        Repetitions steady = record(listener, "test_steady").repetitions();
        assertThat(steady.stability()).isEqualTo(Stability.STABLE);
        assertThat(steady.passed()).isEqualTo(20);
        assertThat(steady.intents()).containsExactly(Map.entry("escalate", 20));
        assertThat(record(listener, "test_twice").repetitions().runs()).isEqualTo(2);

        Throwable failure = results.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        assertThat(failure.getMessage())
                .startsWith("e2e/stability.sim.yaml:5 test_wavering: FLAKY: " + (20 - flips) + " of 20 runs passed")
                .contains("100% required", "intents: check_order ×" + (20 - flips) + ", escalate ×" + flips)
                .contains("expected");
        if (backend.equals("sandbox")) {
            // Which run flips depends on the order the runs reach the sandbox: the run the message quotes is any of them.
            String anyRun = "run [0-9]+ of 20: ";
            assertThat(docsStability().replaceAll(anyRun, "run n of 20: "))
                    .as("docs/stability.md shows this failure as the sandbox gives it")
                    .contains(failure.getMessage().replaceAll(anyRun, "run n of 20: "));
        }
        assertThat(listener.finished).hasSize(3);
    }

    @Test
    @DisplayName("with cognigy.repeat.pass-ratio below the wavering case's share, it passes and stays FLAKY, its"
            + " distribution in its report entries")
    void ratioMet() {
        int flips = flipsIn(20);
        RecordingListener listener = new RecordingListener();

        EngineExecutionResults results = engine("sandbox", listener).selectors(selectClasspathResource("e2e/stability.sim.yaml"))
                .configurationParameter(Constants.REPEAT_PASS_RATIO, String.valueOf((20.0 - flips) / 20)).execute();

        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
        assertThat(record(listener, "test_wavering").repetitions().stability()).isEqualTo(Stability.FLAKY);
        Map<String, String> entries = results.allEvents().stream().filter(e -> e.getType() == EventType.REPORTING_ENTRY_PUBLISHED)
                .filter(e -> e.getTestDescriptor().getUniqueId().toString().contains("test_wavering"))
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs())
                .flatMap(m -> m.entrySet().stream()).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(entries.get("cognigy.stability")).startsWith("FLAKY: " + (20 - flips) + " of 20 runs passed");
        assertThat(entries.get("cognigy.stability.intents")).isEqualTo("check_order ×" + (20 - flips) + ", escalate ×" + flips);
    }

    @Test
    @DisplayName("the reports carry the stability section: results.json with counts, per-intent rates and flaky tests"
            + " first, index.html escaped, one console line, the counts in the audit record and the webhook payload")
    void reports(@TempDir Path dir) throws Exception {
        int flips = flipsIn(20);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path audit = dir.resolve("audit.jsonl");
        try (mockwebserver3.MockWebServer receiver = new mockwebserver3.MockWebServer()) {
            receiver.enqueue(new mockwebserver3.MockResponse.Builder().code(204).build());
            receiver.start();
            Map<String, String> environment = Map.of(Constants.WEBHOOK_SECRET_ENV, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
            EngineTestKit.engine(new CognigyTestEngine(new EngineServices(environment::get, Backends::create,
                            Clock.systemUTC()).withConsole(new PrintStream(console, true,
                            StandardCharsets.UTF_8))))
                    .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/wavering-order-bot.yaml")
                    .configurationParameter(Constants.POLL_INITIAL_DELAY, "5ms")
                    .configurationParameter(Constants.REPORT_DIR, dir.toString())
                    .configurationParameter(Constants.AUDIT_FILE, audit.toString())
                    .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/hook").toString())
                    .configurationParameter(Constants.WEBHOOK_PROJECT_ID, "proj_1")
                    .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("outbox").toString())
                    .selectors(selectClasspathResource("e2e/stability.sim.yaml")).execute()
                    .containerEvents().failed().stream().forEach(e -> { throw new AssertionError(e.getPayload(
                            TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()); });

            tools.jackson.databind.JsonNode results = new tools.jackson.databind.ObjectMapper()
                    .readTree(dir.resolve("results.json").toFile());
            tools.jackson.databind.JsonNode stability = results.path("stability");
            assertThat(stability.path("counts").toString()).isEqualTo("{\"stable\":2,\"flaky\":1,\"broken\":0}");
            assertThat(stability.path("tests").get(0).path("test_id").asString()).isEqualTo("test_wavering");
            assertThat(stability.path("tests").get(0).path("stability").asString()).isEqualTo("FLAKY");
            assertThat(stability.path("tests").get(0).path("intents").path("escalate").asInt()).isEqualTo(flips);
            assertThat(stability.path("intents").path("check_order").path("rate").asDouble()).isEqualTo((20.0 - flips) / 20);
            assertThat(stability.path("intents").path("escalate").path("rate").asDouble()).isEqualTo(1.0);
            assertThat(results.path("results").findValues("repetitions")).hasSize(3);

            String page = Files.readString(dir.resolve("index.html"));
            assertThat(page).contains("Stability under repetition", "1 flaky, 0 broken, 2 stable of 3 repeated tests",
                    "escalate ×" + flips);
            assertThat(console.toString(StandardCharsets.UTF_8)).contains("[cognigy] stability: 1 flaky,"
                    + " 0 broken, 2 stable of 3 repeated tests; flakiest test_wavering " + (20 - flips) + " of 20 runs passed");
            assertThat(Files.readString(audit)).contains("\"stability\":{\"stable\":2,\"flaky\":1,\"broken\":0}");
            String payload = receiver.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS).getBody().utf8();
            assertThat(payload).contains("\"stability\":{\"stable\":2,\"flaky\":1,\"broken\":0}");
        }
    }

    @Test
    @DisplayName("intent F1 and the confusion matrix count every run of a repeated test: a test that recognised"
            + " check_order in most of its 20 runs, shown by a run that answered escalate, is not check_order at F1 0 —"
            + " the same figures in the console, results.json and index.html")
    void intentQualityCountsEveryRun(@TempDir Path dir) throws Exception {
        int flips = flipsIn(20);
        int held = 20 - flips;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Map<String, String> noEnvironment = Map.of();
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(noEnvironment::get, Backends::create, Clock.systemUTC())
                        .withConsole(new PrintStream(console, true, StandardCharsets.UTF_8))))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/wavering-order-bot.yaml")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "5ms")
                .configurationParameter(Constants.REPORT_DIR, dir.toString())
                .selectors(selectClasspathResource("e2e/stability.sim.yaml")).execute();

        tools.jackson.databind.JsonNode results = new tools.jackson.databind.ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertThat(results.path("intent_confusion").toString()).isEqualTo("{\"check_order\":{\"check_order\":" + held
                + ",\"escalate\":" + flips + "},\"escalate\":{\"escalate\":20},\"greeting\":{\"greeting\":2}}");
        tools.jackson.databind.JsonNode perIntent = results.path("intent_quality").path("per_intent");
        assertThat(perIntent.path("check_order").path("expected").asInt()).isEqualTo(20);
        assertThat(perIntent.path("check_order").path("true_positives").asInt()).isEqualTo(held);
        assertThat(perIntent.path("escalate").path("false_positives").asInt()).isEqualTo(flips);
        double checkOrderF1 = 2.0 * held / (2 * held + flips);
        double escalateF1 = 40.0 / (40 + flips);
        assertThat(perIntent.path("check_order").path("f1").asDouble()).isEqualTo(checkOrderF1);
        assertThat(results.path("intent_quality").path("macro_f1").asDouble()).isCloseTo((checkOrderF1 + escalateF1 + 1) / 3,
                org.assertj.core.data.Offset.offset(1e-12));

        // Figures are shown rounded down, as every share in the reports.
        java.util.function.DoubleFunction<String> shown = figure -> java.math.BigDecimal.valueOf(figure)
                .setScale(2, java.math.RoundingMode.FLOOR).toPlainString();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("[cognigy] intents: macro F1 "
                + shown.apply((checkOrderF1 + escalateF1 + 1) / 3) + " over 3 intents; weakest check_order (F1 "
                + shown.apply(checkOrderF1) + "); most confused: expected check_order, got escalate ×" + flips);
        String page = Files.readString(dir.resolve("index.html"));
        assertThat(page).contains("<th scope=\"row\">check_order</th><td>20</td>", "<td class=\"ok\">" + held + "</td>",
                "expected check_order, got escalate ×" + flips);
    }

    @Test
    @DisplayName("the per-intent stability rate leaves out the runs that got no answer, as the confusion matrix and F1 do,"
            + " and says them apart: 2 of 4 runs timed out, the 2 answered recognised check_order, a rate of 1 — not 0.5")
    void stabilityRateLeavesOutUnansweredRuns(@TempDir Path dir) throws Exception {
        // The bot answers runs 1 and 4; runs 2 and 3 get no answer in time.
        runRepeated(dir, 4, request -> request.test().endsWith("[repetition:2]") || request.test().endsWith("[repetition:3]"));

        tools.jackson.databind.JsonNode results = new tools.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("reports/results.json").toFile());
        assertThat(results.path("results").get(0).path("repetitions").path("unanswered").asInt()).isEqualTo(2);
        // The confusion matrix counts the two answered runs only.
        assertThat(results.path("intent_confusion").toString()).isEqualTo("{\"check_order\":{\"check_order\":2}}");
        tools.jackson.databind.JsonNode checkOrder = results.path("stability").path("intents").path("check_order");
        assertThat(checkOrder.path("tests").asInt()).isEqualTo(1);
        assertThat(checkOrder.path("runs").asInt()).as("the runs that got an answer").isEqualTo(2);
        assertThat(checkOrder.path("recognised").asInt()).isEqualTo(2);
        assertThat(checkOrder.path("rate").asDouble()).isEqualTo(1.0);
        assertThat(checkOrder.path("unanswered").asInt()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("reports/index.html"))).contains(
                "<tr><th scope=\"row\">check_order</th><td>1</td><td>2</td><td>2</td><td>100 %</td><td>2</td></tr>");
    }

    @Test
    @DisplayName("an intent whose every run got no answer has no stability rate: null in results.json and a dash on the"
            + " page, not 0 — a rate of 0 says the NLU never recognised it, which no run showed")
    void noRateWithoutAnAnsweredRun(@TempDir Path dir) throws Exception {
        runRepeated(dir, 3, request -> true);

        tools.jackson.databind.JsonNode checkOrder = new tools.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("reports/results.json").toFile()).path("stability").path("intents").path("check_order");
        assertThat(checkOrder.path("runs").asInt()).isZero();
        assertThat(checkOrder.path("unanswered").asInt()).isEqualTo(3);
        assertThat(checkOrder.has("rate")).isTrue();
        assertThat(checkOrder.path("rate").isNull()).as(checkOrder.toString()).isTrue();
        assertThat(Files.readString(dir.resolve("reports/index.html"))).contains(
                "<tr><th scope=\"row\">check_order</th><td>1</td><td>0</td><td>0</td><td>—</td><td>3</td></tr>");
    }

    @Test
    @DisplayName("a run whose message never left this machine (no connection, the outage breaker open, held back) counts"
            + " as not sent, not as unanswered: under (not sent) in the distributions, outside the per-intent rate and its"
            + " unanswered runs")
    void runsNeverSentAreNotUnanswered(@TempDir Path dir) throws Exception {
        // The bot answers runs 1 and 4; the messages of runs 2 and 3 never leave.
        runRepeated(dir, 4, request -> request.test().endsWith("[repetition:2]") || request.test().endsWith("[repetition:3]"),
                () -> new dev.botsim.cognigy.engine.backend.BackendException(
                        dev.botsim.cognigy.engine.backend.BackendException.Kind.TRANSPORT,
                        "cannot connect to the bot: connection refused").withMessageUnsent());

        tools.jackson.databind.JsonNode results = new tools.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("reports/results.json").toFile());
        tools.jackson.databind.JsonNode repetitions = results.path("results").get(0).path("repetitions");
        assertThat(repetitions.path("runs").asInt()).isEqualTo(4);
        assertThat(repetitions.path("unanswered").asInt()).as(repetitions.toString()).isZero();
        assertThat(repetitions.path("intents").toString()).isEqualTo("{\"check_order\":2,\"(not sent)\":2}");
        tools.jackson.databind.JsonNode checkOrder = results.path("stability").path("intents").path("check_order");
        assertThat(checkOrder.path("runs").asInt()).as("the runs that got an answer").isEqualTo(2);
        assertThat(checkOrder.path("rate").asDouble()).isEqualTo(1.0);
        assertThat(checkOrder.path("unanswered").asInt()).as("no run sent the message and got no answer").isZero();
        assertThat(Files.readString(dir.resolve("reports/index.html"))).contains(
                "<tr><th scope=\"row\">check_order</th><td>1</td><td>2</td><td>2</td><td>100 %</td><td>0</td></tr>");
    }

    /**
     * Runs {@code test_where} ("where is my order", expecting check_order) {@code times} times against the sandbox's order
     * bot, the runs {@code timesOut} picks getting no answer in time; the reports go to {@code dir/reports}.
     */
    private static void runRepeated(Path dir, int times,
                                    java.util.function.Predicate<dev.botsim.cognigy.engine.backend.TurnRequest> timesOut)
            throws IOException {
        runRepeated(dir, times, timesOut, () -> new dev.botsim.cognigy.engine.backend.BackendException(
                dev.botsim.cognigy.engine.backend.BackendException.Kind.TIMEOUT, "no answer within 30s"));
    }

    /** The same, the runs {@code fails} picks failing with what {@code failure} gives. */
    private static void runRepeated(Path dir, int times,
                                    java.util.function.Predicate<dev.botsim.cognigy.engine.backend.TurnRequest> fails,
                                    java.util.function.Supplier<dev.botsim.cognigy.engine.backend.BackendException> failure)
            throws IOException {
        Path data = dir.resolve("orders.sim.yaml");
        Files.writeString(data, """
                version: 1
                cases:
                  - id: test_where
                    utterance: where is my order
                    repeat: %d
                    expect: { intent: check_order }
                """.formatted(times));
        Map<String, String> noEnvironment = Map.of();
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(noEnvironment::get,
                        config -> new TimingOut(Backends.create(config), fails, failure), Clock.systemUTC())))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "5ms")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectFile(data.toFile())).execute();
    }

    /** A backend that fails the requests {@code timesOut} picks with what {@code failure} gives, and passes on the others. */
    private record TimingOut(dev.botsim.cognigy.engine.backend.Backend delegate,
                             java.util.function.Predicate<dev.botsim.cognigy.engine.backend.TurnRequest> timesOut,
                             java.util.function.Supplier<dev.botsim.cognigy.engine.backend.BackendException> failure)
            implements dev.botsim.cognigy.engine.backend.Backend {

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public dev.botsim.cognigy.engine.backend.BotSchema schema() {
            return delegate.schema();
        }

        @Override
        public dev.botsim.cognigy.engine.backend.TurnResult send(dev.botsim.cognigy.engine.backend.TurnRequest request) {
            if (timesOut.test(request)) throw failure.get();
            return delegate.send(request);
        }

        @Override
        public java.util.Optional<java.util.regex.Pattern> userIdPattern() {
            return delegate.userIdPattern();
        }

        @Override
        public boolean answersRichContent() {
            return delegate.answersRichContent();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    @Test
    @DisplayName("cognigy.repeat=1 with no repeat: in the file runs every case once, with no repetitions recorded")
    void once() {
        RecordingListener listener = new RecordingListener();
        EngineExecutionResults results = engine("sandbox", listener).configurationParameter(Constants.SANDBOX_BOT,
                "classpath:bots/order-bot.yaml").selectors(selectClasspathResource("e2e/order-bot.sim.yaml")).execute();
        results.testEvents().assertStatistics(stats -> stats.failed(0));
        assertThat(listener.finished).allSatisfy(r -> assertThat(r.repetitions()).isNull());
        assertThat(results.allEvents().stream().map(Event::getType)).doesNotContain(EventType.DYNAMIC_TEST_REGISTERED);
    }

    private static String docsStability() {
        try {
            return Files.readString(Path.of("../docs/stability.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
