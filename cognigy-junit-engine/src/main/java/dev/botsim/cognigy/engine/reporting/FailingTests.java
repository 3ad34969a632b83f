package dev.botsim.cognigy.engine.reporting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.Secrets;
import dev.botsim.cognigy.engine.support.BotiumPattern;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.Excerpt;
import dev.botsim.cognigy.engine.support.ExpectationFailureText;
import dev.botsim.cognigy.engine.support.NamedValues;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * A run's failing tests as a CI shows them beside its log — GitHub Actions' job summary and annotations
 * ({@link GitHubActionsReport}), Azure Pipelines' summary and issues ({@link AzurePipelinesReport}): in the order of their
 * files and lines, each with its place in the repository ({@link RepositoryPlaces}), what it expected and what the bot
 * said, and the lines of its annotation's message. Every text is masked of the run's secrets ({@link Secrets#mask}) and
 * what {@code cognigy.replay.redact} names in the run's results is written as its digest ({@link NamedValues}): everyone
 * who reads the repository or the pipeline sees them. None is escaped; each CI's writer escapes them its own way.
 */
final class FailingTests {

    /** At most this many characters of one line of an annotation's message. */
    private static final int ANNOTATION_LINE = Excerpt.QUOTED;

    /** At most this many lines of a failure's message in its annotation. */
    private static final int ANNOTATION_LINES = 20;

    private FailingTests() {
    }

    /**
     * A failing test as the summary and its annotation say it, every text masked of the run's secrets, none escaped.
     *
     * @param id        its test id ({@code test_order})
     * @param name      its test id and what it said ({@code test_order: where is my order})
     * @param place     its place as its failure's first line names it: {@code orders.sim.yaml:12}, {@code Class#method}
     * @param expected  the declared expectations its answer failed, as a data file writes them
     *                  ({@code intent: check_order; next_flow: flow_orders}), or {@code null} for another failure
     * @param headline  the first line of the failure's message, which quotes what the test said
     * @param failure   the failure's message, for a failure other than a declared expectation's
     * @param said      what the bot said ({@code "Hello!" (intent greeting, flow flow_greeting)}), or {@code null} when it
     *                  answered nothing
     * @param tolerated whether tolerant governance let it through ({@code cognigy.governance.mode=tolerant}): a warning
     * @param at        where it is defined in the repository, if that can be known
     */
    record Failure(SimulationRecord record, String id, String name, String place, String expected, String headline,
                   String failure, String said, boolean tolerated, Optional<RepositoryPlaces.Place> at) {
    }

    /** What a CI's page shows of a finished run: its failing tests, and the job summary's Markdown. */
    record CiView(List<Failure> failures, String summary) {
    }

    /**
     * What a CI's page shows of {@code run}: its texts {@linkplain #masking masked}, its failing tests placed relative to
     * {@code repository} (the CI's checkout; {@code null} when it has none), found from the working directory — the
     * module's, under Maven and Gradle — and the summary naming files relative to it. The merge places no test.
     *
     * @param mergedRun the run id when this is {@code merge} concluding a split run, else {@code null}
     */
    static CiView view(FinishedRun run, EngineConfig config, java.nio.file.Path repository, String mergedRun) {
        UnaryOperator<String> masked = masking(config, run.records());
        RepositoryPlaces places = new RepositoryPlaces(mergedRun == null ? repository : null, java.nio.file.Path.of("").toAbsolutePath());
        List<Failure> failures = of(run.records(), config, masked, places);
        return new CiView(failures, GitHubJobSummary.of(run, failures, mergedRun, file -> RepositoryPlaces.shown(file, repository), masked,
                run.coverageShortfall()));
    }

    /** A text of the run as everyone may read it: what {@code cognigy.replay.redact} names as its digest, secrets masked. */
    static UnaryOperator<String> masking(EngineConfig config, List<SimulationRecord> records) {
        List<String> secrets = config.secrets().forms();
        NamedValues named = NamedValues.of(config.replay().redact(), records);
        return text -> text == null ? null : Secrets.mask(named.in(text), secrets);
    }

    /** The run's tests that neither passed nor were skipped, by file, line and test id, each at its place in {@code places}. */
    static List<Failure> of(List<SimulationRecord> records, EngineConfig config, UnaryOperator<String> masked,
                            RepositoryPlaces places) {
        return records.stream()
                .filter(r -> r.outcome() != Outcome.PASSED && r.outcome() != Outcome.SKIPPED)
                .sorted(Comparator.comparing((SimulationRecord r) -> r.source() == null ? "" : r.source())
                        .thenComparingInt(SimulationRecord::line).thenComparing(SimulationRecord::testId)
                        .thenComparing(SimulationRecord::uniqueId))
                .map(r -> failure(r, config, masked, places)).toList();
    }

    private static Failure failure(SimulationRecord r, EngineConfig config, UnaryOperator<String> masked, RepositoryPlaces places) {
        String name = r.testId() + (r.utterance() == null ? "" : ": " + r.utterance());
        String place = r.source() == null ? "" : r.source() + (r.line() > 0 ? ":" + r.line() : "");
        List<String> differing = ExpectationFailureText.differingFields(r.message());
        // Only a failure of the expectation the record declares is shown field by field from it: a @Conversation method's
        // turn failed an expectation of its own, which the record does not hold, so its message says what was expected.
        String expected = differing.isEmpty() || r.expected().isEmpty() ? null : expected(r.expected(), differing);
        String failure = expected != null ? null
                : (r.outcome() == Outcome.FAILED ? "" : r.outcome().name() + ": ") + (r.message() == null ? "" : r.message().strip());
        String said = r.actual().isEmpty() ? null : said(r.actual());
        boolean tolerated = config.tolerant() && r.outcome() == Outcome.FAILED && !r.invalidInput() && !r.notCompared();
        return new Failure(r, masked.apply(r.testId()), masked.apply(name), masked.apply(place), masked.apply(expected),
                masked.apply(firstLine(r.message())), masked.apply(failure), masked.apply(said), tolerated, places.of(r));
    }

    /**
     * The declared expectations among {@code fields}, the fields a failure's first line names as differing, as a data
     * file's {@code expect} writes them: {@code intent: check_order; entities.order_id: ORD_99}.
     */
    static String expected(Expectation e, List<String> fields) {
        List<String> parts = new ArrayList<>();
        for (String field : fields) {
            Object value = switch (field) {
                case "intent" -> e.intent();
                case "not_intent" -> e.notIntent();
                case "no_intent" -> e.noIntent() ? "true" : null;
                case "intent_min_score" -> e.intentMinScore() >= 0 ? java.math.BigDecimal.valueOf(e.intentMinScore()).toPlainString() : null;
                case "next_flow" -> e.nextFlow();
                case "response_contains" -> e.responseContains();
                case "response_matches" -> BotiumPattern.shown(e.responseMatches());
                case "response_contains_any" -> e.responseContainsAny().isEmpty() ? null : e.responseContainsAny();
                case "response_not_contains" -> e.responseNotContains().isEmpty() ? null : e.responseNotContains();
                case "response_length" -> e.checksResponseLength() ? (e.responseMinLength() >= 0 ? e.responseMinLength() : "")
                        + ".." + (e.responseMaxLength() >= 0 ? e.responseMaxLength() : "") : null;
                case "error_code" -> e.errorCode();
                case "quick_replies" -> e.quickReplies().isEmpty() ? null : e.quickReplies();
                case "buttons" -> e.buttons().isEmpty() ? null : e.buttons();
                case "response_data" -> e.responseData().isEmpty() ? null : e.responseData();
                default -> field.startsWith("entities.") ? entity(e, field.substring("entities.".length())) : null;
            };
            parts.add(value == null ? field : field + ": " + value);
        }
        return String.join("; ", parts);
    }

    /** The value expected of the entity a failure names ({@link ConsoleText#oneLine}, as it names it). */
    private static String entity(Expectation e, String named) {
        return e.entities().entrySet().stream().filter(entry -> ConsoleText.oneLine(entry.getKey()).equals(named))
                .map(java.util.Map.Entry::getValue).findFirst().orElse(null);
    }

    /** The bot's turns, each its text and what it was understood as: {@code "Hello!" (intent greeting, flow flow_greeting)}. */
    static String said(List<BotTurn> turns) {
        List<String> shown = new ArrayList<>();
        for (BotTurn t : turns) {
            List<String> facts = new ArrayList<>();
            if (t.intent() != null) facts.add("intent " + t.intent());
            if (t.flowId() != null) facts.add("flow " + t.flowId());
            if (t.hasError()) facts.add("error " + t.errorCode());
            String text = t.text() == null ? "" : "\"" + t.text() + "\"";
            String about = facts.isEmpty() ? "" : "(" + String.join(", ", facts) + ")";
            shown.add(text.isEmpty() && about.isEmpty() ? "(nothing)" : text + (text.isEmpty() || about.isEmpty() ? "" : " ") + about);
        }
        return String.join(" / ", shown);
    }

    /**
     * The message of a failing test's annotation, a line each: its place, id and what failed — its failure's first line
     * and the expectations it failed, or its failure's message, at most {@value #ANNOTATION_LINES} lines of it — and what
     * the bot said. Each line cut to its beginning and length ({@link Excerpt}) and written on one line as the console
     * writes it ({@link ConsoleText#visible}), so no line of it is a CI's command.
     */
    static List<String> message(Failure f) {
        List<String> message = new ArrayList<>();
        String lead = (f.place().isEmpty() ? "" : f.place() + " ") + f.id() + ": ";
        if (f.expected() != null) {
            message.add(lead + f.headline());
            message.add("expected " + f.expected());
        } else {
            List<String> lines = f.failure().lines().toList();
            message.add(lead + (lines.isEmpty() ? "" : lines.get(0)));
            lines.stream().skip(1).limit(ANNOTATION_LINES - 1).forEach(message::add);
            if (lines.size() > ANNOTATION_LINES) message.add("… (" + (lines.size() - ANNOTATION_LINES) + " more lines)");
        }
        if (f.said() != null) message.add("bot said: " + f.said());
        return message.stream().map(line -> ConsoleText.visible(Excerpt.of(line, ANNOTATION_LINE))).toList();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.strip().lines().findFirst().orElse("");
    }
}
