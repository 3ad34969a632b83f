package dev.botsim.cognigy.engine.reporting;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes {@code results.json} (schema in docs/reports.md) into the report directory: the summary,
 * governance verdict, coverage, confusion matrix, misconfigurations and every simulation with its
 * expectation and the bot's turns. Written to a temporary file and moved into place, so a reader
 * never sees half a report.
 */
final class ResultsJson {

    static final int SCHEMA_VERSION = 1;

    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    Path write(Path directory, RunInfo run, RunAnalysis analysis, List<SimulationRecord> records, Instant finished)
            throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema_version", SCHEMA_VERSION);
        root.put("batch_id", run.batchId());
        root.put("backend", run.backend());
        root.put("started", run.started().toString());
        root.put("finished", finished.toString());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("total", analysis.total());
        analysis.outcomes().forEach((outcome, n) -> summary.put(outcome.name().toLowerCase(Locale.ROOT), n));
        summary.put("pass_rate", analysis.passRate());
        root.put("summary", summary);
        root.put("governance", Map.of("status", analysis.verdict().status().name(), "threshold", analysis.verdict().threshold(),
                "passed", analysis.verdict().passed(), "total", analysis.verdict().total()));
        Map<String, Object> coverage = new LinkedHashMap<>();
        coverage.put("expected_flows", analysis.coverage().expected());
        coverage.put("covered_flows", analysis.coverage().covered());
        coverage.put("ratio", analysis.coverage().ratio());
        coverage.put("hits", analysis.coverage().hits());
        coverage.put("missing", analysis.coverage().missing());
        coverage.put("unexpected_flows", analysis.coverage().unexpected());
        root.put("flow_coverage", coverage);
        root.put("intent_coverage", schemaCoverage(analysis.intents()));
        root.put("entity_coverage", schemaCoverage(analysis.entities()));
        root.put("flow_transitions", analysis.transitions());
        root.put("intent_confusion", analysis.confusion());
        root.put("misconfigurations", analysis.misconfigurations());
        Files.createDirectories(directory);
        Path target = directory.resolve("results.json");
        Path partial = Files.createTempFile(directory, "results", ".json.part");
        // The results are streamed one at a time: as one tree, 100,000 of them take more heap than the run itself.
        try (JsonGenerator out = json.createGenerator(partial.toFile(), JsonEncoding.UTF8)) {
            out.writeStartObject();
            for (Map.Entry<String, Object> field : root.entrySet()) {
                out.writeName(field.getKey());
                out.writePOJO(field.getValue());
            }
            out.writeName("results");
            out.writeStartArray();
            for (SimulationRecord record : records) out.writePOJO(result(record));
            out.writeEndArray();
            out.writeEndObject();
        } catch (RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** {@code null} when the backend does not describe the bot. */
    private static Map<String, Object> schemaCoverage(dev.botsim.cognigy.engine.analysis.SchemaCoverage coverage) {
        if (!coverage.isKnown()) return null;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("known", coverage.known().size());
        out.put("covered", coverage.covered());
        out.put("ratio", coverage.ratio());
        out.put("missing", coverage.missing());
        return out;
    }

    private static Map<String, Object> result(SimulationRecord r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("unique_id", r.uniqueId());
        out.put("test_id", r.testId());
        out.put("name", r.displayName());
        out.put("source", r.source());
        out.put("line", r.line());
        out.put("tags", r.tags());
        out.put("utterance", r.utterance());
        out.put("outcome", r.outcome().name());
        out.put("message", r.message());
        out.put("expected", expected(r.expected()));
        out.put("actual", r.actual().stream().map(ResultsJson::turn).toList());
        out.put("duration_ms", r.duration().toMillis());
        out.put("retries", r.attempts());
        return out;
    }

    private static Map<String, Object> expected(Expectation e) {
        Map<String, Object> out = new LinkedHashMap<>();
        putIf(out, "intent", e.intent(), Function.identity());
        putIf(out, "not_intent", e.notIntent(), Function.identity());
        if (e.intentMinScore() >= 0) out.put("intent_min_score", e.intentMinScore());
        if (!e.entities().isEmpty()) out.put("entities", e.entities());
        putIf(out, "next_flow", e.nextFlow(), Function.identity());
        putIf(out, "response_contains", e.responseContains(), Function.identity());
        putIf(out, "response_matches", e.responseMatches(), Function.identity());
        putIf(out, "error_code", e.errorCode(), Function.identity());
        return out;
    }

    private static Map<String, Object> turn(BotTurn t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("turn_index", t.turnIndex());
        out.put("flow_id", t.flowId());
        out.put("intent", t.intent());
        out.put("intent_score", Double.isNaN(t.intentScore()) ? null : t.intentScore());
        out.put("entities", t.entities());
        out.put("text", t.text());
        out.put("error_code", t.errorCode());
        out.put("error_message", t.errorMessage());
        return out;
    }

    private static <T> void putIf(Map<String, Object> out, String key, T value, Function<T, Object> map) {
        if (value != null) out.put(key, map.apply(value));
    }
}
