package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.shard.RunPart;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code cognigy.governance.per-locale} in a split run: a verdict setting like the threshold — the parts must agree on it,
 * the merge applies it as the parts ran with it, and a merge given it itself ({@code -D}) applies it to the whole run,
 * as another batch with its own audit record. Shard 1/2 ran 19 German tests, all passing; shard 2/2 one French, failing.
 */
class PerLocaleMergeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    private static final String FRENCH_REASON = "locale fr-FR: 0 of 1 simulations passed (0.0 %), below the threshold of 95 %"
            + " (cognigy.governance.threshold), which cognigy.governance.per-locale=true applies to each locale's tests as to"
            + " the whole run";

    @TempDir
    Path dir;

    private static SimulationRecord test(String id, String locale, Outcome outcome) {
        return SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:" + id + "]").testId(id).utterance("hello")
                .locale(locale).expected(Expectation.builder().build()).actual(List.of()).outcome(outcome).build();
    }

    /** The two shards' parts, each with its settings besides the run id and shard: the folder of their run. */
    private Path parts(Map<String, String> first, Map<String, String> second) throws Exception {
        return parts("reports", first, second);
    }

    private Path parts(String folder, Map<String, String> first, Map<String, String> second) throws Exception {
        Path reports = dir.resolve(folder);
        List<SimulationRecord> german = new ArrayList<>();
        for (int i = 0; i < 19; i++) german.add(test("test_de_" + i, "de-DE", Outcome.PASSED));
        part(reports, "1/2", "batch_shard1", first, german);
        part(reports, "2/2", "batch_shard2", second, List.of(test("test_fr", "fr-FR", Outcome.FAILED)));
        return reports.resolve("run-7");
    }

    private static void part(Path reports, String shard, String batch, Map<String, String> settings, List<SimulationRecord> records)
            throws Exception {
        Map<String, String> configuration = new HashMap<>(settings);
        configuration.put(Constants.RUN_ID, "run-7");
        configuration.put(Constants.SHARD, shard);
        RunInfo info = RunInfo.builder().batchId(batch).started(START).backend("sandbox").plannedTests(records.size())
                .configuration(configuration).build();
        new RunPart(RunPart.SCHEMA_VERSION, "run-7", shard, "bank-bot", false, false, info, START.plusSeconds(5), Map.of(),
                records).write(RunPart.folder(reports, "run-7", batch), Optional.empty());
    }

    private Merge merge(String out, Path parts, String... settings) {
        List<String> args = new ArrayList<>(List.of("--out", dir.resolve(out).toString(),
                "-D" + Constants.AUDIT_FILE + "=" + dir.resolve("audit.jsonl")));
        for (String setting : settings) args.add("-D" + setting);
        args.add(parts.toString());
        return Merge.run(args, Map.of());
    }

    private JsonNode results(String out) throws Exception {
        return JSON.readTree(dir.resolve(out).resolve("results.json").toFile());
    }

    private List<JsonNode> audit() throws Exception {
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("audit.jsonl"))) records.add(JSON.readTree(line));
        return records;
    }

    @Test
    @DisplayName("parts run without the setting: the merge is COMPLIANT at 95 %; the same parts merged with"
            + " -Dcognigy.governance.per-locale=true are REVIEW_REQUIRED naming fr-FR, another batch with its own audit record"
            + " listing the setting")
    void mergeGivenTheSettingAppliesIt() throws Exception {
        Path parts = parts(Map.of(), Map.of());

        Merge whole = merge("whole", parts);
        // Exit 1 over the failed French test (strict governance), the verdict COMPLIANT as one JVM's would be.
        assertThat(whole.code()).as(whole.err()).isEqualTo(1);
        assertThat(results("whole").at("/governance/status").asString()).isEqualTo("COMPLIANT");
        assertThat(results("whole").has("by_locale")).isFalse();

        Merge perLocale = merge("per-locale", parts, Constants.GOVERNANCE_PER_LOCALE + "=true");
        assertThat(perLocale.code()).as(perLocale.err()).isEqualTo(1);
        JsonNode results = results("per-locale");
        assertThat(results.at("/governance/status").asString()).isEqualTo("REVIEW_REQUIRED");
        assertThat(results.at("/governance/reasons/0/code").asString()).isEqualTo("locale_below_threshold");
        assertThat(results.at("/governance/reasons/0/message").asString()).isEqualTo(FRENCH_REASON);
        assertThat(results.at("/by_locale/fr-FR/outcomes/failed").asLong()).isEqualTo(1);
        assertThat(results.at("/by_locale/de-DE/total").asLong()).isEqualTo(19);
        assertThat(perLocale.out()).contains("[cognigy] locale fr-FR: 1 simulation, 0 passed, 1 failed (0.0 %)",
                "[cognigy]   locale_below_threshold: " + FRENCH_REASON);

        List<JsonNode> trail = audit();
        assertThat(trail).as("two conclusions of the same parts, each its own record").hasSize(2);
        assertThat(trail.get(0).path("batch_id").asString()).isNotEqualTo(trail.get(1).path("batch_id").asString());
        assertThat(trail.get(0).path("governance").asString()).isEqualTo("COMPLIANT");
        assertThat(trail.get(0).path("settings").has(Constants.GOVERNANCE_PER_LOCALE)).isFalse();
        assertThat(trail.get(1).path("governance").asString()).isEqualTo("REVIEW_REQUIRED");
        assertThat(trail.get(1).path("settings").path(Constants.GOVERNANCE_PER_LOCALE).asString()).isEqualTo("true");
        assertThat(trail.get(1).at("/governance_reasons/0/message").asString()).isEqualTo(FRENCH_REASON);
    }

    @Test
    @DisplayName("parts that ran with the setting are merged with it, as one JVM running the suite would judge them")
    void mergeAppliesThePartsSetting() throws Exception {
        Map<String, String> perLocale = Map.of(Constants.GOVERNANCE_PER_LOCALE, "true");
        Merge merge = merge("merged", parts(perLocale, perLocale));

        assertThat(merge.code()).as(merge.err()).isEqualTo(1);
        assertThat(results("merged").at("/governance/status").asString()).isEqualTo("REVIEW_REQUIRED");
        assertThat(results("merged").at("/governance/reasons/0/message").asString()).isEqualTo(FRENCH_REASON);
        assertThat(audit()).singleElement().satisfies(record ->
                assertThat(record.path("settings").path(Constants.GOVERNANCE_PER_LOCALE).asString()).isEqualTo("true"));
    }

    @Test
    @DisplayName("parts that differ on the setting are refused, naming it; a merge given it decides for the whole run; parts"
            + " that write the default and leave it unset agree")
    void partsMustAgreeUnlessTheMergeDecides() throws Exception {
        Path parts = parts(Map.of(Constants.GOVERNANCE_PER_LOCALE, "true"), Map.of());

        Merge refused = merge("refused", parts);
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("cognigy.governance.per-locale (not set in ");

        Merge decided = merge("decided", parts, Constants.GOVERNANCE_PER_LOCALE + "=true");
        assertThat(decided.code()).as(decided.err()).isEqualTo(1);
        assertThat(results("decided").at("/governance/status").asString()).isEqualTo("REVIEW_REQUIRED");

        Merge same = merge("same", parts("spelt", Map.of(Constants.GOVERNANCE_PER_LOCALE, "FALSE"), Map.of()));
        assertThat(same.code()).as("FALSE and unset are one value: " + same.err()).isEqualTo(1);
        assertThat(results("same").at("/governance/status").asString()).isEqualTo("COMPLIANT");
    }
}
