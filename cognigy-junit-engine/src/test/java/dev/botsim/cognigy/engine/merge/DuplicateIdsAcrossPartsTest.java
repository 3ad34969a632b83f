package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.FilePosition;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.fixtures.SplitEscalationsSimulation;
import dev.botsim.cognigy.engine.fixtures.SplitOrdersSimulation;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two classes that use test ids alike — a case's, a conversation's and a method's — run in one JVM and in two (as
 * Surefire's forks run them, one class each), against the sandbox: one JVM's discovery makes every later use a failing
 * {@code invalid: duplicate} test; the forks each see one class and cannot, so the merge must, or the merged run passes
 * what one JVM fails and hands the audit record and the QA platform two results under one id.
 */
class DuplicateIdsAcrossPartsTest {

    private static final Map<String, String> ENVIRONMENT = SandboxSplitRuns.ENVIRONMENT;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ORDERS = "e2e/duplicates/orders/split.sim.yaml";
    private static final String ESCALATIONS = "e2e/duplicates/escalations/split.sim.yaml";

    @TempDir
    Path dir;

    /** Started before each test and closed after it. */
    @StartStop
    private final MockWebServer receiver = SandboxSplitRuns.answering();

    private EngineTestKit.Builder configured(String name) {
        return SandboxSplitRuns.configured(dir, receiver, name);
    }

    /** A JVM of the split run, as a Surefire fork with cognigy.run.defer is: it runs what it was handed, and defers. */
    private EngineTestKit.Builder fork() {
        return configured("forks").configurationParameter(Constants.RUN_ID, "run-7").configurationParameter(Constants.RUN_DEFER, "true");
    }

    /** Both classes in one JVM, selected in the order a fork-less Surefire might hand them over. */
    private JsonNode single() throws Exception {
        configured("single").selectors(selectClass(SplitOrdersSimulation.class), selectClass(SplitEscalationsSimulation.class))
                .execute().testEvents().assertStatistics(stats -> stats.started(10).succeeded(7).failed(3));
        return JSON.readTree(dir.resolve("single/reports/results.json").toFile());
    }

    /** Each class in a fork of its own: neither sees the other's ids, and every test passes. */
    private void forks() {
        fork().selectors(selectClass(SplitOrdersSimulation.class)).execute().testEvents()
                .assertStatistics(stats -> stats.started(5).succeeded(5));
        fork().selectors(selectClass(SplitEscalationsSimulation.class)).execute().testEvents()
                .assertStatistics(stats -> stats.started(6).succeeded(6));
    }

    private Merge merge(String out) {
        return Merge.run(List.of("--out", dir.resolve(out).toString(), dir.resolve("forks/reports").toString()), ENVIRONMENT);
    }

    /** Each result's identity and verdict, by unique id: what the reports, the audit record and the QA platform key on. */
    private static Map<String, String> results(JsonNode results) {
        Map<String, String> byId = new TreeMap<>();
        for (JsonNode r : results.path("results")) {
            byId.put(r.path("unique_id").asString(), r.path("test_id").asString() + " | " + r.path("name").asString() + " | "
                    + r.path("source").asString() + " | " + r.path("outcome").asString() + " | " + r.path("message").asString(""));
        }
        return byId;
    }

    /** Every payload the receiver got, by the path of the run that sent it. */
    private Map<String, List<JsonNode>> deliveries() throws Exception {
        Map<String, List<JsonNode>> byPath = new TreeMap<>();
        for (int i = receiver.getRequestCount(); i > 0; i--) {
            RecordedRequest request = receiver.takeRequest();
            byPath.computeIfAbsent(request.getUrl().encodedPath(), k -> new ArrayList<>()).add(JSON.readTree(request.getBody().utf8()));
        }
        return byPath;
    }

    private static List<String> testIds(JsonNode payload) {
        List<String> ids = new ArrayList<>();
        payload.path("detailed_results").forEach(r -> ids.add(r.path("test_id").asString()));
        return ids;
    }

