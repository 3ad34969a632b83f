package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.merge.MergeCommand;
import dev.botsim.cognigy.engine.shard.RunPart;
import dev.botsim.cognigy.spi.Governance;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;
import dev.botsim.cognigy.spi.SimulationListener;
import dev.botsim.cognigy.spi.SimulationRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test standing for invalid input has no tags (its input could not be read), so a launcher's tag filter takes it out
 * of the tree after discovery: the run must still count it and fail, not pass over a file it could not read.
 */
class FilteredProblemsTest {

    private static final String BROKEN = "datafile/many-errors.sim.yaml";
    private static final String TAGGED = "fixtures/standalone/orders.sim.yaml";

    private final List<RunSummary> summaries = new ArrayList<>();
    private final List<SimulationRecord> records = new ArrayList<>();
    private final List<RunInfo> runs = new ArrayList<>();
    private final SimulationListener capture = new SimulationListener() {
        @Override
        public void runFinished(RunInfo run, List<SimulationRecord> all, RunSummary summary) {
            runs.add(run);
            summaries.add(summary);
            records.addAll(all);
        }
    };

    private EngineTestKit.Builder suite(Path dir) {
        return kit(new ScriptedBackend(), capture).configurationParameter(Constants.REPORT_DIR, dir.toString())
                .selectors(selectClasspathResource(TAGGED), selectClasspathResource(BROKEN));
    }

