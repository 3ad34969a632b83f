package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.shard.RunPart;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;
import dev.botsim.cognigy.spi.Stability;

/**
 * What a merged run takes from its parts: the batch that names it, a rerun's attempts, where its messages went, what
 * answered in the bot's place and which bot answered — each from the parts that ran tests — and how a shard job's own
 * parts are counted before the run's merge.
 */
class MergedRunRulesTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    private static SimulationRecord result(String test, Outcome outcome) {
        return SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:" + test + "]").testId(test).outcome(outcome).build();
    }

    private static RunInfo.Builder info(String batch, Map<String, String> settings) {
        Map<String, String> configuration = new TreeMap<>(settings);
        configuration.put(Constants.RUN_ID, "run-9");
        return RunInfo.builder().batchId(batch).started(START).backend("sandbox").configuration(configuration);
    }

    private static RunPart shard(String shard, String suite, RunInfo.Builder info, SimulationRecord... results) {
        return new RunPart(RunPart.SCHEMA_VERSION, "run-9", shard, suite, false, false,
                info.plannedTests(results.length).build(), START.plusSeconds(5), Map.of(), List.of(results));
    }

    private static RunPart shard(String shard, RunInfo.Builder info, SimulationRecord... results) {
        return shard(shard, "order-bot", info, results);
    }

    private static MergedRun merge(RunPart... parts) {
        Map<String, RunPart> byFile = new TreeMap<>();
        Map<String, String> digests = new TreeMap<>();
        for (RunPart part : parts) {
            String where = (part.shard() == null ? part.info().batchId() : "shard-" + part.shard().charAt(0)) + "/cognigy-part.json";
            byFile.put(where, part);
            digests.put(where, part.info().batchId());
        }
        return MergedRun.of(byFile, digests);
    }

    @Test
    @DisplayName("the batch is named by the run id, every part's content and any verdict setting the merge judged otherwise:"
            + " a rerun added, a part changed or another threshold is another batch — another audit record and webhook id —"
            + " and the same parts in another order are the same batch")
    void batchNamedByEveryPartAndTheVerdictSettings() {
        String two = MergedRun.batchId("run-9", List.of("aaa", "bbb"));
        assertThat(MergedRun.batchId("run-9", List.of("bbb", "aaa"))).isEqualTo(two);
        assertThat(MergedRun.batchId("run-9", List.of("aaa", "bbb", "ccc"))).as("a rerun's part added").isNotEqualTo(two);
        assertThat(MergedRun.batchId("run-9", List.of("aaa", "bbc"))).as("a part changed").isNotEqualTo(two);
        assertThat(MergedRun.batchId("run-10", List.of("aaa", "bbb"))).as("another run").isNotEqualTo(two);
        assertThat(MergedRun.batchId("run-9", List.of("aaa", "bbb"), Map.of(Constants.GOVERNANCE_THRESHOLD, "0.8")))
                .as("judged with another threshold").isNotEqualTo(two)
                .isNotEqualTo(MergedRun.batchId("run-9", List.of("aaa", "bbb"), Map.of(Constants.GOVERNANCE_THRESHOLD, "0.9")));
        assertThat(MergedRun.batchId("run-9", List.of("aaa", "bbb"), Map.of())).isEqualTo(two).matches("batch_[0-9a-f]{12}");
    }

    @Test
    @DisplayName("a rerun in a run that set no cognigy.repeat.pass-ratio is judged by its default, 1.0: failed, then passed"
            + " is FLAKY and does not meet the ratio")
    void rerunWithoutAPassRatioIsJudgedByTheDefault() {
        RunPart whole = shard("1/1", info("batch_1", Map.of(Constants.SHARD, "1/1")), result("test_a", Outcome.FAILED));
        RunPart rerun = new RunPart(RunPart.SCHEMA_VERSION, "run-9", null, "order-bot", true, false,
                info("batch_rerun", Map.of()).started(START.plusSeconds(60)).plannedTests(1).build(), START.plusSeconds(65), Map.of(),
                List.of(result("test_a", Outcome.PASSED)));

        MergedRun run = merge(whole, rerun);

        SimulationRecord merged = run.records().get(0);
        assertThat(merged.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(merged.rerun()).isTrue();
        assertThat(merged.repetitions().requiredRatio()).isEqualTo(1.0);
        assertThat(merged.repetitions().ratioMet()).isFalse();
        assertThat(merged.repetitions().stability()).isEqualTo(Stability.FLAKY);
        assertThat(run.reruns()).containsExactly("[engine:cognigy]/[case:test_a]");
        assertThat(run.info().plannedTests()).as("a rerun's test is no test more").isEqualTo(1);
    }

    @Test
    @DisplayName("shards whose sandbox bot definition lies at another path of their runner's checkout merge: the definition"
            + " is compared as a setting, not as where messages went; the run names the representative's")
    void sandboxDefinitionPathsOfTwoRunnersMerge() {
        RunPart one = shard("1/2", info("batch_1", Map.of(Constants.SHARD, "1/2"))
                .target(Map.of("sandbox", "/runner-1/work/bots/order.yaml")), result("test_a", Outcome.PASSED));
        RunPart two = shard("2/2", info("batch_2", Map.of(Constants.SHARD, "2/2"))
                .target(Map.of("sandbox", "/runner-2/work/bots/order.yaml")), result("test_b", Outcome.PASSED));

        MergedRun run = merge(one, two);

        assertThat(run.records()).hasSize(2);
        assertThat(run.info().target()).containsExactly(Map.entry("sandbox", "/runner-1/work/bots/order.yaml"));
    }

    @Test
    @DisplayName("a shard that selected no tests neither names a stand-in nor states a bot for the run: the verdict rests on"
            + " the answers of the parts that ran tests, which came from the bot itself")
    void emptyShardNamesNoStandInAndNoBot() {
        Map<String, String> bot = Map.of("backend", "sandbox", "bot", "sha256:aaa");
        RunPart ran = shard("1/2", info("batch_1", Map.of(Constants.SHARD, "1/2")).replay("auto", bot), result("test_a", Outcome.PASSED));
        RunPart empty = shard("2/2", info("batch_2", Map.of(Constants.SHARD, "2/2")).replay("auto", Map.of("backend", "sandbox",
                "bot", "sha256:zzz")).standIn("the embedded sandbox (cognigy.backend=sandbox)"));

        MergedRun run = merge(ran, empty);

        assertThat(run.info().standIn()).isNull();
        assertThat(run.info().botFingerprint()).isEqualTo(bot);
        assertThat(run.differentBots()).isEmpty();
    }

    @Test
    @DisplayName("parts that ran tests and state no fingerprint (replay off in one of them) do not turn the other's bot into"
            + " 'a | none'")
    void aPartStatingNoFingerprintNamesNoOtherBot() {
        Map<String, String> bot = Map.of("backend", "sandbox", "bot", "sha256:aaa");
        RunPart stated = shard("1/2", info("batch_1", Map.of(Constants.SHARD, "1/2")).replay("auto", bot), result("test_a", Outcome.PASSED));
        RunPart none = shard("2/2", info("batch_2", Map.of(Constants.SHARD, "2/2")).replay("auto", Map.of()),
                result("test_b", Outcome.PASSED));

        MergedRun run = merge(stated, none);

        assertThat(run.info().botFingerprint()).isEqualTo(bot);
        assertThat(run.differentBots()).isEmpty();
    }

    @Test
    @DisplayName("a stand-in some parts that ran tests name is said with each part, one that all name is said once")
    void standInNamedWithItsParts() {
        String sandbox = "the embedded sandbox (cognigy.backend=sandbox)";
        RunPart live = shard("1/2", info("batch_1", Map.of(Constants.SHARD, "1/2")), result("test_a", Outcome.PASSED));
        RunPart standIn = shard("2/2", info("batch_2", Map.of(Constants.SHARD, "2/2")).standIn(sandbox), result("test_b", Outcome.PASSED));
        assertThat(merge(live, standIn).info().standIn()).isEqualTo(sandbox + " in shard 2/2");

        RunPart alsoStandIn = shard("1/2", info("batch_1", Map.of(Constants.SHARD, "1/2")).standIn(sandbox), result("test_a", Outcome.PASSED));
        assertThat(merge(alsoStandIn, standIn).info().standIn()).isEqualTo(sandbox);
    }

    @Test
    @DisplayName("a shard job's own tally counts the parts of its module's suite, and parts that say no suite, as the run's"
            + " merge will: another module's parts in the shared report folder are that module's to judge")
    void shardTallyCountsItsSuitesParts() {
        RunPart order = shard("1/2", "order-bot", info("batch_1", Map.of(Constants.SHARD, "1/2", Constants.REPORT_DIR, "order/reports")),
                result("test_a", Outcome.FAILED));
        RunPart unsaid = shard("2/2", null, info("batch_2", Map.of(Constants.SHARD, "2/2")), result("test_b", Outcome.PASSED));
        RunPart faq = shard("1/2", "faq-bot", info("batch_3", Map.of(Constants.SHARD, "1/2", Constants.REPORT_DIR, "faq/reports")),
                result("test_faq", Outcome.FAILED));
        Map<String, RunPart> parts = new TreeMap<>(Map.of("order/cognigy-part.json", order, "unsaid/cognigy-part.json", unsaid,
                "faq/cognigy-part.json", faq));

        ShardTally tally = ShardTally.of(parts, List.of(), "order-bot");

        assertThat(tally.parts()).isEqualTo(2);
        assertThat(tally.results()).containsOnlyKeys("[engine:cognigy]/[case:test_a]", "[engine:cognigy]/[case:test_b]");
        assertThat(tally.refusal()).isEmpty();
        assertThat(tally.failedTests("run-9", false).failing()).isEqualTo(1);
        assertThat(tally.settings()).containsEntry(Constants.REPORT_DIR, "order/reports");

        assertThat(ShardTally.of(parts, List.of(), "billing-bot").parts()).as("only a part that says no suite").isEqualTo(1);
        assertThat(ShardTally.of(Map.of(), List.of(), "order-bot").parts()).isZero();
    }

    @Test
    @DisplayName("the run's settings are a whole part's that ran tests, never a rerun's, wherever the rerun's part lies")
    void runSettingsAreAWholePartsNotARerunsOfItsTests() {
        RunPart whole = shard("1/1", info("batch_1", Map.of(Constants.SHARD, "1/1", Constants.REPORT_DIR, "shard/reports")),
                result("test_a", Outcome.FAILED));
        RunPart rerun = new RunPart(RunPart.SCHEMA_VERSION, "run-9", null, "order-bot", true, false,
                info("batch_0", Map.of(Constants.REPORT_DIR, "rerun/reports")).started(START.plusSeconds(60)).plannedTests(1).build(),
                START.plusSeconds(65), Map.of(), List.of(result("test_a", Outcome.PASSED)));
        Map<String, RunPart> parts = new TreeMap<>(Map.of("a-rerun/cognigy-part.json", rerun, "z-shard/cognigy-part.json", whole));

        assertThat(PartSettings.representative(parts)).isSameAs(whole);
        assertThat(PartSettings.of(parts)).containsEntry(Constants.REPORT_DIR, "shard/reports").doesNotContainKey(Constants.SHARD);
    }

    @Test
    @DisplayName("a rerun's result stands for a class's test of the same test id and file only at the same known line: without"
            + " a line it is a test no whole part ran, and refused rather than put in another test's place")
    void rerunWithoutALineReplacesNoOtherTest() {
        SimulationRecord classes = SimulationRecord.builder().uniqueId("[engine:cognigy]/[class:OrderBotTest]/[case:test_a]")
                .testId("test_a").outcome(Outcome.FAILED).source("simulations/orders.sim.yaml").build();
        RunPart whole = shard("1/1", info("batch_1", Map.of(Constants.SHARD, "1/1")), classes);
        SimulationRecord filesOwn = classes.toBuilder().uniqueId("[engine:cognigy]/[file:simulations/orders.sim.yaml]/[case:test_a]")
                .outcome(Outcome.PASSED).build();
        RunPart rerun = new RunPart(RunPart.SCHEMA_VERSION, "run-9", null, "order-bot", true, false,
                info("batch_rerun", Map.of()).started(START.plusSeconds(60)).plannedTests(1).build(), START.plusSeconds(65), Map.of(),
                List.of(filesOwn));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> merge(whole, rerun)).isInstanceOf(MergedRun.MergeRefused.class)
                .hasMessageContaining("ran tests the run did not plan: batch_rerun/cognigy-part.json holds 1 test that no shard"
                        + " or fork of the run ran: [engine:cognigy]/[file:simulations/orders.sim.yaml]/[case:test_a]");

        RunPart lined = new RunPart(RunPart.SCHEMA_VERSION, "run-9", "1/1", "order-bot", false, false, whole.info(),
                whole.finished(), Map.of(), List.of(classes.toBuilder().line(7).build()));
        RunPart rerunLined = new RunPart(RunPart.SCHEMA_VERSION, "run-9", null, "order-bot", true, false, rerun.info(),
                rerun.finished(), Map.of(), List.of(filesOwn.toBuilder().line(7).build()));
        MergedRun run = merge(lined, rerunLined);
        assertThat(run.records()).singleElement().satisfies(record -> {
            assertThat(record.uniqueId()).isEqualTo(classes.uniqueId());
            assertThat(record.outcome()).isEqualTo(Outcome.PASSED);
            assertThat(record.rerun()).isTrue();
        });
    }

    @Test
    @DisplayName("a mark of a part that began is counted against its own run only; a mark that cannot be read (cut short as"
            + " its JVM wrote it) may be any run's, and is counted against the run merged")
    void aMarkIsOfItsOwnRun(@org.junit.jupiter.api.io.TempDir java.nio.file.Path reports) throws Exception {
        java.nio.file.Path mark = RunPart.begin(reports, new RunPart.Begun("run-41", "1/2", "order-bot", START, null, null));
        java.nio.file.Path cut = java.nio.file.Files.writeString(mark.resolveSibling("cognigy-part-cut.started"), "{\"runId\":\"run-4");

        assertThat(BegunMark.read(mark, true).mayBeOf("run-41")).isTrue();
        assertThat(BegunMark.read(mark, true).mayBeOf("run-42")).isFalse();
        assertThat(BegunMark.read(cut, true).mayBeOf("run-42")).isTrue();
    }

    @Test
    @DisplayName("a failed result of a data file without a line is named by its file alone, never as line 0")
    void failedResultWithoutALineNamedByItsFile() {
        SimulationRecord noLine = SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:test_a]").testId("test_a")
                .outcome(Outcome.FAILED).source("simulations/orders.sim.yaml").build();
        SimulationRecord lined = noLine.toBuilder().uniqueId("[engine:cognigy]/[case:test_b]").testId("test_b").line(1).build();

        assertThat(FailedTests.of("run-9", List.of(noLine, lined), false).reason())
                .endsWith(": test_a (failed, simulations/orders.sim.yaml), test_b (failed, simulations/orders.sim.yaml:1)");
    }
}
