package dev.botsim.cognigy.engine.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/** Where a run's audit record says it ran: the CI's own variables, and the commit it tested. */
class BatchRecordCiTest {

    private static final RunInfo RUN = RunInfo.builder().batchId("batch_ci0where").started(Instant.parse("2026-12-05T05:00:00Z"))
            .backend("sandbox").plannedTests(0).build();
    private static final String COMMIT = "4f0c2a9e8d7b6a5f4e3d2c1b0a9f8e7d6c5b4a39";

    private static Map<String, Object> record(Map<String, String> environment) {
        List<SimulationRecord> records = List.of();
        return BatchRecord.of(RUN, RunAnalysis.of(RUN, records, new BigDecimal("0.95")), records, Map.of(),
                Instant.parse("2026-12-05T05:00:01Z"), environment::get);
    }

    @Test
    @DisplayName("a job of Azure Pipelines: its build, pipeline, repository and attempt, and the commit it built (BUILD_SOURCEVERSION)")
    void azurePipelines() {
        Map<String, Object> record = record(Map.of("TF_BUILD", "True", "BUILD_BUILDID", "812", "BUILD_NUMBER", "20261205.3",
                "BUILD_DEFINITIONNAME", "bot-regression", "BUILD_REPOSITORY_NAME", "contoso/order-bot", "SYSTEM_JOBATTEMPT", "2",
                "BUILD_REPOSITORY_PROVIDER", "TfsGit", "BUILD_SOURCEVERSION", COMMIT, "SYSTEM_ACCESSTOKEN", "not-recorded"));
        assertThat(record.get("ci")).isEqualTo(Map.of("BUILD_BUILDID", "812", "BUILD_NUMBER", "20261205.3",
                "BUILD_DEFINITIONNAME", "bot-regression", "BUILD_REPOSITORY_NAME", "contoso/order-bot", "SYSTEM_JOBATTEMPT", "2"));
        assertThat(record.get("git_commit")).isEqualTo(COMMIT);
    }

    @Test
    @DisplayName("a TFVC repository's BUILD_SOURCEVERSION is a changeset number, not taken for a commit")
    void tfvcChangesetIsNoCommit() {
        Map<String, Object> record = record(Map.of("BUILD_REPOSITORY_PROVIDER", "TfsVersionControl", "BUILD_SOURCEVERSION", "1234567"));
        assertThat(record.get("git_commit")).isNotEqualTo("1234567");
    }

    @Test
    @DisplayName("GitHub Actions' attempt and Jenkins' build tag are recorded beside their run ids")
    void attemptsAndTags() {
        assertThat(record(Map.of("GITHUB_RUN_ID", "9001", "GITHUB_RUN_ATTEMPT", "3")).get("ci"))
                .isEqualTo(Map.of("GITHUB_RUN_ID", "9001", "GITHUB_RUN_ATTEMPT", "3"));
        assertThat(record(Map.of("BUILD_NUMBER", "41", "BUILD_TAG", "jenkins-bots-order-41")).get("ci"))
                .isEqualTo(Map.of("BUILD_NUMBER", "41", "BUILD_TAG", "jenkins-bots-order-41"));
    }
    @Test
    @DisplayName("a record says what qualifies its verdict only when it applies: tests picked one by one, tests a filter"
            + " took out (how many), parts run again (which, in which attempt) and where the messages went; a whole run"
            + " with none of these carries none of the members, not a zero or an empty map")
    void verdictQualifiersOnlyWhenTheyApply() {
        List<SimulationRecord> records = List.of();
        RunInfo qualified = RunInfo.builder().batchId("batch_ci0picked").started(Instant.parse("2026-12-05T05:00:00Z"))
                .backend("sandbox").plannedTests(0).partial(true).filteredOut(3).rerunAttempts(Map.of("shard-2", 2))
                .target(Map.of("endpoint", "https://endpoint-trial.cognigy.ai/test/****")).build();
        Map<String, Object> record = BatchRecord.of(qualified, RunAnalysis.of(qualified, records, new BigDecimal("0.95")), records,
                Map.of(), Instant.parse("2026-12-05T05:00:01Z"), Map.<String, String>of()::get);
        assertThat(record).containsEntry("partial", true).containsEntry("filtered_out", 3L)
                .containsEntry("rerun_attempts", Map.of("shard-2", 2))
                .containsEntry("target", Map.of("endpoint", "https://endpoint-trial.cognigy.ai/test/****"));

        RunInfo whole = RunInfo.builder().batchId("batch_ci0whole").started(Instant.parse("2026-12-05T05:00:00Z"))
                .backend("sandbox").plannedTests(0).filteredOut(0).build();
        Map<String, Object> plain = BatchRecord.of(whole, RunAnalysis.of(whole, records, new BigDecimal("0.95")), records,
                Map.of(), Instant.parse("2026-12-05T05:00:01Z"), Map.<String, String>of()::get);
        assertThat(plain).doesNotContainKeys("partial", "filtered_out", "rerun_attempts", "target", "replay", "stability",
                "by_locale");
    }
}
