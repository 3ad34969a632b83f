package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.annotations.BotChoice;
import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.spi.BotUnderTest;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.IntentMargin;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * The reports byte for byte, against files written by the reporters before their writing was made
 * cheaper: every field of results.json and index.html in every shape it takes (absent, null, empty,
 * escaped, numbers of each kind), so a faster writer cannot change what users and their tools read.
 */
class ReportFormatTest {

    private static final RunInfo RUN = runInfo("batch_golden01", Instant.parse("2026-11-24T10:00:00.123456789Z"), "simulation", "order-bot",
            List.of("flow_order", "flow_refund", "flow_billing"), 5, Map.of("cognigy.backend", "simulation"),
            botFacts(Set.of("check_order", "refund", "greeting"), Set.of("order_id", "amount"),
                    Set.of("flow_order", "flow_refund", "flow_billing")));

    /** What ran the golden run: fixed, so that the golden files hold whichever JVM runs the test. */
    private static final RunEnvironment ENVIRONMENT = new RunEnvironment("0.1.0", "6.1.3", "21.0.5+11-LTS", "Eclipse Adoptium",
            "Linux 6.8.0 amd64");

    static List<SimulationRecord> records() {
        // Records hold maps and sets whose iteration order changes from one JVM to the next (Map.copyOf, Set.copyOf):
        // one entry each here, so that the golden files hold in every JVM; each kind of value once.
        return List.of(
                record("[engine:cognigy]/[file:orders.sim.yaml]/[case:test_order]", "test_order", "where is my order ORD_1",
                        "orders.sim.yaml", 4, Set.of("smoke"), "where is my order ORD_1",
                        expectation("check_order", null, 0.5, Map.of("order_id", "ORD_1"), "flow_order", "on its way", null, null),
                        List.of(new BotTurn(0, "flow_order", "check_order", 0.912, Map.of("order_id", "ORD_1"), "Order ORD_1 is on its way",
                                null, null, "3f1c9b52-8d5e-4b8a-9e2f-0a1b2c3d4e5f",
                                List.of(new BotChoice("Track my order", "TRACK_ORDER"), new BotChoice("Talk to a human", null)),
                                List.of(new BotChoice("Open the FAQ", "https://example.com/faq")), List.of(Map.of("menu", "main"))), TestTurns.turn(1, "flow_order", "check_order", 0.5, Map.of("amount", 12.5), "Noted.", null, null),
                                TestTurns.turn(2, "flow_order", null, 0.25, Map.of("express", true), "Express.", null, null)),
                        Outcome.PASSED, null, Duration.ofMillis(321), 0),
                record("[engine:cognigy]/[file:orders.sim.yaml]/[case:test_refund]", "test_refund",
                        "I want my \"money\" back <now> & \u00e9t\u00e9 \u2713", "orders.sim.yaml", 9, Set.of("refunds"),
                        "I want my \"money\" back <now> & \u00e9t\u00e9 \u2713\ttab\nnewline",
                        expectation("refund", "greeting", -1, Map.of(), "flow_refund", null, "^Sure.*$", null),
                        List.of(TestTurns.turn(0, "flow_billing", "greeting", Double.NaN, Map.of(), null, null, null)),
                        Outcome.FAILED, "orders.sim.yaml:9 test_refund: bot answer differs from the expectation for \"I want my money back\"\n"
                                + "- [intent] expected refund but was greeting\n- [next flow] expected flow_refund but was flow_billing",
                        Duration.ofMillis(1502), 2).toBuilder()
                        .intentMargin(new IntentMargin("greeting", 0.5, "refund <all>", 0.4375))
                        .retryLog(List.of("POST /api/bot/simulate answered 503; retried after 180 ms",
                                "POST /api/bot/simulate answered 429 with Retry-After 2; retried after 2.0 s")).build(),
                record("[engine:cognigy]/[conversation:c]/[turn:1]", "c#1", "turn 1", "conv.sim.yaml", 3, Set.of(), "hello",
                        expectation(null, null, -1, Map.of(), null, null, null, "FLOW_NOT_DEPLOYED"),
                        List.of(TestTurns.turn(0, "flow_order", null, 0.0, Map.of(), "", "FLOW_NOT_DEPLOYED", "flow is not deployed"),
                                TestTurns.turn(1, "flow_refund", "refund", 1.0, Map.of("amount", 7), "ok", null, null)),
                        Outcome.MISCONFIGURATION, "FLOW_NOT_DEPLOYED in flow_order", Duration.ZERO, 0).toBuilder()
                        .conversationTurn("c", 1).build(),
                record("[engine:cognigy]/[case:timeout]", "test_timeout", "timeout", null, 0, Set.of(), null,
                        Expectation.NONE, List.of(), Outcome.TIMEOUT, "did not complete within 60 s", Duration.ofSeconds(60), 4),
                record("[engine:cognigy]/[case:skipped]", "test_skipped", "skipped", "orders.sim.yaml", 20, Set.of("late"),
                        "later", expectation(null, null, -1, Map.of(), null, "x", null, null), List.of(), Outcome.SKIPPED,
                        "an earlier turn failed", Duration.ofMillis(1), 0).toBuilder().sent(false).build());
    }

