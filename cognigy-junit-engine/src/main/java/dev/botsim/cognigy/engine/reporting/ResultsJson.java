package dev.botsim.cognigy.engine.reporting;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.botsim.cognigy.annotations.BotChoice;
import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.analysis.BotUnderTestFields;
import dev.botsim.cognigy.engine.analysis.ReplayFields;
import dev.botsim.cognigy.engine.analysis.IntentQuality;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.engine.analysis.VerdictReasons;
import dev.botsim.cognigy.engine.support.InteroperableJsonGenerator;
import dev.botsim.cognigy.engine.support.JsonValues;
import dev.botsim.cognigy.engine.support.ExpectationFailureText;
import dev.botsim.cognigy.engine.support.LanguageTag;
import dev.botsim.cognigy.engine.support.PartialFile;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.IntentMargin;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes {@code results.json} (schema in docs/reports.md) into the report directory: the summary,
 * governance verdict, coverage, confusion matrix, misconfigurations and every simulation with its
 * expectation and the bot's turns. Written to a partial file and moved into place, so a reader
 * never sees half a report; with the permissions any new file gets ({@link PartialFile}).
 */
final class ResultsJson {

    static final int SCHEMA_VERSION = 1;

    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** The file's name in the report folder. */
    static final String FILE_NAME = "results.json";

    private final RunEnvironment environment;

    ResultsJson() {
        this(RunEnvironment.THIS_JVM);
    }

    /** @param environment what ran the run, as the file names it */
    ResultsJson(RunEnvironment environment) {
        this.environment = environment;
    }

    Path write(Path directory, RunInfo run, RunAnalysis analysis, List<SimulationRecord> records, Instant finished)
            throws IOException {
        return ReportWriter.moveIntoPlace(writePartial(directory, run, analysis, records, finished), directory.resolve(FILE_NAME));
    }