    @Test
    @DisplayName("two forks whose classes use a case id, a conversation id and a method's id alike: the merge makes every"
            + " later use the failing invalid result one JVM gives it — the same use, test id, name and message — so the"
            + " verdict, counts, audit record and exit code are one JVM's, and the webhook carries each test id once")
    void laterUsesFailAsInOneJvm() throws Exception {
        JsonNode single = single();
        forks();

        Merge merge = merge("merged");

        assertThat(merge.code()).as(merge.out() + merge.err()).isEqualTo(1);
        assertThat(merge.out()).contains("10 simulations, 7 passed, 3 failed", "governance: REVIEW_REQUIRED",
                "3 tests stand for invalid input");
        assertThat(merge.err()).contains("WARNING merge: test id test_split_order is used 2 times: " + ESCALATIONS + ":9, "
                + ORDERS + ":10; test ids must be unique in the run, rename all but one");
        JsonNode merged = JSON.readTree(dir.resolve("merged/results.json").toFile());
        for (String figure : List.of("summary", "governance", "flow_coverage", "intent_coverage", "intent_confusion")) {
            assertThat(merged.path(figure)).as(figure).isEqualTo(single.path(figure));
        }
        // A part records a conversation's turns, not the conversation: its place is its first turn's line, not its id's.
        Map<String, String> expected = new TreeMap<>(results(single));
        expected.replaceAll((id, result) -> result.replace(ESCALATIONS + ":13, " + ORDERS + ":14", ESCALATIONS + ":15, " + ORDERS + ":16"));
        assertThat(results(merged)).isEqualTo(expected);
        // The first use by unique id keeps the id, whichever order the classes were selected in: the escalations class's.
        assertThat(results(merged).entrySet()).filteredOn(e -> e.getValue().contains("invalid: duplicate")).hasSize(3)
                .allSatisfy(e -> assertThat(e.getKey()).contains(SplitOrdersSimulation.class.getName()));

        List<String> audit = Files.readAllLines(dir.resolve("forks/audit.jsonl"));
        assertThat(audit).hasSize(1);
        JsonNode record = JSON.readTree(audit.get(0));
        JsonNode singleRecord = JSON.readTree(Files.readAllLines(dir.resolve("single/audit.jsonl")).get(0));
        assertThat(record.path("governance").asString()).isEqualTo("REVIEW_REQUIRED");
        assertThat(record.path("outcomes")).isEqualTo(singleRecord.path("outcomes"));
        assertThat(record.path("total")).isEqualTo(singleRecord.path("total"));

        Map<String, List<JsonNode>> deliveries = deliveries();
        List<JsonNode> payloads = deliveries.get("/forks");
        assertThat(payloads).hasSize(1);
        assertThat(testIds(payloads.get(0))).as("each test id once, as the QA platform keys by it").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(testIds(deliveries.get("/single").get(0)));
        assertThat(payloads.get(0).path("governance").asString()).isEqualTo("REVIEW_REQUIRED");
        assertThat(payloads.get(0).path("batch_summary").path("failed").asLong()).isEqualTo(3);
    }

    @Test
    @DisplayName("reruns carry the same ids again and are no duplicates: a test rerun by its unique id replaces its result, and"
            + " a case of a class's data file rerun by its line (found on its own, under a unique id without the class)"
            + " replaces the class's result rather than counting a second test")
    void rerunsAreNoDuplicates() throws Exception {
        JsonNode single = single();
        forks();
        String kept = "[engine:cognigy]/[class:" + SplitEscalationsSimulation.class.getName() + "]/[file:"
                + ESCALATIONS.replace("/", "%2F") + "]/[case:test_split_order]";
        fork().selectors(selectUniqueId(kept)).execute().testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        fork().selectors(selectClasspathResource(ORDERS, FilePosition.from(7))).execute().testEvents()
                .assertStatistics(stats -> stats.started(1).succeeded(1));

        Merge merge = merge("merged");

        assertThat(merge.out()).contains("2 of them from a rerun", "10 simulations, 7 passed, 3 failed");
        assertThat(merge.err()).doesNotContain("test_split_hello");
        JsonNode merged = JSON.readTree(dir.resolve("merged/results.json").toFile());
        assertThat(merged.path("summary")).isEqualTo(single.path("summary"));
        assertThat(results(merged).keySet()).isEqualTo(results(single).keySet());
        String hello = "[engine:cognigy]/[class:" + SplitOrdersSimulation.class.getName() + "]/[file:"
                + ORDERS.replace("/", "%2F") + "]/[case:test_split_hello]";
        List<String> rerun = new ArrayList<>();
        merged.path("results").forEach(r -> {
            if (r.path("rerun").asBoolean(false)) rerun.add(r.path("unique_id").asString());
        });
        assertThat(rerun).containsExactlyInAnyOrder(kept, hello);
    }
}