    private static String engineFailure(EngineExecutionResults results) {
        return results.containerEvents().failed().stream()
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow().getMessage())
                .findFirst().orElse("(the engine did not fail)");
    }

    @Test
    @DisplayName("a tag filter that leaves out the tests of a file that could not be read: the tagged tests run, the invalid"
            + " input counts as failed in the results, the verdict is REVIEW_REQUIRED and the run fails naming each problem")
    void tagFilterLeavesInvalidInputOut(@TempDir Path dir) {
        EngineExecutionResults results = suite(dir).filters(TagFilter.includeTags("orders")).execute();

        assertThat(results.testEvents().started().stream().map(e -> e.getTestDescriptor().getDisplayName()))
                .isNotEmpty().noneMatch(name -> name.startsWith("invalid"));
        results.testEvents().assertStatistics(stats -> stats.failed(0));
        assertThat(engineFailure(results)).startsWith("invalid input: ")
                .contains("a filter of the launcher (a tag filter", "Fix the input:")
                .contains("utterence");
        assertThat(summaries).singleElement().extracting(RunSummary::governance).isEqualTo(Governance.REVIEW_REQUIRED);
        List<SimulationRecord> problems = records.stream().filter(SimulationRecord::invalidInput).toList();
        assertThat(problems).isNotEmpty().allSatisfy(problem -> assertThat(problem.message()).contains("left out of this run by a filter"));
        // The run planned the tagged tests and the invalid input left out alike: every result it has is one it planned.
        assertThat(records.size()).isGreaterThan(problems.size());
        assertThat(runs).singleElement().extracting(RunInfo::plannedTests).isEqualTo((long) records.size());
        JsonNode written = JsonMapper.builder().build().readTree(dir.resolve("results.json").toFile());
        assertThat(written.path("governance").path("status").asString()).isEqualTo("REVIEW_REQUIRED");
        assertThat(written.path("summary").path("total").asLong()).isEqualTo(records.size());
    }

    @Test
    @DisplayName("without a filter the invalid input is its own failed tests, and the run names nothing as left out")
    void unfilteredRunShowsTheProblemsAsTests(@TempDir Path dir) {
        EngineExecutionResults results = suite(dir).execute();

        assertThat(results.testEvents().failed().stream().map(e -> e.getTestDescriptor().getDisplayName()))
                .anyMatch(name -> name.startsWith("invalid"));
        assertThat(engineFailure(results)).doesNotContain("a filter of the launcher");
        assertThat(records).filteredOn(SimulationRecord::invalidInput).isNotEmpty()
                .noneMatch(problem -> problem.message().contains("left out of this run"));
    }

    @Test
    @DisplayName("a tag filter that leaves no test at all but invalid input out: the run fails naming the problems")
    void filterLeavesNothingButInvalidInput(@TempDir Path dir) {
        EngineExecutionResults results = suite(dir).filters(TagFilter.includeTags("no-such-tag")).execute();

        assertThat(results.testEvents().started().count()).isZero();
        assertThat(engineFailure(results)).startsWith("invalid input: ").contains("utterence");
    }

    @Test
    @DisplayName("a part of a split run (a shard, a fork) whose filter left it no test but invalid input keeps that input's"
            + " results in its part file, so the merged run counts them and is not COMPLIANT on the tests the other parts ran")
    void partLeftWithNothingButInvalidInputKeepsItForTheMerge(@TempDir Path dir) throws Exception {
        EngineExecutionResults unfiltered = suite(dir.resolve("whole")).execute();
        long problems = unfiltered.testEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().startsWith("invalid")).count();
        assertThat(problems).isPositive();

        for (String[] part : new String[][] {{Constants.SHARD, "1/1"}, {Constants.RUN_DEFER, "true"}}) {
            Path reports = dir.resolve(part[0]);
            EngineExecutionResults results = suite(reports).configurationParameter(Constants.RUN_ID, "run-3")
                    .configurationParameter(part[0], part[1]).filters(TagFilter.includeTags("no-such-tag")).execute();
            assertThat(results.testEvents().started().count()).isZero();
            assertThat(engineFailure(results)).startsWith("invalid input: ");

            List<Path> files;
            try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(reports)) {
                files = walk.filter(file -> file.getFileName().toString().equals("cognigy-part.json")).toList();
            }
            assertThat(files).as(part[0]).singleElement();
            RunPart written = RunPart.read(files.get(0));
            assertThat(written.records()).as(part[0]).hasSize((int) problems).allMatch(SimulationRecord::invalidInput);
            assertThat(written.info().plannedTests()).isEqualTo(problems);
            // The file's three readable cases the filter took out too: counted, for the merged run to say.
            assertThat(written.info().filteredOut()).as(part[0]).isEqualTo(3);

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = MergeCommand.run(List.of("--out", reports.resolve("merged").toString(), reports.toString()), name -> null,
                    Clock.systemUTC(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(1);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("governance: REVIEW_REQUIRED", problems + " tests stand for invalid input");
        }
    }

    @Test
    @DisplayName("in a split run under a tag filter every shard holds the invalid input, and the merge counts it once: a"
            + " shard whose JVM never got the file (Surefire hands a JVM only the classes the filter left it a test of)"
            + " loses none of it, and the merged run fails over it as one JVM does")
    void everyShardHoldsTheInvalidInput(@TempDir Path dir) {
        suite(dir.resolve("single")).filters(TagFilter.includeTags("orders")).execute();
        long problems = records.stream().filter(SimulationRecord::invalidInput).count();
        assertThat(problems).isPositive();

        // Shard 1 alone got the file, shard 2 alone, or both (0), whose parts then each hold it.
        for (int seenBy : new int[] {1, 2, 0}) {
            Path reports = dir.resolve("seen-by-" + seenBy);
            for (int shard = 1; shard <= 2; shard++) {
                // The other shard's JVM is handed the tagged file alone, as Surefire hands it the classes that kept a test.
                EngineTestKit.Builder jvm = shard == seenBy || seenBy == 0 ? suite(reports)
                        : kit(new ScriptedBackend(), capture).configurationParameter(Constants.REPORT_DIR, reports.toString())
                                .selectors(selectClasspathResource(TAGGED));
                jvm.configurationParameter(Constants.RUN_ID, "run-" + seenBy).configurationParameter(Constants.SHARD, shard + "/2")
                        .filters(TagFilter.includeTags("orders")).execute();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = MergeCommand.run(List.of("--out", reports.resolve("merged").toString(), reports.toString()), name -> null,
                    Clock.systemUTC(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
            String said = out.toString(StandardCharsets.UTF_8);
            assertThat(code).as("seen by shard " + seenBy + ": " + said).isEqualTo(1);
            assertThat(said).as("seen by shard " + seenBy).contains("governance: REVIEW_REQUIRED", problems + " tests stand for invalid input");
            JsonNode merged = JsonMapper.builder().build().readTree(reports.resolve("merged/results.json").toFile());
            JsonNode single = JsonMapper.builder().build().readTree(dir.resolve("single/results.json").toFile());
            assertThat(merged.path("summary")).as("one JVM's figures").isEqualTo(single.path("summary"));
        }
    }
}