    /** The results written whole into a partial file beside {@value #FILE_NAME}, not yet moved over it; removed if it fails. */
    Path writePartial(Path directory, RunInfo run, RunAnalysis analysis, List<SimulationRecord> records, Instant finished)
            throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema_version", SCHEMA_VERSION);
        root.put("batch_id", run.batchId());
        // Only for tests picked one by one (written to the partial folder): its figures are those tests', not the suite's.
        if (run.partial()) root.put("partial", true);
        // Only when a launcher's filter (tags, method names) took discovered tests out: the figures are of those that ran.
        if (run.filteredOut() > 0) root.put("filtered_out", run.filteredOut());
        // Only for a merged run one of whose parts its CI ran again in a later attempt: which, in which attempt.
        if (!run.rerunAttempts().isEmpty()) root.put("rerun_attempts", run.rerunAttempts());
        // Only for one part of a split run: its governance is DEFERRED, its figures are the part's, merge gives the run's.
        if (run.part() != null) root.put("part", run.part());
        root.put("backend", run.backend());
        root.put("bot", run.botName());
        root.put("bot_under_test", BotUnderTestFields.of(run));
        // Where the messages went, shown without secrets: a staging run's file is told from a production run's.
        root.put("target", run.target());
        root.put("replay", ReplayFields.of(run, records));
        // What ran it and with which settings, for whoever reads the file without the machine (a partner's support, an
        // issue): the versions, and the cognigy.* settings as given, secrets never among them; one not listed had its default.
        root.put("environment", environment.json());
        root.put("configuration", new java.util.TreeMap<>(run.configuration()));
        // To the millisecond: a clock's nanoseconds are noise to every reader of the file. The duration is taken
        // between the two instants as written, so finished - started is duration_ms for whoever reads them.
        Instant startedShown = run.started().truncatedTo(ChronoUnit.MILLIS);
        Instant finishedShown = finished.truncatedTo(ChronoUnit.MILLIS);
        root.put("started", startedShown.toString());
        root.put("finished", finishedShown.toString());
        root.put("duration_ms", Math.max(0, Duration.between(startedShown, finishedShown).toMillis()));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("total", analysis.total());
        analysis.outcomes().forEach((outcome, n) -> summary.put(outcome.name().toLowerCase(Locale.ROOT), n));
        summary.put("pass_rate", analysis.passRate());
        root.put("summary", summary);
        // In a fixed order: results.json is compared and diffed across runs.
        Map<String, Object> governance = new LinkedHashMap<>();
        governance.put("status", analysis.verdict().status().name());
        governance.put("threshold", analysis.verdict().threshold());
        governance.put("passed", analysis.verdict().passed());
        governance.put("total", analysis.verdict().total());
        // Why it is not COMPLIANT, as the audit record and the webhook say it: empty for a COMPLIANT run.
        governance.put("reasons", VerdictReasons.fields(analysis.verdict().reasons()));
        root.put("governance", governance);
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
        root.put("expected_misconfigurations", analysis.expectedMisconfigurations());
        root.put("intent_quality", intentQuality(analysis.intentQuality()));
        // Only when a test ran more than once, so results.json of a run without repetition is as before.
        if (analysis.stability().any()) root.put("stability", StabilityReport.json(analysis.stability()));
        // Only when the run's NLU tests span more than one locale, or it was judged per locale (cognigy.governance.per-locale),
        // so results.json of a run in one locale judged as a whole is as before; the fields above stay the whole run's,
        // every locale merged.
        if (!analysis.byLocale().isEmpty() || !analysis.passRates().isEmpty()) root.put("by_locale", byLocale(analysis));
        Files.createDirectories(directory);
        Path partial = PartialFile.create(directory, ".results.", ".json.part");
        // The results are streamed one at a time: as one tree, 100,000 of them take more heap than the run itself. Every
        // text and number as any JSON reader takes it: jq refuses a whole file for half an emoji in one answer.
        try (JsonGenerator out = new InteroperableJsonGenerator(json.createGenerator(partial.toFile(), JsonEncoding.UTF8))) {
            out.writeStartObject();
            for (Map.Entry<String, Object> field : root.entrySet()) {
                out.writeName(field.getKey());
                JsonValues.write(out, field.getValue());
            }
            out.writeName("results");
            out.writeStartArray();
            // In source order, as index.html lists them: two runs' files differ only where their results do.
            List<SimulationRecord> ordered = new ArrayList<>(records);
            ordered.sort(HtmlReport.SOURCE_ORDER);
            for (SimulationRecord record : ordered) result(out, record);
            out.writeEndArray();
            out.writeEndObject();
        } catch (RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        return partial;
    }

    /**
     * Each locale's {@code intent_confusion} and {@code intent_quality}, shaped as the run's, and, when a test ran more
     * than once, its {@code stability_intents}, shaped as {@code stability.intents}; when the run was judged per locale,
     * every locale's {@code outcomes}, {@code total} and {@code success_rate} before them, a locale without NLU figures
     * having those alone. In name order.
     */
    private static Map<String, Object> byLocale(RunAnalysis analysis) {
        Map<String, Map<String, Object>> out = new java.util.TreeMap<>();
        // Judged per locale: every locale of the run's tests, its outcomes, tests that ran and pass rate first, named as the
        // audit record names the run's.
        analysis.passRates().forEach((locale, rate) -> {
            Map<String, Object> figures = out.computeIfAbsent(locale, k -> new LinkedHashMap<>());
            Map<String, Long> outcomes = new java.util.TreeMap<>();
            rate.outcomes().forEach((outcome, n) -> outcomes.put(outcome.name().toLowerCase(Locale.ROOT), n));
            figures.put("outcomes", outcomes);
            figures.put("total", rate.total());
            figures.put("success_rate", rate.passRate());
        });
        analysis.byLocale().forEach((locale, nlu) -> {
            Map<String, Object> figures = out.computeIfAbsent(locale, k -> new LinkedHashMap<>());
            figures.put("intent_confusion", nlu.confusion());
            figures.put("intent_quality", intentQuality(nlu.intentQuality()));
            if (analysis.stability().any()) figures.put("stability_intents", StabilityReport.intents(nlu.stability()));
        });
        return new LinkedHashMap<>(out);
    }

