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

/**
 * The merge keeps test ids unique as one JVM's discovery keeps them, for the uses one JVM's discovery looks at and no
 * others. {@link DuplicateIdsAcrossPartsTest} runs a case, a conversation and a method used twice through real forks.
 */
class UniqueTestIdsTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    /** A fork's part, as Surefire's forks leave them: no shard, its records as given. */
    private static RunPart fork(String batch, Map<String, String> settings, SimulationRecord... records) {
        Map<String, String> configuration = new TreeMap<>(settings);
        configuration.put(Constants.RUN_ID, "run-9");
        RunInfo info = RunInfo.builder().batchId(batch).started(START).backend("sandbox").plannedTests(records.length)
                .configuration(configuration).build();
        return new RunPart(RunPart.SCHEMA_VERSION, "run-9", null, "order-bot", false, false, info, START.plusSeconds(5), Map.of(),
                List.of(records));
    }

    private static MergedRun merge(RunPart... parts) {
        Map<String, RunPart> byFile = new TreeMap<>();
        Map<String, String> digests = new TreeMap<>();
        for (RunPart part : parts) {
            byFile.put(part.info().batchId() + "/cognigy-part.json", part);
            digests.put(part.info().batchId() + "/cognigy-part.json", part.info().batchId());
        }
        return MergedRun.of(byFile, digests);
    }

    private static SimulationRecord turn(String conversation, int turn, int line) {
        return SimulationRecord.builder().uniqueId(conversation + "/[turn:" + turn + "]").testId("test_conv#" + turn)
                .conversationTurn("test_conv", turn).source("fixtures/shared.sim.yaml").line(line).outcome(Outcome.PASSED).build();
    }

    @Test
    @DisplayName("a data file that two classes name, each class run by a fork of its own: the second class's conversation is"
            + " one failing test, named as one JVM names it (long names: with its place), whose message names both classes and"
            + " says to name the file in one class, not to rename ids; the run plans one test for it, not its turns")
    void fileNamedByTwoClassesInTwoForks() {
        String first = "[engine:cognigy]/[class:com.example.ATest]/[file:fixtures%2Fshared.sim.yaml]/[conversation:test_conv]";
        String second = "[engine:cognigy]/[class:com.example.BTest]/[file:fixtures%2Fshared.sim.yaml]/[conversation:test_conv]";
        Map<String, String> longNames = Map.of(Constants.NAMING_STRATEGY, "long");

        // The later class's fork finished first: which use keeps the id does not depend on the parts' order.
        MergedRun run = merge(fork("batch_b", longNames, turn(second, 1, 5), turn(second, 2, 7)),
                fork("batch_a", longNames, turn(first, 1, 5), turn(first, 2, 7)));

        String message = "test id test_conv is used 2 times: fixtures/shared.sim.yaml:5 through com.example.ATest,"
                + " fixtures/shared.sim.yaml:5 through com.example.BTest; a data file named in @BotSimulation(data) of several"
                + " classes runs in each of them: name it in one class only";
        assertThat(run.records()).hasSize(3);
        assertThat(run.records()).filteredOn(SimulationRecord::invalidInput).singleElement().satisfies(problem -> {
            assertThat(problem.uniqueId()).isEqualTo(second);
            assertThat(problem.testId()).isEqualTo(second);
            assertThat(problem.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(problem.displayName()).isEqualTo("invalid: duplicate test_conv at fixtures/shared.sim.yaml:5 through com.example.BTest");
            assertThat(problem.message()).isEqualTo(message);
            assertThat(problem.source()).isEqualTo("fixtures/shared.sim.yaml");
            assertThat(problem.line()).isEqualTo(5);
        });
        assertThat(run.records()).filteredOn(r -> !r.invalidInput()).extracting(SimulationRecord::uniqueId)
                .containsExactly(first + "/[turn:1]", first + "/[turn:2]");
        assertThat(run.duplicates()).singleElement().satisfies(d -> assertThat(d.message()).isEqualTo(message));
        assertThat(run.info().plannedTests()).isEqualTo(3);
    }

    @Test
    @DisplayName("a Cognigy Playbook that two classes select, in two forks: its steps are no duplicates — one JVM runs the"
            + " playbook in each class too — and results that already stand for invalid input are left as they are")
    void playbookStepsAndProblemsAreNoUses() {
        SimulationRecord.Builder step = SimulationRecord.builder().testId("playbook Orders > step 1: hi").conversationTurn("Orders", 1)
                .source("playbook Orders").outcome(Outcome.PASSED);
        SimulationRecord problem = SimulationRecord.builder().uniqueId("[engine:cognigy]/[file:bad.sim.yaml]/[problem:1]")
                .testId("[engine:cognigy]/[file:bad.sim.yaml]/[problem:1]").outcome(Outcome.FAILED).invalidInput(true)
                .message("bad.sim.yaml:1:1: not a data file").build();

        MergedRun run = merge(
                fork("batch_a", Map.of(), step.uniqueId("[engine:cognigy]/[class:com.example.ATest]/[playbook:Orders]/[step:1]").build()),
                fork("batch_b", Map.of(), step.uniqueId("[engine:cognigy]/[class:com.example.BTest]/[playbook:Orders]/[step:1]").build(),
                        problem));

        assertThat(run.duplicates()).isEmpty();
        assertThat(run.records()).extracting(SimulationRecord::outcome).containsExactlyInAnyOrder(Outcome.PASSED, Outcome.PASSED,
                Outcome.FAILED);
        assertThat(run.records()).filteredOn(SimulationRecord::invalidInput).containsExactly(problem);
    }
}
