package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.shard.RunPart;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A split run whose shards hold tests of two locales: the merge gives each result its locale, the NLU figures per locale
 * and the audit record's per-locale figures as one JVM running the whole suite would — a rerun's result, which takes an
 * earlier one's place, included.
 */
class NluLocalesMergeTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    private static SimulationRecord test(String id, String locale, String utterance, String recognised, Outcome outcome) {
        return SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:" + id + "]").testId(id).utterance(utterance)
                .locale(locale).expected(Expectation.builder().intent("check_order").build())
                .actual(List.of(TestTurns.turn(0, "flow_order_status", recognised, 0.9, Map.of(), "ok", null, null)))
                .outcome(outcome).build();
    }

    private void part(Path reports, String shard, boolean rerun, String batch, SimulationRecord... records) throws Exception {
        Map<String, String> configuration = new HashMap<>(Map.of(Constants.RUN_ID, "run-7"));
        if (shard != null) configuration.put(Constants.SHARD, shard);
        RunInfo info = RunInfo.builder().batchId(batch).started(START).backend("sandbox").plannedTests(records.length)
                .configuration(configuration).build();
        new RunPart(RunPart.SCHEMA_VERSION, "run-7", shard, "orders-bot", rerun, false, info, START.plusSeconds(5), Map.of(),
                List.of(records)).write(RunPart.folder(reports, "run-7", batch), Optional.empty());
    }

    @Test
    @DisplayName("shard 1/2 in de-DE, shard 2/2 in fr-FR and a rerun of a French test: the merged results.json names each"
            + " result's locale (the rerun's too) and gives by_locale, and the merge's audit record carries it")
    void localesSurviveTheMerge() throws Exception {
        Path reports = dir.resolve("reports");
        part(reports, "1/2", false, "batch_shard1", test("test_de_1", "de-DE", "wo ist meine Bestellung", "check_order", Outcome.PASSED),
                test("test_de_2", "de-DE", "Paket verfolgen", "check_order", Outcome.PASSED));
        part(reports, "2/2", false, "batch_shard2", test("test_fr_1", "fr-FR", "où est ma commande", "escalate", Outcome.FAILED),
                test("test_fr_2", "fr-FR", "suivre mon colis", "escalate", Outcome.FAILED));
        part(reports, null, true, "batch_rerun", test("test_fr_2", "fr-FR", "suivre mon colis", "check_order", Outcome.PASSED));
        Path out = dir.resolve("merged");

        Merge merged = Merge.run(List.of("--out", out.toString(), "-D" + Constants.AUDIT_FILE + "=" + dir.resolve("audit.jsonl"),
                reports.resolve("run-7").toString()), Map.of());

        assertThat(merged.code()).as(merged.err()).isNotEqualTo(2);
        JsonNode results = JsonMapper.builder().build().readTree(out.resolve("results.json").toFile());
        Map<String, JsonNode> byTest = new HashMap<>();
        results.path("results").forEach(r -> byTest.put(r.path("test_id").asString(), r));
        assertThat(byTest.get("test_de_1").path("locale").asString()).isEqualTo("de-DE");
        assertThat(byTest.get("test_fr_1").path("locale").asString()).isEqualTo("fr-FR");
        assertThat(byTest.get("test_fr_2").path("rerun").asBoolean()).isTrue();
        assertThat(byTest.get("test_fr_2").path("locale").asString()).as("the rerun's result").isEqualTo("fr-FR");

        // fr-FR: test_fr_1 recognised escalate; test_fr_2 escalate, then check_order on rerun: two runs of one test.
        JsonNode fr = results.at("/by_locale/fr-FR/intent_quality/per_intent/check_order");
        assertThat(List.of(fr.path("true_positives").asLong(), fr.path("false_negatives").asLong())).containsExactly(1L, 2L);
        assertThat(results.at("/by_locale/de-DE/intent_quality/macro_f1").asDouble()).isEqualTo(1.0);

        List<String> trail = Files.readAllLines(dir.resolve("audit.jsonl"));
        JsonNode record = JsonMapper.builder().build().readTree(trail.get(trail.size() - 1));
        assertThat(record.at("/by_locale/fr-FR/intent_quality/per_intent/check_order")).isEqualTo(fr);
        assertThat(record.at("/by_locale/de-DE/intent_quality/macro_f1").asDouble()).isEqualTo(1.0);
    }
}