    /** Per-intent figures, the most confused pairs and the fragile utterances; an undefined figure is {@code null}. */
    private static Map<String, Object> intentQuality(IntentQuality quality) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> perIntent = new LinkedHashMap<>();
        quality.perIntent().forEach((intent, f) -> {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("expected", f.expected());
            figures.put("true_positives", f.truePositives());
            figures.put("false_positives", f.falsePositives());
            figures.put("false_negatives", f.falseNegatives());
            figures.put("precision", number(f.precision()));
            figures.put("recall", number(f.recall()));
            figures.put("f1", number(f.f1()));
            perIntent.put(intent, figures);
        });
        out.put("per_intent", perIntent);
        out.put("macro_f1", quality.macroF1().isPresent() ? quality.macroF1().getAsDouble() : null);
        out.put("not_bot_intents", quality.notBotIntents());
        List<Map<String, Object>> pairs = new ArrayList<>();
        for (IntentQuality.ConfusedPair pair : quality.confusedPairs()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("expected", pair.expected());
            item.put("got", pair.got());
            item.put("count", pair.count());
            pairs.add(item);
        }
        out.put("confused_pairs", pairs);
        out.put("fragile_margin", quality.fragileMargin());
        out.put("margins_known", quality.marginsKnown());
        List<Map<String, Object>> fragile = new ArrayList<>();
        for (IntentQuality.FragileUtterance f : quality.fragile()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("test_id", f.testId());
            item.put("source", f.source());
            item.put("line", f.line());
            item.put("utterance", f.utterance());
            item.put("expected_intent", f.expectedIntent());
            item.put("outcome", f.outcome().name());
            item.putAll(margin(f.margin()));
            fragile.add(item);
        }
        out.put("fragile", fragile);
        return out;
    }

    /** The two best intents and the lead of the first, in the order results.json gives them. */
    private static Map<String, Object> margin(IntentMargin margin) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("first", margin.first());
        out.put("first_score", margin.firstScore());
        out.put("second", margin.second());
        out.put("second_score", margin.secondScore());
        out.put("margin", margin.margin());
        return out;
    }

    private static Double number(double value) {
        return Double.isNaN(value) ? null : value;
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

    /**
     * One simulation, written field by field: what serializing a map of its fields wrote, byte for
     * byte, without building the map or looking up a serializer for every value — a tenth of a
     * second less at the end of a run of 1,000 in a fresh JVM.
     */
    private static void result(JsonGenerator out, SimulationRecord r) {
        out.writeStartObject();
        string(out, "unique_id", r.uniqueId());
        string(out, "test_id", r.testId());
        // Only for a test that gives one (external_id:, @Utterance(externalId)): the id a test-management tool knows it by,
        // shared by a case's variants and a conversation's turns. Others' results are unchanged.
        if (r.externalId() != null) string(out, "external_id", r.externalId());
        string(out, "name", r.displayName());
        string(out, "source", r.source());
        out.writeNumberProperty("line", r.line());
        string(out, "conversation_id", r.conversationId());
        out.writeNumberProperty("turn", r.turn());
        out.writeName("tags");
        out.writeStartArray();
        for (String tag : r.tags()) out.writeString(tag);
        out.writeEndArray();
        string(out, "utterance", r.utterance());
        // Only for a test that names its locale (locale: on the case, its conversation or its file), in its usual case as
        // by_locale names it (de-DE for de-de), so a result is found among the figures without a rule of the reader's:
        // the results of a test in the run's own locale are as they were.
        if (r.locale() != null && !r.locale().isBlank()) string(out, "locale", LanguageTag.canonical(r.locale()));
        // Whether the message reached the bot: false for a test refused before sending, one whose message never left, a
        // skipped test and a problem test, whose results say nothing of the bot.
        out.writeBooleanProperty("sent", r.sent());
        string(out, "outcome", r.outcome().name());
        // Only on a skipped result that says why (disabled, earlier_turn_failed, cancelled, …), so a tool pushing results
        // tells the kinds apart without reading the message. Other results are unchanged.
        if (r.skipReason() != null) string(out, "skip_reason", r.skipReason().name().toLowerCase(Locale.ROOT));
        out.writeBooleanProperty("replayed", r.replayed());
        // Only for a test partly replayed (some answers from a cassette, some from the bot): others' results are unchanged.
        if (!r.replayed() && r.replayedAnswers() > 0) out.writeNumberProperty("replayed_answers", r.replayedAnswers());
        // Only in a merged run, and only on results a rerun replaced: other runs' results.json are unchanged.
        if (r.rerun()) out.writeBooleanProperty("rerun", true);
        // newly_approved, accepted, compared, missing, unreadable; null when the test compares no approved answer.
        string(out, "approval", r.approval() == null ? null : r.approval().name().toLowerCase(Locale.ROOT));
        // Only on a failed test whose checks could not be judged on its answer (a replayed answer's redacted part): what the
        // verdict's not_compared counts, beside a missing or unreadable approval. Others' results are unchanged.
        if (r.unjudged()) out.writeBooleanProperty("unjudged", true);
        string(out, "message", r.message());
        // Only on a failure of a declared expectation: the fields its first line names as differing, as expect names them
        // (intent, entities.order_id, next_flow), read back as index.html reads them to mark its Expected lines, so a
        // tool need not parse the message. Others' results are unchanged.
        List<String> differing = ExpectationFailureText.differingFields(r.message());
        if (!differing.isEmpty()) {
            out.writeName("differing_fields");
            out.writeStartArray();
            for (String field : differing) out.writeString(field);
            out.writeEndArray();
        }
        out.writeName("expected");
        expected(out, r.expected());
        out.writeName("actual");
        out.writeStartArray();
        for (BotTurn turn : r.actual()) turn(out, turn);
        out.writeEndArray();
        // Only a @Conversation method's: what it said, each message with the index in actual of its answer's first turn and,
        // for one that never reached the bot, "sent": false.
        if (!r.userTurns().isEmpty()) {
            out.writeName("user_turns");
            out.writeStartArray();
            for (SimulationRecord.UserTurn said : r.userTurns()) {
                out.writeStartObject();
                string(out, "text", said.text());
                out.writeNumberProperty("first_answer", said.firstAnswer());
                // Only on a message that never reached the bot: the others' entries are as they were.
                if (!said.sent()) out.writeBooleanProperty("sent", false);
                out.writeEndObject();
            }
            out.writeEndArray();
        }
        out.writeNumberProperty("duration_ms", r.duration().toMillis());
        out.writeNumberProperty("retries", r.attempts());
        // Only for a test whose requests were retried: each retry as a line (request, what it met, the wait), so a slow or
        // failing run's file says where its time went; a result without one has no such key, as before.
        if (!r.retryLog().isEmpty()) {
            out.writeName("retry_log");
            out.writeStartArray();
            for (String line : r.retryLog()) out.writeString(line);
            out.writeEndArray();
        }
        out.writeName("intent_margin");
        if (r.intentMargin() == null) out.writeNull();
        else JsonValues.write(out, margin(r.intentMargin()));
        if (r.repetitions() != null) {
            out.writeName("repetitions");
            JsonValues.write(out, StabilityReport.repetitions(r.repetitions()));
        }
        out.writeEndObject();
    }

    /** The declared expectation: only what was declared. */
    private static void expected(JsonGenerator out, Expectation e) {
        out.writeStartObject();
        if (e.intent() != null) string(out, "intent", e.intent());
        if (e.notIntent() != null) string(out, "not_intent", e.notIntent());
        if (e.noIntent()) out.writeBooleanProperty("no_intent", true);
        if (e.intentMinScore() >= 0) out.writeNumberProperty("intent_min_score", e.intentMinScore());
        if (!e.entities().isEmpty()) {
            out.writeName("entities");
            out.writeStartObject();
            e.entities().forEach((name, value) -> string(out, name, value));
            out.writeEndObject();
        }
        if (e.nextFlow() != null) string(out, "next_flow", e.nextFlow());
        if (e.responseContains() != null) string(out, "response_contains", e.responseContains());
        if (e.responseMatches() != null) string(out, "response_matches", e.responseMatches());
        texts(out, "response_contains_any", e.responseContainsAny());
        texts(out, "response_not_contains", e.responseNotContains());
        if (e.checksResponseLength()) {
            out.writeName("response_length");
            out.writeStartObject();
            if (e.responseMinLength() >= 0) out.writeNumberProperty("min", e.responseMinLength());
            if (e.responseMaxLength() >= 0) out.writeNumberProperty("max", e.responseMaxLength());
            out.writeEndObject();
        }
        if (e.errorCode() != null) string(out, "error_code", e.errorCode());
        if (!e.quickReplies().isEmpty()) {
            out.writeName("quick_replies");
            out.writeStartArray();
            e.quickReplies().forEach(out::writeString);
            out.writeEndArray();
        }
        if (!e.buttons().isEmpty()) {
            out.writeName("buttons");
            out.writeStartArray();
            e.buttons().forEach(out::writeString);
            out.writeEndArray();
        }
        if (!e.responseData().isEmpty()) {
            out.writeName("response_data");
            JsonValues.write(out, e.responseData());
        }
        out.writeEndObject();
    }

    private static void turn(JsonGenerator out, BotTurn t) {
        out.writeStartObject();
        out.writeNumberProperty("turn_index", t.turnIndex());
        string(out, "flow_id", t.flowId());
        string(out, "intent", t.intent());
        out.writeName("intent_score");
        if (Double.isNaN(t.intentScore())) out.writeNull();
        else out.writeNumber(t.intentScore());
        out.writeName("entities");
        out.writeStartObject();
        t.entities().forEach((name, value) -> {
            out.writeName(name);
            JsonValues.write(out, value);
        });
        out.writeEndObject();
        string(out, "text", t.text());
        string(out, "error_code", t.errorCode());
        string(out, "error_message", t.errorMessage());
        string(out, "flow_reference_id", t.flowReferenceId());
        choices(out, "quick_replies", t.quickReplies());
        choices(out, "buttons", t.buttons());
        // Only for an answer with a gallery whose cards offer buttons: what each card offered, in order.
        if (!t.cardButtons().isEmpty()) choices(out, "card_buttons", t.cardButtons());
        out.writeName("output_data");
        out.writeStartArray();
        for (Map<String, Object> data : t.outputData()) JsonValues.write(out, data);
        out.writeEndArray();
        out.writeEndObject();
    }

    /**
     * Quick replies or buttons the bot offered: title and payload ({@code null} when it gave none), in order, and the
     * button's kind when its output named one ({@code postback}, {@code web_url}: a link, whose payload is its URL).
     */
    private static void choices(JsonGenerator out, String name, List<BotChoice> choices) {
        out.writeName(name);
        out.writeStartArray();
        for (BotChoice choice : choices) {
            out.writeStartObject();
            string(out, "title", choice.title());
            string(out, "payload", choice.payload());
            if (choice.type() != null) out.writeStringProperty("type", choice.type());
            out.writeEndObject();
        }
        out.writeEndArray();
    }

    /** A list of texts under {@code name}, left out when empty. */
    private static void texts(JsonGenerator out, String name, List<String> values) {
        if (values.isEmpty()) return;
        out.writeName(name);
        out.writeStartArray();
        values.forEach(out::writeString);
        out.writeEndArray();
    }

    /** A string property, {@code null} written as JSON null. */
    private static void string(JsonGenerator out, String name, String value) {
        out.writeName(name);
        if (value == null) out.writeNull();
        else out.writeString(value);
    }
}
