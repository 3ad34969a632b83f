package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.botsim.cognigy.engine.config.Constants;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test whose answer was compared with nothing — no approved answer in CI, an approval file that cannot be read or was
 * refused, an answer approved for another message — is no wrong answer: tolerant governance, which tolerates wrong
 * answers one by one, never tolerates it, and the run is never COMPLIANT. The suite is tolerant at a threshold of 90 %:
 * nine cases that pass and one approved case, so the approved one, tolerated as a wrong answer, would leave the build
 * green and the run COMPLIANT though its answer was never checked.
 */
class UnjudgedApprovalsTest {

    private static final String BOT = "classpath:bots/order-bot.yaml";
    private static final String APPROVED = "where is my order ORD_99";
    private static final Map<String, String> TOLERANT = Map.of(Constants.GOVERNANCE_MODE, "tolerant",
            Constants.GOVERNANCE_THRESHOLD, "0.9");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private Path data;

    @BeforeEach
    void suite() throws IOException {
        StringBuilder yaml = new StringBuilder("version: 1\ncases:\n");
        for (int i = 0; i < 9; i++) {
            yaml.append("  - id: test_hello_").append(i).append("\n    utterance: hello\n    expect: { intent: greeting }\n");
        }
        yaml.append("  - id: test_order\n    utterance: ").append(APPROVED).append("\n    expect: approved\n");
        data = Files.writeString(Files.createDirectories(dir.resolve("suite")).resolve("tolerant.sim.yaml"), yaml.toString());
    }

    private EngineExecutionResults run(Map<String, String> environment, Map<String, String> parameters) {
        return EngineTestSupport.sandboxRun(BOT, dir, console, environment, parameters, selectFile(data.toFile()));
    }

    private EngineExecutionResults tolerantRun(Map<String, String> environment) {
        return run(environment, TOLERANT);
    }

    /** The run's approval file, once a run outside CI wrote it. */
    private Path approvalFile() throws IOException {
        run(Map.of(), Map.of()).testEvents().assertStatistics(stats -> stats.succeeded(10));
        console.reset();
        try (Stream<Path> files = Files.walk(dir.resolve("approved"))) {
            return files.filter(p -> p.toString().endsWith("tolerant.sim.yaml.approved.yaml")).findFirst().orElseThrow();
        }
    }

    private JsonNode resultsJson() {
        return JsonMapper.builder().build().readTree(dir.resolve("reports/results.json").toFile());
    }

    /** The approved test failed — not aborted as tolerated — and the run is not COMPLIANT; the nine others passed. */
    private void failsItsTestAndTheVerdict(EngineExecutionResults results, String approval, String failure) {
        results.testEvents().assertStatistics(stats -> stats.started(10).succeeded(9).failed(1).aborted(0));
        assertThat(EngineTestSupport.failureOf(results, APPROVED)).hasMessageContaining(failure)
                .hasMessageNotContaining("tolerated");
        assertThat(EngineTestSupport.approvalsIn(dir.resolve("reports/results.json"))).containsEntry("test_order", approval);
        JsonNode governance = resultsJson().path("governance");
        assertThat(governance.path("status").asString()).isEqualTo("REVIEW_REQUIRED");
        assertThat(governance.path("reasons").findValuesAsString("code")).containsExactly("not_compared");
        assertThat(console.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("governance: REVIEW_REQUIRED")
                .doesNotContain("governance: COMPLIANT");
    }

    @Test
    @DisplayName("(a) in CI, a test without an approved answer fails its test in tolerant governance, and the run is not"
            + " COMPLIANT: nothing checked its answer")
    void noApprovedAnswerInCi() {
        EngineExecutionResults ci = tolerantRun(Map.of("CI", "true"));

        failsItsTestAndTheVerdict(ci, "missing", "no approved answer for test_order");
    }

    @Test
    @DisplayName("(b) an approval file left with merge-conflict markers fails the test that needs it in tolerant governance;"
            + " its result says the file could not be read (approval: unreadable)")
    void unreadableApprovalFile() throws IOException {
        Path file = approvalFile();
        Files.writeString(file, Files.readString(file).replace("test_order:", "<<<<<<< HEAD\ntest_order:"));

        EngineExecutionResults conflicted = tolerantRun(Map.of());

        failsItsTestAndTheVerdict(conflicted, "unreadable", "approval file has a merge conflict marker '<<<<<<<'");
    }

    @Test
    @DisplayName("(c) an approval file that links out of the approval folder is refused, and fails the test that needs it in"
            + " tolerant governance (approval: unreadable)")
    void refusedApprovalFile() throws IOException {
        Path file = approvalFile();
        Path outside = Files.move(file, dir.resolve("elsewhere.approved.yaml"));
        Files.createSymbolicLink(file, outside);

        EngineExecutionResults refused = tolerantRun(Map.of());

        failsItsTestAndTheVerdict(refused, "unreadable", "approval file links outside the approval folder");
    }

    @Test
    @DisplayName("(d) an answer approved for another message fails the test in tolerant governance, outside CI too")
    void approvedForAnotherMessage() throws IOException {
        Path file = approvalFile();
        Files.writeString(file, Files.readString(file).replace("said: " + APPROVED, "said: where is my parcel"));

        EngineExecutionResults reworded = tolerantRun(Map.of());

        failsItsTestAndTheVerdict(reworded, "missing", "approved for \"where is my parcel\", this test now says");
    }

    @Test
    @DisplayName("a wrong answer against a readable approved answer is still tolerated, and judged with the others: 9 of 10"
            + " meets 90 %")
    void aDifferentAnswerIsStillTolerated() throws IOException {
        Path file = approvalFile();
        Files.writeString(file, Files.readString(file).replace("intent: check_order", "intent: escalate"));

        EngineExecutionResults differs = tolerantRun(Map.of());

        differs.testEvents().assertStatistics(stats -> stats.started(10).succeeded(9).aborted(1).failed(0));
        assertThat(EngineTestSupport.approvalsIn(dir.resolve("reports/results.json"))).containsEntry("test_order", "compared");
        assertThat(resultsJson().path("governance").path("status").asString()).isEqualTo("COMPLIANT");
    }
}