    private static RunAnalysis analysis(List<SimulationRecord> records) {
        return RunAnalysis.of(RUN, records, BigDecimal.valueOf(0.95));
    }

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = ReportFormatTest.class.getResourceAsStream("/reports/" + name)) {
            assertThat(in).as("golden file /reports/" + name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    @DisplayName("results.json: byte for byte the document of the golden file, every field in every shape")
    void resultsJson(@TempDir Path dir) throws Exception {
        List<SimulationRecord> records = records();
        Path written = new ResultsJson(ENVIRONMENT).write(dir, RUN, analysis(records), records, Instant.parse("2026-11-24T10:05:00Z"));
        String json = Files.readString(written);
        String expected = new String(golden("results.json"), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo(expected);
    }

    @Test
    @DisplayName("index.html: byte for byte the page of the golden file")
    void indexHtml(@TempDir Path dir) throws Exception {
        List<SimulationRecord> records = records();
        Path written = new HtmlReport(null, ENVIRONMENT).write(dir, RUN, analysis(records), records, Instant.parse("2026-11-24T10:05:00Z"));
        assertThat(Files.readString(written)).isEqualTo(new String(golden("index.html"), StandardCharsets.UTF_8));
    }

    // The golden records keep the order of the fields they were first written with; the SPI builds them through builders.
    private static RunInfo runInfo(String batchId, Instant started, String backend, String botName, List<String> flows,
                                   long planned, Map<String, String> configuration, RunInfo.BotFacts bot) {
        return RunInfo.builder().batchId(batchId).started(started).backend(backend).botName(botName).expectedFlows(flows)
                .plannedTests(planned).configuration(configuration).bot(bot).build();
    }

    private static RunInfo.BotFacts botFacts(Set<String> intents, Set<String> entities, Set<String> flows) {
        return RunInfo.BotFacts.builder().intents(intents).entities(entities).flows(flows)
                .underTest(BotUnderTest.builder().projectId("64f1a2b3c4d5e6f708091a2b").projectName("Order Bot")
                        .endpointName("cognigy-junit tests").flowName("Main Flow").flowReferenceId("3f1c9b52-8d5e-4b8a-9e2f-0a1b2c3d4e5f")
                        .locale("en-US").localeReferenceId("b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e").snapshotId("65a0b1c2d3e4f5a6b7c8d9e0")
                        .snapshotName("v1.4").build())
                .build();
    }

    private static Expectation expectation(String intent, String notIntent, double minScore, Map<String, String> entities,
                                           String nextFlow, String contains, String matches, String errorCode) {
        return Expectation.builder().intent(intent).notIntent(notIntent).intentMinScore(minScore).entities(entities)
                .nextFlow(nextFlow).responseContains(contains).responseMatches(matches).errorCode(errorCode).build();
    }

    @Test
    @DisplayName("results.json: a failed test whose checks could not be judged on its answer says so (unjudged: true), the"
            + " result a not_compared verdict counts; every other result has no such field")
    void unjudgedResult(@TempDir Path dir) throws Exception {
        List<SimulationRecord> records = new java.util.ArrayList<>(records());
        records.set(1, records.get(1).toBuilder().replayed(true).unjudged(true).build());
        Path written = new ResultsJson(ENVIRONMENT).write(dir, RUN, analysis(records), records, Instant.parse("2026-11-24T10:05:00Z"));
        tools.jackson.databind.JsonNode results = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(Files.readString(written)).path("results");
        assertThat(results.size()).isEqualTo(5);
        for (tools.jackson.databind.JsonNode result : results) {
            String testId = result.path("test_id").asString();
            if (testId.equals("test_refund")) {
                assertThat(result.path("unjudged").isBoolean() && result.path("unjudged").asBoolean()).as(testId).isTrue();
            } else {
                assertThat(result.has("unjudged")).as(testId).isFalse();
            }
        }
    }

    private static SimulationRecord record(String uniqueId, String testId, String displayName, String source, int line,
                                           Set<String> tags, String utterance, Expectation expected, List<BotTurn> actual,
                                           Outcome outcome, String message, Duration duration, int attempts) {
        return SimulationRecord.builder().uniqueId(uniqueId).testId(testId).displayName(displayName).source(source).line(line)
                .tags(tags).utterance(utterance).expected(expected).actual(actual).outcome(outcome).message(message)
                .duration(duration).attempts(attempts).build();
    }
}
