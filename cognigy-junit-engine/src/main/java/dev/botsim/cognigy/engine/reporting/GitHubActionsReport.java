package dev.botsim.cognigy.engine.reporting;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.Secrets;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.Excerpt;
import dev.botsim.cognigy.engine.support.ExpectationFailureText;
import dev.botsim.cognigy.engine.support.NamedValues;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * At the end of a run under GitHub Actions ({@code cognigy.report.github-actions}; by default where {@code GITHUB_ACTIONS}
 * is {@code true}), what a pull request's reviewer reads without opening the log: the job summary — the verdict and its
 * reasons, the pass figures, flow coverage, the failing tests with what they expected and what the bot said, where the
 * reports are — appended to the file {@code GITHUB_STEP_SUMMARY} names ({@link GitHubJobSummary}), and an error
 * annotation on the console for each failing test, at its data file's line or its method's declaration
 * ({@link RepositoryPlaces}). A part of a split run says it is one and that the verdict is the merge's; the merge writes
 * the merged run's summary and no annotations, since the parts' jobs annotated the tests they ran.
 *
 * <p>Nothing here changes a result: a summary that cannot be written is one warning line on the console, and one over
 * GitHub's limit of a step's summary is cut below it, saying so. Every text from the records is masked of the run's secrets
 * ({@link Secrets#mask}) before it is written anywhere, and what {@code cognigy.replay.redact} names in the run's results is
 * written as its digest ({@link NamedValues}): everyone who reads the repository sees the summary and annotations.
 */
final class GitHubActionsReport implements AnalysedRunListener {

    /** The file GitHub Actions collects a step's job summary from. */
    static final String STEP_SUMMARY_ENV = "GITHUB_STEP_SUMMARY";

    /** The repository's root in a GitHub Actions job: annotations name files relative to it. */
    static final String WORKSPACE_ENV = "GITHUB_WORKSPACE";

    /** GitHub takes at most this much of one step's summary (1 MiB), and none of one that is larger. */
    static final long SUMMARY_LIMIT = 1024 * 1024;

    /** GitHub shows at most this many error annotations of a step, and as many warnings. */
    static final int ANNOTATIONS_SHOWN = 10;

    private final EngineConfig config;
    private final Function<String, String> environment;
    private final PrintStream out;
    private final String mergedRun;

    /**
     * @param mergedRun the run id when this is {@code merge} concluding a split run (no annotations), else {@code null}
     */
    GitHubActionsReport(EngineConfig config, Function<String, String> environment, PrintStream out, String mergedRun) {
        this.config = config;
        this.environment = environment;
        this.out = out;
        this.mergedRun = mergedRun;
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

    @Override
    public void runFinished(FinishedRun run) {
        if (!config.reports().githubActions().applies(environment)) return;
        List<String> secrets = config.secrets().forms();
        // The summary and annotations are shown to everyone who can read the repository: what cognigy.replay.redact names is
        // written as its digest there, wherever a test's name, its failure or the bot's answer quotes it.
        NamedValues named = NamedValues.of(config.replay().redact(), run.records());
        UnaryOperator<String> masked = text -> text == null ? null : Secrets.mask(named.in(text), secrets);
        Path workspace = path(environment.apply(WORKSPACE_ENV)).orElse(null);
        // Files are looked up from the working directory: the module's, under Maven and Gradle. The merge annotates nothing.
        RepositoryPlaces places = new RepositoryPlaces(mergedRun == null ? workspace : null, Path.of("").toAbsolutePath());
        List<Failure> failures = run.records().stream()
                .filter(r -> r.outcome() != Outcome.PASSED && r.outcome() != Outcome.SKIPPED)
                .sorted(Comparator.comparing((SimulationRecord r) -> r.source() == null ? "" : r.source())
                        .thenComparingInt(SimulationRecord::line).thenComparing(SimulationRecord::testId)
                        .thenComparing(SimulationRecord::uniqueId))
                .map(r -> failure(r, masked, places)).toList();
        writeSummary(GitHubJobSummary.of(run, failures, mergedRun, file -> shown(file, workspace), masked));
        if (mergedRun == null) annotations(failures).forEach(out::println);
    }

    private Failure failure(SimulationRecord r, UnaryOperator<String> masked, RepositoryPlaces places) {
        String name = r.testId() + (r.utterance() == null ? "" : ": " + r.utterance());
        String place = r.source() == null ? "" : r.source() + (r.line() > 0 ? ":" + r.line() : "");
        List<String> differing = ExpectationFailureText.differingFields(r.message());
        String expected = differing.isEmpty() ? null : expected(r.expected(), differing);
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
                case "response_matches" -> e.responseMatches();
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
     * One {@code ::error} line per failing test — a {@code ::warning} for one tolerant governance let through — at most
     * {@link #ANNOTATIONS_SHOWN} of each, which is all GitHub shows of a step, and one {@code ::notice} counting the rest.
     */
    static List<String> annotations(List<Failure> failures) {
        List<String> lines = new ArrayList<>();
        int errors = 0;
        int warnings = 0;
        int left = 0;
        for (Failure f : failures) {
            boolean shown = f.tolerated() ? warnings++ < ANNOTATIONS_SHOWN : errors++ < ANNOTATIONS_SHOWN;
            if (shown) lines.add(annotation(f));
            else left++;
        }
        if (left > 0) {
            lines.add("::notice title=" + GitHubText.commandProperty("Cognigy") + "::" + GitHubText.commandMessage(left
                    + (left == 1 ? " more failing test is" : " more failing tests are") + " not annotated: GitHub shows at most "
                    + ANNOTATIONS_SHOWN + " error and " + ANNOTATIONS_SHOWN + " warning annotations of a step. The job summary"
                    + " and index.html list every failing test."));
        }
        return lines;
    }

    /** At most this many characters of one line of an annotation's message. */
    private static final int ANNOTATION_LINE = Excerpt.QUOTED;

    /** At most this many lines of a failure's message in its annotation. */
    private static final int ANNOTATION_LINES = 20;

    private static String annotation(Failure f) {
        StringBuilder command = new StringBuilder(f.tolerated() ? "::warning " : "::error ");
        f.at().ifPresent(at -> {
            command.append("file=").append(GitHubText.commandProperty(at.file())).append(',');
            if (at.line() > 0) command.append("line=").append(at.line()).append(',');
        });
        command.append("title=").append(GitHubText.commandProperty(f.id() + " " + f.record().outcome().name()
                + (f.tolerated() ? " (tolerated)" : "")));
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
        String text = String.join("\n", message.stream().map(line -> ConsoleText.visible(Excerpt.of(line, ANNOTATION_LINE))).toList());
        return command.append("::").append(GitHubText.commandMessage(text)).toString();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.strip().lines().findFirst().orElse("");
    }

    /**
     * Appends the summary to the step's summary file: whole when it fits in what GitHub still takes of the step's summary,
     * else cut at a line so that it does, saying so there and on the console; nothing, said on the console, when the file
     * cannot be written. Never throws.
     */
    private void writeSummary(String summary) {
        String named = environment.apply(STEP_SUMMARY_ENV);
        if (named == null || named.isBlank()) {
            ConsoleText.println(out, "[cognigy] WARNING no GitHub Actions job summary written: " + STEP_SUMMARY_ENV + " names no"
                    + " file (GitHub Actions sets it in every step; cognigy.report.github-actions=false turns the summary and"
                    + " annotations off)");
            return;
        }
        Optional<Path> file = path(named);
        if (file.isEmpty()) {
            ConsoleText.println(out, "[cognigy] WARNING no GitHub Actions job summary written: " + STEP_SUMMARY_ENV + "="
                    + named + " is no path");
            return;
        }
        try {
            long before = Files.isRegularFile(file.get()) ? Files.size(file.get()) : 0;
            String separated = before > 0 ? "\n" + summary : summary;
            byte[] bytes = separated.getBytes(StandardCharsets.UTF_8);
            long room = SUMMARY_LIMIT - before;
            if (bytes.length > room) {
                bytes = cut(separated, room);
                ConsoleText.println(out, "[cognigy] WARNING the GitHub Actions job summary was cut to " + bytes.length + " of its "
                        + separated.getBytes(StandardCharsets.UTF_8).length + " bytes: GitHub takes at most " + SUMMARY_LIMIT
                        + " bytes of a step's summary, and " + file.get() + " held " + before + " already; index.html and"
                        + " results.json have the whole run");
                if (bytes.length == 0) return;
            }
            try (OutputStream append = Files.newOutputStream(file.get(), StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE)) {
                append.write(bytes);
            }
        } catch (IOException | RuntimeException e) {
            ConsoleText.println(out, "[cognigy] WARNING the GitHub Actions job summary could not be written to " + file.get() + " ("
                    + e + "); the run's results and verdict are as reported above");
        }
    }

    /** What GitHub says where the summary is cut. */
    static final String CUT = "\n*The rest of this summary is left out: GitHub takes at most 1 MiB of a step's summary. index.html and"
            + " results.json have the whole run.*\n";

    /**
     * The summary's first lines, as many as fit in {@code room} bytes with {@link #CUT} after them; nothing when not even
     * that note fits.
     */
    static byte[] cut(String summary, long room) {
        byte[] note = CUT.getBytes(StandardCharsets.UTF_8);
        if (note.length > room) return new byte[0];
        StringBuilder kept = new StringBuilder();
        long used = note.length;
        for (String line : summary.split("(?<=\n)")) {
            long size = line.getBytes(StandardCharsets.UTF_8).length;
            if (used + size > room) break;
            kept.append(line);
            used += size;
        }
        return (kept + CUT).getBytes(StandardCharsets.UTF_8);
    }

    /** A report's path relative to the workspace when it lies below it, else as it is. */
    private static String shown(Path file, Path workspace) {
        Path absolute = file.toAbsolutePath().normalize();
        if (workspace != null) {
            try {
                Path real = absolute.toRealPath();
                Path root = workspace.toRealPath();
                if (real.startsWith(root) && !real.equals(root)) return root.relativize(real).toString().replace('\\', '/');
            } catch (IOException | RuntimeException e) {
                // Shown as it is.
            }
        }
        return absolute.toString();
    }

    private static Optional<Path> path(String named) {
        if (named == null || named.isBlank()) return Optional.empty();
        try {
            return Optional.of(Path.of(named));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
