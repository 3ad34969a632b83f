package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.shard.RunPart;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * A rerun's part merged with a whole part that began after the rerun ended: the rerun is of an earlier run of that shard,
 * and its older result must not stand in for the later one.
 */
class EarlierRerunTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    private static SimulationRecord result(String test, Outcome outcome) {
        return SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:" + test + "]").testId(test).outcome(outcome).build();
    }

    private static RunInfo info(String batch, Instant started, Map<String, String> settings, int planned) {
        Map<String, String> configuration = new TreeMap<>(settings);
        configuration.put(Constants.RUN_ID, "run-9");
        configuration.put(Constants.RUN_DEFER, "true");
        return RunInfo.builder().batchId(batch).started(started).backend("sandbox").plannedTests(planned)
                .configuration(configuration).build();
    }

    private static RunPart whole(String batch, Instant started, SimulationRecord... results) {
        return new RunPart(RunPart.SCHEMA_VERSION, "run-9", "1/1", "order-bot", false, false,
                info(batch, started, Map.of(Constants.SHARD, "1/1"), results.length), started.plusSeconds(30), Map.of(), List.of(results));
    }

    private static RunPart rerun(String batch, Instant started, SimulationRecord... results) {
        return new RunPart(RunPart.SCHEMA_VERSION, "run-9", null, "order-bot", true, false,
                info(batch, started, Map.of(), results.length), started.plusSeconds(5), Map.of(), List.of(results));
    }

    private Path write(RunPart part) throws Exception {
        Path folder = Files.createDirectories(RunPart.folder(dir.resolve("reports"), "run-9", part.info().batchId()));
        return part.write(folder, Optional.empty());
    }

    @Test
    @DisplayName("a rerun that ended before the whole part holding its test began is refused, naming both files and what to"
            + " leave out: its older pass would otherwise stand in for the test's later failure, and the run pass")
    void rerunOlderThanItsTestsPartIsRefused() throws Exception {
        // The suite ran, its failed test was rerun and passed; the suite ran again under the same run id (the older whole
        // part deleted, as the merge's refusal of a shard there twice advises), and the test failed again.
        Path rerun = write(rerun("batch_rerun0000", START.plusSeconds(60), result("test_a", Outcome.PASSED)));
        Path later = write(whole("batch_later00000", START.plusSeconds(600), result("test_a", Outcome.FAILED),
                result("test_b", Outcome.PASSED)));
        Path out = dir.resolve("merged");

        Merge merge = Merge.run(List.of("--out", out.toString(), dir.resolve("reports/run-9").toString()), Map.of());

        assertThat(merge.code()).as(merge.out()).isEqualTo(2);
        assertThat(merge.err()).startsWith("merge refused: a rerun of run run-9 ran before the part whose results it would replace: "
                        + rerun + " finished at 2026-12-01T10:01:05Z, before " + later + " (shard 1/1 of run run-9) began at"
                        + " 2026-12-01T10:10:00Z, which holds 1 of its tests: [engine:cognigy]/[case:test_a]")
                .contains("leave its part out of the merge (its folder, or its file); to replace the later results, rerun those tests"
                        + " now and merge that rerun's part instead");
        SandboxSplitRuns.refusedInto(out);

        // The shard job's own check counts its parts as the merge will, and says the merge will refuse them.
        Map<String, RunPart> parts = Map.of(rerun.toString(), RunPart.read(rerun), later.toString(), RunPart.read(later));
        assertThat(ShardTally.of(parts).refusal()).hasValueSatisfying(refusal -> assertThat(refusal)
                .startsWith("a rerun of run run-9 ran before the part whose results it would replace"));

        // Without the stale rerun, the later failure is the run's result.
        Files.delete(rerun);
        Merge without = Merge.run(List.of("--out", out.toString(), dir.resolve("reports/run-9").toString()), Map.of());
        assertThat(without.code()).as(without.err()).isEqualTo(1);
    }

    @Test
    @DisplayName("a rerun that began after its test's part began is merged, its later result winning, also where the two"
            + " overlap: neither is then known to be the earlier")
    void rerunAfterItsTestsPartIsMerged() {
        RunPart whole = whole("batch_whole00000", START, result("test_a", Outcome.FAILED));
        // Begun before the whole part ended (the clocks of two machines a few seconds apart): not known to be the earlier.
        RunPart rerun = rerun("batch_rerun0000", START.plusSeconds(20), result("test_a", Outcome.PASSED));
        Map<String, RunPart> parts = new TreeMap<>(Map.of("a/cognigy-part.json", whole, "b/cognigy-part.json", rerun));

        MergedRun run = MergedRun.of(parts, Map.of("a/cognigy-part.json", "aaa", "b/cognigy-part.json", "bbb"));

        assertThat(run.records()).singleElement().satisfies(merged -> {
            assertThat(merged.outcome()).isEqualTo(Outcome.PASSED);
            assertThat(merged.rerun()).isTrue();
        });
    }
}
