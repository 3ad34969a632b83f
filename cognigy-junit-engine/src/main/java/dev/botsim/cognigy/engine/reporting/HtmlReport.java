package dev.botsim.cognigy.engine.reporting;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

import dev.botsim.cognigy.annotations.BotChoice;
import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.analysis.IntentQuality;
import dev.botsim.cognigy.engine.analysis.ReplayFields;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.engine.analysis.SchemaCoverage;
import dev.botsim.cognigy.engine.support.BotiumPattern;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.Excerpt;
import dev.botsim.cognigy.engine.support.ExpectationFailureText;
import dev.botsim.cognigy.engine.support.LanguageTag;
import dev.botsim.cognigy.engine.support.PartialFile;
import dev.botsim.cognigy.engine.support.Percent;
import dev.botsim.cognigy.engine.support.ScoreText;
import dev.botsim.cognigy.spi.BotUnderTest;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.Governance;
import dev.botsim.cognigy.spi.Repetitions;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;
import dev.botsim.cognigy.spi.Stability;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes {@code index.html}: one self-contained page (no external assets, so it works opened from a
 * CI artifact) with the run's facts (bot, times, duration), summary tiles, flow coverage as bars, the
 * intent confusion matrix and the bot's intents and entities never seen, and every simulation grouped
 * by file or class and conversation in source order, failures first in each group, with expected
 * against actual and the bot's turns, each result's anchor its test id; filters by outcome and tag. Every value from a test or the bot
 * is escaped: an utterance is user data. The page stacks on narrow screens (a phone's 390 px).
 */
final class HtmlReport {

    private static final int FLUSH_AT = 1 << 16;

    /**
     * Source order: by file or class, then method, line and turn; the unique id breaks ties. The order results are
     * written in (here and in results.json), the same in every run whatever order the tests finished in.
     */
    static final Comparator<SimulationRecord> SOURCE_ORDER = Comparator
            .comparing((SimulationRecord r) -> group(r.source()))
            .thenComparing((SimulationRecord r) -> r.source() == null ? "" : r.source())
            .thenComparingInt(SimulationRecord::line).thenComparingInt(SimulationRecord::turn)
            .thenComparing(SimulationRecord::uniqueId);

    /**
     * The group a result is shown in: its file, or the class of an annotated method ({@code com.example.BotTest#greeting}
     * is in {@code com.example.BotTest}, with the class's conversations), so a class is one group however many methods
     * it has; each result still names its method.
     */
    static String group(String source) {
        if (source == null) return "";
        int method = source.indexOf('#');
        return method < 0 ? source : source.substring(0, method);
    }

    /** The page's name in the report folder. */
    static final String FILE_NAME = "index.html";

    /** What a split run's merged page was merged from ({@code run 4711: shards 1/2, 2/2}), or {@code null}. */
    private final String merged;
    private final RunEnvironment environment;

    HtmlReport() {
        this(null);
    }

    /** @param merged for a split run's parts merged, which run and parts, and how many results a rerun gave; else {@code null} */
    HtmlReport(String merged) {
        this(merged, RunEnvironment.THIS_JVM);
    }

    /**
     * @param merged      as {@link #HtmlReport(String)} takes it
     * @param environment what ran the run, as the page's header names it
     */
    HtmlReport(String merged, RunEnvironment environment) {
        this.merged = merged;
        this.environment = environment;
    }

    Path write(Path directory, RunInfo run, RunAnalysis analysis, List<SimulationRecord> records, Instant finished)
            throws IOException {
        return ReportWriter.moveIntoPlace(writePartial(directory, run, analysis, records, finished), directory.resolve(FILE_NAME));
    }

    /** The page written whole into a partial file beside {@value #FILE_NAME}, not yet moved over it; removed if it fails. */
    Path writePartial(Path directory, RunInfo run, RunAnalysis analysis, List<SimulationRecord> records, Instant finished)
            throws IOException {
        Files.createDirectories(directory);
        Path partial = PartialFile.create(directory, ".index.", ".html.part");
        // Streamed: one page for 100,000 simulations is tens of megabytes, too much to build in memory first.
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), FLUSH_AT)) {
            StringBuilder html = new StringBuilder(16_384);
            html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                    .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CONTENT_SECURITY_POLICY).append("\">")
                    .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>cognigy-junit ")
                    .append(esc(run.botName() == null ? "" : run.botName() + " "))
                    .append(esc(run.batchId())).append(": ").append(esc(verdictInTitle(analysis))).append("</title><style>").append(CSS)
                    .append("</style></head><body>");
            header(html, run, records, finished);
            // One main region after the header: a screen reader's landmarks lead past the run's facts to its figures.
            html.append("<main>");
            tiles(html, analysis);
            List<SimulationRecord> sorted = new ArrayList<>(records);
            sorted.sort(SOURCE_ORDER);
            jumps(html, analysis, sorted);
            String runLocale = run.bot().underTest() == null ? null : run.bot().underTest().locale();
            // What failed first: the coverage, the intents and their quality below fill screens on a large run.
            notPassed(html, sorted, runLocale);
            html.append("<section class=\"row\" id=\"section-coverage\"><div class=\"card\"><h2>Flow coverage</h2>");
            coverageChart(html, analysis);
            html.append("</div><div class=\"card\"><h2>Intents and entities</h2>");
            confusion(html, analysis);
            html.append("</div></section>");
            intentQuality(html, analysis, languages(sorted, runLocale));
            StabilityReport.html(html, analysis.stability(), analysis.byLocale());
            results(html, sorted, CodeNodeReports.of(run), runLocale, out);
            html.append("</main><script>").append(SCRIPT).append("</script></body></html>");
            flush(html, out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        return partial;
    }

    /**
     * The run's verdict as the page's title ends with it ({@code REVIEW_REQUIRED, 6 of 9 passed}): the title is what a
     * screen reader says first on opening the page and what a list of windows or tabs shows, where several runs' pages
     * are told apart by their verdicts as much as by their batches.
     */
    static String verdictInTitle(RunAnalysis a) {
        String passed = a.verdict().passed() + " of " + a.verdict().total() + " passed";
        // A part's figures are its own, as its verdict tile says: not the run's.
        if (a.verdict().status() == Governance.DEFERRED) return "DEFERRED to merge, " + passed + " in this part";
        return a.verdict().status().name() + ", " + passed;
    }

    /**
     * Writes what the page has so far and empties it. Encoded by {@link String#getBytes}, whose UTF-8 path the JDK
     * has compiled long before a report is written; a {@link java.io.Writer}'s encoder still runs interpreted then,
     * and in a fresh JVM it took a fifth of the time of writing the page. Called between elements only, so a chunk
     * never ends inside a character (half of a surrogate pair would be encoded as '?'). The page's own marks beyond
     * Latin-1 are written as entities (&amp;rarr;, &amp;mdash;): one such character turns the reused builder into
     * two bytes per character for the rest of the page.
     */
    private static void flush(StringBuilder html, OutputStream out) throws IOException {
        out.write(html.toString().getBytes(StandardCharsets.UTF_8));
        html.setLength(0);
    }

    private void header(StringBuilder html, RunInfo run, List<SimulationRecord> records, Instant finished) {
        html.append("<header><h1>Bot simulations");
        if (run.botName() != null) html.append(" <span class=\"bot\">").append(esc(run.botName())).append("</span>");
        html.append("</h1><p>").append(esc(run.batchId())).append(" · backend ").append(esc(run.backend()));
        // Where the messages went, shown without secrets: a staging run's page is told from a production run's.
        if (!run.target().isEmpty()) {
            html.append(" · sent to ").append(esc(run.target().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(java.util.stream.Collectors.joining(", "))));
        }
        // A rerun of a failed test or an IDE's run of one: its figures are those tests', which the page must not pass
        // off as the suite's.
        if (run.partial()) html.append(" · <strong>tests picked one by one: their verdict and coverage, not the suite's</strong>");
        // A run a launcher's tag or method-name filter took tests out of: its verdict is of the tests that ran.
        if (run.filteredOut() > 0) html.append(" · <strong>").append(run.filteredOut()).append(" of ")
                .append(run.plannedTests() + run.filteredOut()).append(" tests left out by a filter of the launcher (tags, method"
                        + " names): the verdict and coverage are of the ").append(run.plannedTests()).append(" that ran</strong>");
        // A shard's or fork's own page: its figures are its tests', the run's verdict is given by merge.
        if (run.part() != null) html.append(" · <strong>one part of a split run (").append(esc(run.part()))
                .append("): its figures are this part's; merge the parts for the run's</strong>");
        // The merged page: which parts it holds, as cognigy-merge.json and the merge's console line say.
        if (merged != null) html.append(" · <strong>merged from the parts of a split run (").append(esc(merged)).append(")</strong>");
        // Parts from a later attempt of the CI's workflow run: the results of their earlier attempts are not here.
        if (!run.rerunAttempts().isEmpty()) {
            html.append(" · <strong>ran again in a later attempt of its job, its earlier attempts' results not here: ")
                    .append(esc(run.rerunAttempts().entrySet().stream().map(e -> e.getKey() + " in attempt " + e.getValue())
                            .collect(java.util.stream.Collectors.joining(", ")))).append("</strong>");
        }
        BotUnderTest bot = run.bot().underTest();
        if (bot != null) {
            html.append(" · bot under test ").append(esc(bot.projectName()));
            if (bot.flowName() != null) html.append(" / ").append(esc(bot.flowName()));
            if (bot.locale() != null) html.append(" (").append(esc(bot.locale())).append(")");
            html.append(bot.snapshotName() == null ? ", live project" : ", snapshot " + esc(bot.snapshotName()));
        }
        // Under record and replay an answer may be the bot's answer when it was recorded: the run says so at the top,
        // each replayed result with its badge.
        if (!run.replayMode().equals("off")) {
            html.append(" · answers: ").append(ReplayFields.replayed(records)).append(" replayed from cassettes, ")
                    .append(ReplayFields.live(run, records)).append(" live");
            long partly = ReplayFields.partlyReplayed(records);
            if (partly > 0) html.append(", ").append(partly).append(" of them partly replayed");
            html.append(" (cognigy.replay=").append(esc(run.replayMode())).append(")");
        }
        html.append("</p><p>started ").append(esc(shown(run.started()))).append(" · finished ").append(esc(shown(finished)))
                .append(" · took ").append(esc(duration(Duration.between(run.started(), finished)))).append("</p>");
        environment(html, new java.util.TreeMap<>(run.configuration()));
        html.append("</header>");
    }

    /**
     * What ran the run and with which settings, folded under one line naming the versions: the {@code cognigy.*}
     * settings as given (secrets never among them), a table of key and value; one not listed had its default.
     */
    private void environment(StringBuilder html, Map<String, String> settings) {
        String given = settings.isEmpty() ? "every cognigy.* setting at its default"
                : settings.size() + (settings.size() == 1 ? " cognigy.* setting" : " cognigy.* settings") + " given, the others at their defaults";
        if (settings.isEmpty()) {
            html.append("<p id=\"run-environment\">").append(esc(environment.shown())).append(" · ").append(esc(given)).append("</p>");
            return;
        }
        html.append("<details class=\"report\" id=\"run-environment\"><summary>").append(esc(environment.shown())).append(" · ")
                .append(esc(given)).append("</summary><div class=\"scroll\"><table class=\"figures\" aria-label=\"the settings the run was given\">")
                .append(headerRow("setting", "value"));
        settings.forEach((key, value) -> html.append("<tr><td>").append(esc(key)).append("</td><td>").append(esc(value)).append("</td></tr>"));
        html.append("</table></div></details>");
    }

    /** An instant to the second, as people read it; results.json keeps the milliseconds. */
    static String shown(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS)).replace('T', ' ').replace("Z", " UTC");
    }

    /** 850 ms, 1.5 s, 4 min 12 s, 2 h 5 min: as precise as a reader needs. */
    static String duration(Duration d) {
        if (d.isNegative()) d = Duration.ZERO;
        long ms = d.toMillis();
        if (ms < 1000) return ms + " ms";
        if (ms < 60_000) return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        if (ms < 3_600_000) return d.toMinutes() + " min " + d.toSecondsPart() + " s";
        return d.toHours() + " h " + d.toMinutesPart() + " min";
    }

    private static void tiles(StringBuilder html, RunAnalysis a) {
        html.append("<section class=\"tiles\">");
        tile(html, "total", String.valueOf(a.total()), a.total() == 1 ? "simulation" : "simulations");
        tile(html, "passed", String.valueOf(a.outcomes().get(Outcome.PASSED)), "passed");
        long failing = a.total() - a.outcomes().get(Outcome.PASSED);
        tile(html, failing > 0 ? "failed" : "passed", String.valueOf(failing), "not passed");
        // Skipped tests are listed with the others but counted in no figure, as in the console and results.json.
        long skipped = a.outcomes().get(Outcome.SKIPPED);
        if (skipped > 0) tile(html, "skipped", String.valueOf(skipped), "skipped, not counted");
        // Rounded down as finely as the threshold, as the console has it: just below it never reads as meeting it.
        tile(html, "rate", Percent.of(a.verdict().passed(), a.verdict().total(), 1, a.verdict().threshold()) + " %", "pass rate");
        // Judged per locale (cognigy.governance.per-locale) with tests of several: each locale's pass rate beside the run's,
        // red where it falls short of the threshold, as the verdict's reasons below name it.
        if (a.passRates().size() > 1) {
            Map<String, dev.botsim.cognigy.engine.analysis.LocalePassRate> falling = a.localesFallingShort();
            a.passRates().forEach((locale, rate) -> tile(html, falling.containsKey(locale) ? "failed" : "passed",
                    Percent.of(rate.passed(), rate.total(), 1, a.verdict().threshold()) + " %",
                    locale + ": " + rate.passed() + " of " + rate.total() + " passed"));
        }
        // The verdict is a word (REVIEW_REQUIRED) where the others are figures: its tile is two wide, so it is never cut.
        String threshold = Percent.limit(a.verdict().threshold());
        if (a.verdict().status() == Governance.DEFERRED) {
            // As the console says it: a part's COMPLIANT would pass off its few tests as the run.
            tile(html, "total verdict", "DEFERRED", "governance: deferred to merge (this part alone: " + a.verdict().passed() + " of "
                    + a.verdict().total() + " passed; threshold " + threshold + " %)");
        } else {
            tile(html, (a.verdict().status().name().equals("COMPLIANT") ? "passed" : "failed") + " verdict", a.verdict().status().name(),
                    "governance (threshold " + threshold + " %)");
        }
        // No flow expected, no figure: "0 / 0 expected flows reached" says nothing the coverage card does not say better,
        // and the console has no coverage line then either.
        if (a.coverage().expected() > 0) tile(html, "rate", a.coverage().covered() + " / " + a.coverage().expected(), "expected flows reached");
        if (a.intents().isKnown()) tile(html, "rate", a.intents().covered() + " / " + a.intents().known().size(), "bot intents recognised");
        if (a.entities().isKnown()) tile(html, "rate", a.entities().covered() + " / " + a.entities().known().size(), "bot entities extracted");
        html.append("</section>");
        reasons(html, a);
    }

    /**
     * Why the verdict is not COMPLIANT, under its tile: each reason's message as the console prints it, with the code
     * results.json, the audit record and the webhook carry. Nothing for a COMPLIANT run. Messages name files and settings,
     * and a stand-in's name comes from a server: escaped.
     */
    private static void reasons(StringBuilder html, RunAnalysis a) {
        if (a.verdict().reasons().isEmpty()) return;
        html.append("<ul class=\"reasons\" aria-label=\"why the verdict is ").append(esc(a.verdict().status().name())).append("\">");
        for (dev.botsim.cognigy.spi.GovernanceReason reason : a.verdict().reasons()) {
            html.append("<li>").append(esc(reason.message())).append(" <code>").append(esc(reason.code())).append("</code></li>");
        }
        html.append("</ul>");
    }

    private static void tile(StringBuilder html, String kind, String value, String label) {
        html.append("<div class=\"tile ").append(kind).append("\"><b>").append(esc(value)).append("</b><span>")
                .append(esc(label)).append("</span></div>");
    }

    private static void coverageChart(StringBuilder html, RunAnalysis a) {
        Map<String, Long> hits = a.coverage().hits();
        if (hits.isEmpty()) {
            html.append("<p class=\"muted\">No expected flows: name them with <code>flows:</code> in data files.</p>");
        } else {
            long max = Math.max(1, hits.values().stream().mapToLong(Long::longValue).max().orElse(1));
            // A list, as a screen reader announces it with its name and number of items: a name on a plain div is ignored.
            // The names' column is as wide as the longest name (up to half the row), so a flow's name is not broken inside
            // while the bars beside it leave room; "ch" is a digit's width, wider than most letters of an id.
            int longest = hits.keySet().stream().mapToInt(name -> name.codePointCount(0, name.length())).max().orElse(0);
            html.append("<div id=\"coverage\" class=\"bars\" role=\"list\" aria-label=\"hits per expected flow\" style=\"--name:")
                    .append(longest + 2).append("ch\">");
            for (Map.Entry<String, Long> flow : hits.entrySet()) {
                long n = flow.getValue();
                double width = n == 0 ? 0 : Math.max(1, 100.0 * n / max);
                html.append("<div class=\"bar").append(n == 0 ? " miss" : "").append("\" role=\"listitem\"><span class=\"name\">").append(esc(flow.getKey()))
                        .append("</span><span class=\"track\"><span class=\"fill\" style=\"width:")
                        .append(String.format(Locale.ROOT, "%.1f", width)).append("%\"></span></span><span class=\"value\">")
                        .append(n == 0 ? "not reached" : n + (n == 1 ? " turn" : " turns")).append("</span></div>");
            }
            html.append("</div>");
        }
        if (!a.coverage().unexpected().isEmpty()) {
            html.append("<p><b>Reached but not expected:</b> ");
            a.coverage().unexpected().forEach(flow -> html.append("<span class=\"chip\">").append(esc(flow)).append("</span> "));
            html.append("</p>");
        }
        if (!a.transitions().isEmpty()) {
            html.append("<p><b>Flow transitions in conversations:</b> ");
            a.transitions().forEach((from, to) -> to.forEach((next, n) -> html.append("<span class=\"chip\">").append(esc(from))
                    .append(" &rarr; ").append(esc(next)).append(" ×").append(n).append("</span> ")));
            html.append("</p>");
        }
        if (!a.misconfigurations().isEmpty()) {
            html.append("<p><b>Misconfigurations:</b> ");
            // A code a negative test asked for (error_code) is that test passing, not a finding: shown, not red.
            a.misconfigurations().forEach((flow, codes) -> codes.forEach((code, n) -> {
                long unexpected = a.unexpectedMisconfigurations(flow, code);
                if (unexpected > 0) chipHtml(html, "failed", esc(flow) + ": " + esc(code) + " ×" + unexpected);
                if (n - unexpected > 0) chipHtml(html, "expected", esc(flow) + ": " + esc(code) + " ×" + (n - unexpected) + " expected by a test");
            }));
            html.append("</p>");
        }
    }

    /** A badge whose text is {@code html}: each value in it escaped ({@link #esc}) on its own, so none turns another around. */
    private static void chipHtml(StringBuilder html, String kind, String text) {
        html.append("<span class=\"chip ").append(kind).append("\">").append(text).append("</span> ");
    }

    /**
     * The confusion matrix, or one per locale when the run's NLU tests span more than one ({@link RunAnalysis#byLocale()}),
     * then the intents and entities never seen.
     */
    private static void confusion(StringBuilder html, RunAnalysis a) {
        if (a.byLocale().isEmpty()) {
            confusion(html, a.confusion(), a.intentQuality());
        } else {
            a.byLocale().forEach((locale, nlu) -> {
                html.append("<h3>").append(esc(locale)).append("</h3>");
                confusion(html, nlu.confusion(), nlu.intentQuality());
            });
        }
        never(html, "Intents never recognised", a.intents());
        never(html, "Entities never extracted", a.entities());
    }

    private static void confusion(StringBuilder html, Map<String, Map<String, Long>> confusion, IntentQuality quality) {
        if (confusion.isEmpty()) {
            html.append("<p class=\"muted\">No test expected an intent.</p>");
        } else {
            TreeSet<String> actual = new TreeSet<>();
            confusion.values().forEach(m -> actual.addAll(m.keySet()));
            // The matrix scrolls inside its card when it is wider than the screen; its labels are never cut.
            html.append("<div class=\"scroll\"><table class=\"matrix\" aria-label=\"intents: expected (rows) against recognised (columns)\"><tr><th scope=\"col\">expected \\ recognised</th>");
            actual.forEach(x -> html.append("<th scope=\"col\">").append(esc(x)).append("</th>"));
            html.append("</tr>");
            confusion.forEach((expected, row) -> {
                html.append("<tr><th scope=\"row\">").append(esc(expected));
                if (quality.notBotIntents().containsKey(expected)) html.append(" <span class=\"muted\">(not the bot's)</span>");
                html.append("</th>");
                for (String x : actual) {
                    long n = row.getOrDefault(x, 0L);
                    html.append("<td class=\"").append(n == 0 ? "" : x.equals(expected) ? "ok" : "bad").append("\">")
                            .append(n == 0 ? "" : n).append("</td>");
                }
                html.append("</tr>");
            });
            html.append("</table></div>");
        }
    }

    /** A precision, recall or F1 below this is shown red: more than one test in five of the intent went wrong. */
    static final double WEAK_FIGURE = 0.8;

    /** At most this many fragile utterances on the page; results.json lists them all. */
    static final int FRAGILE_SHOWN = 100;

    /**
     * Per-intent precision, recall and F1, the pairs confused most often and the fragile utterances, as the analysis
     * computed them; nothing when no test expected an intent and no test carried a margin.
     */
    private static void intentQuality(StringBuilder html, RunAnalysis a, Map<String, String> languages) {
        IntentQuality q = a.intentQuality();
        if (q.isEmpty()) return;
        // Each section the whole width: a large NLU run's fragile table has six columns, cut off in half of it.
        html.append("<section class=\"row wide\" id=\"section-intent-quality\"><div class=\"card\"><h2>Intent quality</h2>");
        if (a.byLocale().isEmpty()) {
            quality(html, q, "h3");
        } else {
            // Per locale: each is a model of its own, trained under the same intent names.
            html.append("<p class=\"muted\">Per locale: each locale's model is measured on its own tests.</p>");
            a.byLocale().forEach((locale, nlu) -> {
                html.append("<h3>").append(esc(locale)).append("</h3>");
                quality(html, nlu.intentQuality(), "h4");
            });
        }
        html.append("</div></section><section class=\"row wide\" id=\"section-fragile\"><div class=\"card\"><h2>Fragile utterances</h2>");
        if (a.byLocale().isEmpty()) {
            fragile(html, q, languages::get);
        } else {
            a.byLocale().forEach((locale, nlu) -> {
                html.append("<h3>").append(esc(locale)).append("</h3>");
                String language = language(locale, null);
                fragile(html, nlu.intentQuality(), testId -> language);
            });
        }
        html.append("</div></section>");
    }

    /** The per-intent table, macro F1, intents left out and the pairs confused most often, under {@code heading}s. */
    private static void quality(StringBuilder html, IntentQuality q, String heading) {
        if (q.perIntent().isEmpty()) {
            html.append("<p class=\"muted\">No test expected an intent").append(q.notBotIntents().isEmpty() ? "" : " of the bot").append(".</p>");
        } else {
            html.append("<div class=\"scroll\"><table class=\"figures\" aria-label=\"precision, recall and F1 per intent\">")
                    .append(headerRow("intent", "expected", "precision", "recall", "F1"));
            q.perIntent().forEach((intent, f) -> html.append("<tr><th scope=\"row\">").append(esc(intent)).append("</th><td>").append(f.expected())
                    .append("</td>").append(figure(f.precision())).append(figure(f.recall())).append(figure(f.f1())).append("</tr>"));
            html.append("</table></div>");
            if (q.macroF1().isPresent()) {
                html.append("<p class=\"muted\">macro F1 ").append(FigureText.of(q.macroF1().getAsDouble()))
                        .append(" (each intent counts once; a figure below ").append(String.format(Locale.ROOT, "%.2f", WEAK_FIGURE))
                        .append(" is marked red; &mdash; is a figure with nothing to divide by: precision of an intent never recognised, recall of one never expected)</p>");
            }
        }
        if (!q.notBotIntents().isEmpty()) {
            html.append("<p class=\"muted\">Left out: ").append(String.join(", ", q.notBotIntents().entrySet().stream()
                            .map(e -> esc(e.getKey()) + " (" + e.getValue() + (e.getValue() == 1 ? " test" : " tests") + ")").toList()))
                    .append(", expected by tests but ").append(q.notBotIntents().size() == 1 ? "an intent" : "intents")
                    .append(" the bot neither lists nor recognised; those tests fail on their own.</p>");
        }
        html.append('<').append(heading).append(">Most confused</").append(heading).append('>');
        if (q.confusedPairs().isEmpty()) {
            html.append("<p class=\"muted\">No intent was taken for another.</p>");
        } else {
            html.append("<p>");
            q.confusedPairs().forEach(p -> chipHtml(html, "failed", "expected " + esc(p.expected()) + ", got " + esc(p.got()) + " ×" + p.count()));
            html.append("</p>");
        }
    }

    /** The fragile utterances, narrowest first. */
    private static void fragile(StringBuilder html, IntentQuality q, java.util.function.Function<String, String> languageOf) {
        if (q.marginsKnown() == 0) {
            html.append("<p class=\"muted\">No margin known: this backend reports only the recognised intent's score."
                    + " The nlu backend gives the whole ranking.</p>");
        } else if (q.fragile().isEmpty()) {
            html.append("<p class=\"muted\">None of ").append(q.marginsKnown()).append(" utterances led the runner-up by less than ")
                    .append(ScoreText.limit(q.fragileMargin())).append(".</p>");
        } else {
            html.append("<p class=\"muted\">").append(q.fragile().size()).append(" of ").append(q.marginsKnown())
                    .append(" utterances led the runner-up by less than ").append(ScoreText.limit(q.fragileMargin()))
                    .append(" (cognigy.nlu.margin), narrowest first; passing ones too.</p>");
            html.append("<div class=\"scroll\"><table class=\"figures fragile\" aria-label=\"fragile utterances\">")
                    .append(headerRow("utterance", "expected", "best", "runner-up", "margin", "outcome"));
            // The utterance heads its row: a screen reader moving along a row says which utterance a margin or outcome is of.
            q.fragile().stream().limit(FRAGILE_SHOWN).forEach(f -> html.append("<tr><th scope=\"row\" class=\"text\">")
                    .append(inLanguage(esc(OverviewText.of(f.utterance())), languageOf.apply(f.testId())))
                    .append(" <span class=\"muted\">").append(resultLink(f.testId())).append("</span></th><td>")
                    .append(esc(f.expectedIntent() == null ? "" : f.expectedIntent())).append("</td><td>")
                    .append(esc(f.margin().first())).append(' ').append(ScoreText.of(f.margin().firstScore())).append("</td><td>")
                    .append(esc(f.margin().second())).append(' ').append(ScoreText.of(f.margin().secondScore())).append("</td><td>")
                    .append(ScoreText.of(f.margin().margin())).append("</td><td><span class=\"chip ")
                    .append(f.outcome() == Outcome.PASSED ? "passed" : "failed").append("\">").append(f.outcome().name())
                    .append("</span></td></tr>"));
            html.append("</table></div>");
            if (q.fragile().size() > FRAGILE_SHOWN) {
                html.append("<p class=\"muted\">and ").append(q.fragile().size() - FRAGILE_SHOWN).append(" more in results.json</p>");
            }
        }
    }

    /** A table's row of column headings, each labelling its column for screen readers ({@code scope="col"}). */
    static String headerRow(String... names) {
        StringBuilder row = new StringBuilder("<tr>");
        for (String name : names) row.append("<th scope=\"col\">").append(esc(name)).append("</th>");
        return row.append("</tr>").toString();
    }

    /** A precision, recall or F1 cell; an undefined figure (no denominator) as a dash. */
    private static String figure(double value) {
        if (Double.isNaN(value)) return "<td class=\"muted\" title=\"undefined: nothing to divide by\">&mdash;</td>";
        return "<td class=\"" + (value < WEAK_FIGURE ? "bad" : "ok") + "\">" + FigureText.of(value) + "</td>";
    }

    private static void never(StringBuilder html, String title, SchemaCoverage coverage) {
        if (!coverage.isKnown() || coverage.missing().isEmpty()) return;
        html.append("<p><b>").append(title).append(":</b> ");
        coverage.missing().forEach(name -> html.append("<span class=\"chip\">").append(esc(name)).append("</span> "));
        html.append("</p>");
    }

    /**
     * Every simulation, grouped by file or class and, within it, by conversation, in source order; in each
     * group the tests and conversations with a failure come first. {@code html} goes to {@code out} whenever
     * it has grown.
     *
     * @param sorted the records in {@link #SOURCE_ORDER}
     */
    private static void results(StringBuilder html, List<SimulationRecord> sorted, CodeNodeReports reports, String runLocale,
                                OutputStream out)
            throws IOException {
        TreeSet<String> tags = new TreeSet<>();
        sorted.forEach(r -> tags.addAll(r.tags()));
        // Hidden until the page's script shows them: where scripts are blocked (a viewer of CI artifacts, a mail client's
        // preview) a checkbox or list that filters nothing would be tried, by keyboard and screen reader too, to no effect.
        html.append("<section class=\"card\" id=\"section-simulations\"><h2>Simulations</h2><div class=\"filters\" hidden>"
                // One group: a screen reader names it on entering the checkboxes, each named by its outcome alone.
                + "<span class=\"outcomes\" role=\"group\" aria-label=\"outcome\">Outcome: ");
        for (Outcome outcome : Outcome.values()) {
            html.append("<label><input type=\"checkbox\" class=\"outcome\" value=\"").append(outcome).append("\" checked> ")
                    .append(outcome.name().toLowerCase(Locale.ROOT)).append("</label> ");
        }
        html.append("</span><label>Tag: <select id=\"tag\"><option value=\"\">all</option>");
        // The filter matches the option's value against data-tags: an attribute, as written, not closed. Without it the
        // value would be the text with its spaces collapsed, and a tag "needs  review" would match no result.
        tags.forEach(t -> html.append("<option value=\"").append(attr(t)).append("\">").append(attr(t)).append("</option>"));
        // The count the filters leave is announced as it changes, where the hidden results are not.
        html.append("</select></label> <span id=\"shown\" role=\"status\" aria-live=\"polite\"></span></div>");
        int[] problems = {0};
        for (List<SimulationRecord> group : groups(sorted)) {
            String source = group.get(0).source();
            group(html, source == null ? null : group(source), group, reports, runLocale, problems, out);
        }
        html.append("</section>");
    }

    /**
     * The records of each file or class ({@link #group(String)}), in turn.
     *
     * @param sorted the records in {@link #SOURCE_ORDER}
     */
    private static List<List<SimulationRecord>> groups(List<SimulationRecord> sorted) {
        List<List<SimulationRecord>> groups = new ArrayList<>();
        int start = 0;
        while (start < sorted.size()) {
            String group = group(sorted.get(start).source());
            int end = start;
            while (end < sorted.size() && Objects.equals(group(sorted.get(end).source()), group)) end++;
            groups.add(sorted.subList(start, end));
            start = end;
        }
        return groups;
    }

    /** One file or class: its single tests and conversations, those with a failure first, each in source order. */
    private static void group(StringBuilder html, String source, List<SimulationRecord> records, CodeNodeReports reports,
                              String runLocale, int[] problems, OutputStream out) throws IOException {
        List<List<SimulationRecord>> units = units(records);
        long skipped = records.stream().filter(r -> r.outcome() == Outcome.SKIPPED).count();
        long failing = records.stream().filter(r -> r.outcome() != Outcome.PASSED).count() - skipped;
        // Laid out only near the window (content-visibility in the stylesheet): until then the group takes the height its
        // results would, about, so the scroll bar says where a result is on a page of thousands.
        long conversations = units.stream().filter(unit -> unit.get(0).conversationId() != null).count();
        long estimate = 30 + conversations * 28 + (records.size() - failing) * CLOSED_HEIGHT + failing * OPEN_HEIGHT;
        html.append("<div class=\"group\" style=\"contain-intrinsic-size:auto ").append(estimate).append("px\"><h3 class=\"source\">")
                .append(source == null ? "(no source)" : esc(source))
                .append(" <span class=\"muted\">").append(records.size()).append(records.size() == 1 ? " test" : " tests")
                .append(failing == 0 ? "" : ", " + failing + " not passed").append(skipped == 0 ? "" : ", " + skipped + " skipped")
                .append("</span></h3>");
        for (boolean passed : new boolean[] {false, true}) {
            for (List<SimulationRecord> unit : units) {
                if (unit.stream().allMatch(r -> r.outcome() == Outcome.PASSED) != passed) continue;
                String conversation = unit.get(0).conversationId();
                if (conversation != null) {
                    html.append("<div class=\"conversation\"><h4>conversation ").append(esc(conversation)).append("</h4>");
                }
                for (SimulationRecord r : unit) {
                    result(html, r, reports, language(r.locale(), runLocale),
                            r.invalidInput() ? INVALID_INPUT_ANCHOR + ++problems[0] : r.testId());
                    if (html.length() >= FLUSH_AT) flush(html, out);
                }
                if (conversation != null) html.append("</div>");
            }
        }
        html.append("</div>");
    }

    /**
     * The heights, in px, a result takes on the page closed and open, about, as its placeholder's until it comes near the
     * window. Laid out whole, a page of 62,000 results took Chromium 14-16 s to open and each filter 1-4 s; a group and a
     * result far from the window are now skipped ({@code content-visibility: auto} in the stylesheet), so it lays out a
     * screenful (benchmarks/RESULTS.md). The stylesheet's {@code contain-intrinsic-size} of a result has the same figures.
     */
    static final int CLOSED_HEIGHT = 33;

    /** @see #CLOSED_HEIGHT */
    static final int OPEN_HEIGHT = 240;

    /** A group's single tests and conversations, in source order: a conversation's turns are one unit. */
    private static List<List<SimulationRecord>> units(List<SimulationRecord> records) {
        List<List<SimulationRecord>> units = new ArrayList<>();
        for (int i = 0; i < records.size(); ) {
            String conversation = records.get(i).conversationId();
            int j = i + 1;
            while (conversation != null && j < records.size() && conversation.equals(records.get(j).conversationId())) j++;
            units.add(records.subList(i, j));
            i = j;
        }
        return units;
    }

    /**
     * The first result on the page that did not pass (skipped ones aside) and has an anchor, as {@link #group} orders
     * them: by group, then the units with a failure first.
     *
     * @param sorted the records in {@link #SOURCE_ORDER}
     */
    static Optional<SimulationRecord> firstNotPassed(List<SimulationRecord> sorted) {
        for (List<SimulationRecord> group : groups(sorted)) {
            for (List<SimulationRecord> unit : units(group)) {
                if (unit.stream().allMatch(r -> r.outcome() == Outcome.PASSED)) continue;
                for (SimulationRecord r : unit) {
                    if (r.outcome() != Outcome.PASSED && r.outcome() != Outcome.SKIPPED && !r.invalidInput()) return Optional.of(r);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * At most this many results are listed under "Not passed"; the others are open among the results, as every failure
     * is, and the outcome filter shows them alone. About 250 bytes a line: the list of a run whose bot was down (every
     * one of 50,000 results failed) stays a few hundred kilobytes beside the results' tens of megabytes.
     */
    static final int NOT_PASSED_LISTED = 1_000;

    /** Whether a result is listed under "Not passed": it did not pass and was not skipped, as a group's heading counts it. */
    private static boolean listedAsNotPassed(SimulationRecord r) {
        return r.outcome() != Outcome.PASSED && r.outcome() != Outcome.SKIPPED;
    }

    /**
     * Every result that did not pass (skipped ones aside), one line each, by file or class in the order of the results
     * below, each a link that opens its result: on a run of 50,000 results with a thousand failures the failures are
     * spread over hundreds of files, between closed passing results, and the page is over a million pixels tall. The
     * list is plain links: it needs no script, as the outcome filter does. Nothing when every result passed.
     *
     * @param sorted the records in {@link #SOURCE_ORDER}
     */
    private static void notPassed(StringBuilder html, List<SimulationRecord> sorted, String runLocale) {
        long total = sorted.stream().filter(HtmlReport::listedAsNotPassed).count();
        if (total == 0) return;
        html.append("<section class=\"card\" id=\"section-not-passed\"><h2>Not passed</h2><p class=\"muted\">")
                .append(total).append(" of ").append(sorted.size()).append(sorted.size() == 1 ? " result" : " results")
                .append(", by file or class as the results below; each link opens its result.</p>")
                .append("<ul class=\"not-passed\" aria-label=\"results not passed, by file or class\">");
        int listed = 0;
        int problems = 0;
        String open = null;
        boolean inGroup = false;
        for (SimulationRecord r : inPageOrder(sorted)) {
            // Numbered as the results below number them: every problem test on the page, listed or not.
            String anchor = r.invalidInput() ? INVALID_INPUT_ANCHOR + ++problems : r.testId();
            if (!listedAsNotPassed(r) || listed == NOT_PASSED_LISTED) continue;
            String source = r.source() == null ? null : group(r.source());
            if (!inGroup || !Objects.equals(source, open)) {
                if (inGroup) html.append("</ul></li>");
                html.append("<li><span class=\"source\">").append(source == null ? "(no source)" : esc(source)).append("</span><ul>");
                open = source;
                inGroup = true;
            }
            String name = OverviewText.of(r.displayName());
            String language = language(r.locale(), runLocale);
            html.append("<li><span class=\"chip ").append(chip(r.outcome())).append("\">").append(r.outcome()).append("</span> <a href=\"#")
                    .append(esc(fragment(anchor))).append("\">")
                    .append(language == null ? "<bdi>" : "<bdi lang=\"" + attr(language) + "\">").append(named(name, r)).append("</bdi></a>");
            List<String> said = new ArrayList<>(3);
            if (!r.invalidInput() && !shows(name, r.testId())) said.add(esc(r.testId()));
            if (!placeInGroup(r, name).isEmpty()) said.add(esc(placeInGroup(r, name)));
            // Which of the declared fields did not hold, as the failure's first line says: on a run with hundreds of
            // failures, what they have in common (all intent, one flow) shows in the list.
            List<String> differing = ExpectationFailureText.differingFields(r.message());
            if (!differing.isEmpty()) said.add("differs in " + esc(String.join(", ", differing)));
            // Why a test that got no answer to judge ended so (timed out, HTTP 503, a flow not deployed): fifty errors
            // read as one outage or as fifty faults without opening each.
            if (saysWhyInList(r)) said.add(esc(Excerpt.of(r.message().lines().findFirst().orElse(""), WHY_SHOWN)));
            if (!said.isEmpty()) html.append(" <span class=\"muted\">").append(String.join(" · ", said)).append("</span>");
            html.append("</li>");
            listed++;
        }
        if (inGroup) html.append("</ul></li>");
        html.append("</ul>");
        if (total > listed) {
            html.append("<p class=\"muted\">and ").append(total - listed).append(" more, open among the results below (the")
                    .append(" outcome filter shows those not passed alone)</p>");
        }
        html.append("</section>");
    }

    /** At most this many characters of the first line of a message say why a result is under "Not passed". */
    static final int WHY_SHOWN = 120;

    /** Whether a result's line under "Not passed" says why with its message's first line: a timeout, an error, a misconfiguration. */
    private static boolean saysWhyInList(SimulationRecord r) {
        return !r.invalidInput() && r.message() != null && !r.message().isBlank() && (r.outcome() == Outcome.TIMEOUT
                || r.outcome() == Outcome.ERROR || r.outcome() == Outcome.MISCONFIGURATION);
    }

    /** The records as {@link #group} shows them: by group, the units with a failure first, each in source order. */
    private static List<SimulationRecord> inPageOrder(List<SimulationRecord> sorted) {
        List<SimulationRecord> page = new ArrayList<>(sorted.size());
        for (List<SimulationRecord> group : groups(sorted)) {
            List<List<SimulationRecord>> units = units(group);
            for (boolean passed : new boolean[] {false, true}) {
                for (List<SimulationRecord> unit : units) {
                    if (unit.stream().allMatch(r -> r.outcome() == Outcome.PASSED) == passed) page.addAll(unit);
                }
            }
        }
        return page;
    }

    /**
     * Links under the tiles to the results — all of them, and the first that did not pass — and to each section: on a
     * large NLU run the results start thousands of pixels down, below the intent quality and fragile utterances.
     */
    private static void jumps(StringBuilder html, RunAnalysis a, List<SimulationRecord> sorted) {
        html.append("<nav class=\"jumps\" aria-label=\"on this page\">Go to: <a href=\"#section-simulations\">all ")
                .append(sorted.size()).append(sorted.size() == 1 ? " result" : " results").append("</a>");
        firstNotPassed(sorted).ifPresent(r -> html.append(" · <a href=\"#").append(esc(fragment(r.testId())))
                .append("\">the first not passed</a> (").append(esc(r.testId())).append(')'));
        long notPassed = sorted.stream().filter(HtmlReport::listedAsNotPassed).count();
        if (notPassed > 0) html.append(" · <a href=\"#section-not-passed\">all ").append(notPassed).append(" not passed</a>");
        // The verdict's reasons say to see the 'invalid:' tests; on a large run they are anywhere among the results.
        long invalid = sorted.stream().filter(SimulationRecord::invalidInput).count();
        if (invalid > 0) {
            html.append(" · <a href=\"#").append(INVALID_INPUT_ANCHOR).append("1\">").append(invalid)
                    .append(invalid == 1 ? " test" : " tests").append(" for invalid input</a>");
        }
        // Answers this run wrote as approved are to be reviewed before the approval file is committed: passed, they are
        // closed among the others, which on a large run leaves the badge to be searched for.
        java.util.function.Predicate<SimulationRecord> written = r -> !r.invalidInput()
                && (r.approval() == SimulationRecord.Approval.NEWLY_APPROVED || r.approval() == SimulationRecord.Approval.ACCEPTED);
        List<SimulationRecord> approved = sorted.stream().noneMatch(written) ? List.of()
                : inPageOrder(sorted).stream().filter(written).toList();
        if (!approved.isEmpty()) {
            html.append(" · <a href=\"#").append(esc(fragment(approved.get(0).testId()))).append("\">").append(approved.size())
                    .append(approved.size() == 1 ? " answer" : " answers").append(" written as approved</a> by this run, to review (")
                    .append(esc(approved.get(0).testId())).append(')');
        }
        html.append(" · <a href=\"#section-coverage\">flow coverage</a>");
        if (!a.intentQuality().isEmpty()) {
            html.append(" · <a href=\"#section-intent-quality\">intent quality</a> · <a href=\"#section-fragile\">fragile utterances</a>");
            if (!a.intentQuality().fragile().isEmpty()) html.append(" (").append(a.intentQuality().fragile().size()).append(')');
        }
        if (a.stability().any()) html.append(" · <a href=\"#section-stability\">stability</a>");
        html.append("</nav>");
    }

    /**
     * @param language the language of what the test said and the bot answered ({@link #language}), or {@code null}
     * @param anchor the result's anchor: its test id (index.html#test_order opens it, as the stability and fragile tables
     *               link to it), or for a problem test, whose id is the engine's unique id and kept off the page,
     *               {@code invalid-input-<n>}, numbered in page order, as the links at the top lead to the first
     */
    private static void result(StringBuilder html, SimulationRecord r, CodeNodeReports reports, String language, String anchor) {
        String name = OverviewText.of(r.displayName());
        // A problem its line says whole (invalid: file:line:column: problem) is not said again below it: nothing is.
        boolean saidByName = r.invalidInput() && name.equals(r.displayName()) && r.message() != null
                && r.displayName().equals(INVALID_PREFIX + r.message());
        List<Badge> badges = badges(r);
        html.append("<details id=\"").append(attr(anchor)).append("\" class=\"result ")
                .append(r.outcome().name().toLowerCase(Locale.ROOT)).append(saidByName && badges.isEmpty() ? " bare" : "")
                .append("\" data-outcome=\"")
                .append(r.outcome()).append("\" data-tags=\"").append(attr(tagList(r))).append("\"")
                // A skipped test is no failure: grey and closed, its reason one click away.
                .append(r.outcome() == Outcome.PASSED || r.outcome() == Outcome.SKIPPED ? "" : " open").append("><summary><span class=\"chip ")
                .append(chip(r.outcome())).append("\">").append(r.outcome()).append("</span> ");
        badges.forEach(b -> html.append("<span class=\"chip ").append(b.kind()).append("\" title=\"").append(attr(b.explanation()))
                .append("\">").append(esc(b.text())).append("</span> "));
        // Isolated: a right-to-left override in an utterance turns the name around, not the id and place after it.
        html.append(language == null ? "<bdi>" : "<bdi lang=\"" + attr(language) + "\">").append(named(name, r)).append("</bdi> <span class=\"muted\">")
                // A problem test's id is the engine's unique id, for tools: its file and line say more to a reader. An id
                // the name already shows (a playbook step's, a long name's) is not said twice.
                .append(r.invalidInput() || shows(name, r.testId()) ? "" : esc(r.testId()) + " · ");
        String place = placeInGroup(r, name);
        if (!place.isEmpty()) html.append(esc(place)).append(" · ");
        html.append(duration(r.duration()));
        // Where a slow test's time went: its requests retried (throttled, unavailable, timed out), seen without opening it.
        if (r.attempts() > 0) html.append(" · ").append(r.attempts()).append(r.attempts() == 1 ? " retry" : " retries");
        html.append("</span></summary>");
        // What each badge means, where a keyboard, a screen reader and a touch screen find it: its title shows only to a
        // mouse held over it.
        if (!badges.isEmpty()) {
            html.append("<p class=\"muted badges\">");
            for (int i = 0; i < badges.size(); i++) {
                html.append(i == 0 ? "" : "<br>").append(esc(badges.get(i).text())).append(": ").append(esc(badges.get(i).explanation()));
            }
            html.append("</p>");
        }
        if (comparable(r) && !r.expected().isEmpty()) {
            // The table says what the assertion message says, field by field: the message would repeat it — unless the
            // message says more than the declared expectation: how the answer differs from its approved one, how the
            // runs of a repeated test fared, or a failure that is not the declared expectation's at all (a test
            // method's own assertion).
            html.append("<div class=\"diff\"><div><p class=\"label\">Expected</p><pre>")
                    .append(expected(r.expected(), ExpectationFailureText.differingFields(r.message())))
                    .append("</pre></div><div><p class=\"label\">Actual</p><pre>")
                    .append(inLanguage(esc(actual(r, reports)), language, SAID_IN_ACTUAL)).append("</pre></div></div>");
            boolean explainedByTable = ExpectationFailureText.isExpectationFailure(r.message());
            if (r.message() != null && (!explainedByTable || r.approval() == SimulationRecord.Approval.COMPARED
                    || r.repetitions() != null)) {
                html.append("<p class=\"label\">Message</p><pre>").append(esc(r.message())).append("</pre>");
            } else if (ExpectationFailureText.flowCaveat(r.message()) != null) {
                // The flow under Actual may be the flow the reporting Code node runs in, not the turn's: without this
                // line the table reads as the bot having gone the wrong way.
                html.append("<p class=\"label\">Why the flow may not be the turn's</p><pre>")
                        .append(esc(ExpectationFailureText.flowCaveat(r.message()))).append("</pre>");
            }
            // What the message adds after its transcript (the Code node a REST Endpoint's flow needs, an intent the bot
            // does not list) is no field of the table: shown, unless the whole message is.
            String notes = ExpectationFailureText.notes(r.message());
            if (notes != null && explainedByTable && r.approval() != SimulationRecord.Approval.COMPARED && r.repetitions() == null) {
                html.append("<p class=\"label\">Notes</p><pre>").append(esc(notes)).append("</pre>");
            }
        } else {
            if (r.message() != null && !saidByName) {
                html.append("<p class=\"label\">Message</p><pre>").append(esc(withoutTranscript(r))).append("</pre>");
            }
            // A failure with nothing declared to set against the answer (a playbook step, judged by Cognigy's assertions;
            // a @Conversation method's own check): the message says what was expected, and the answer follows it.
            if (comparable(r)) {
                html.append("<p class=\"label\">Actual</p><pre>").append(inLanguage(esc(actual(r, reports)), language, SAID_IN_ACTUAL))
                        .append("</pre>");
            }
        }
        if (comparable(r)) reportsAsOutput(html, r, reports);
        // Actual holds what the transcript would say, the user's messages among it: an answer is on the page once. A test
        // whose message never reached the bot (refused before sending, never left, skipped; its message says why) has no
        // exchange to show: a "user:" line would read as said and never answered. Nor has a skipped test without an answer.
        String transcript = comparable(r) || !r.sent() || (r.outcome() == Outcome.SKIPPED && r.actual().isEmpty()) ? ""
                : transcript(r);
        if (!transcript.isEmpty()) {
            html.append("<p class=\"label\">Transcript</p><pre>").append(inLanguage(esc(transcript), language, SAID_IN_TRANSCRIPT))
                    .append("</pre>");
        }
        // Each retry its requests took — which request, what it met, how long the engine waited — which the test's report
        // entries carry too, where a build tool keeps them (Surefire's XML does not).
        if (!r.retryLog().isEmpty()) {
            html.append("<p class=\"label\">Retries</p><pre>");
            for (int i = 0; i < r.retryLog().size(); i++) {
                html.append(i == 0 ? "" : "\n").append(i + 1).append(". ").append(esc(r.retryLog().get(i)));
            }
            html.append("</pre>");
        }
        html.append("</details>");
    }

    /**
     * The language a test's utterances and the bot's answers are in, as a {@code lang} attribute gives it: the locale the
     * test names, else the bot's (its endpoint's locale, when the backend knows it), in its usual case ({@code de-DE});
     * {@code null} when that is English, the page's own language, or no locale is known or it names no language. A screen
     * reader reads a text in the voice and pronunciation of the language it is marked with (WCAG 3.1.2): a German
     * utterance read by an English voice is hard to follow, and a QA team of a bot in several languages hears each in its own.
     */
    static String language(String locale, String runLocale) {
        String tag = locale != null && !locale.isBlank() ? locale : runLocale;
        Optional<String> language = LanguageTag.language(tag);
        return language.isEmpty() || language.get().equals(PAGE_LANGUAGE) ? null : LanguageTag.canonical(tag);
    }

    /** The page's own language, its words' and labels' ({@code <html lang>}). */
    private static final String PAGE_LANGUAGE = "en";

    /** Each result's language by its test id ({@link #language}), for the fragile utterances; empty when every one is English. */
    private static Map<String, String> languages(List<SimulationRecord> records, String runLocale) {
        if (language(null, runLocale) == null && records.stream().allMatch(r -> language(r.locale(), null) == null)) return Map.of();
        Map<String, String> languages = new java.util.HashMap<>();
        for (SimulationRecord r : records) {
            String language = language(r.locale(), runLocale);
            if (language != null) languages.put(r.testId(), language);
        }
        return languages;
    }

    /** The lines of Actual whose text is the user's or the bot's, in their language: what follows these. */
    private static final List<String> SAID_IN_ACTUAL = List.of("user: ", "user (not sent): ", "response: ", "quick replies: ", "buttons: ");

    /** The lines of Expected whose text is what the bot was to say: what follows these. */
    private static final List<String> SAID_IN_EXPECTED = List.of("response contains: ", "response contains any of: ",
            "response contains none of: ", "the approved answer: ");

    /** The lines of a transcript whose text is the user's or the bot's turn, in their language: what follows these. */
    private static final List<String> SAID_IN_TRANSCRIPT = List.of("user: ", "user (not sent): ", "bot:  ");

    /** {@code html}, escaped text, in an element marking its language; {@code html} itself when {@code language} is null. */
    private static String inLanguage(String html, String language) {
        return language == null || html.isEmpty() ? html : "<span lang=\"" + attr(language) + "\">" + html + "</span>";
    }

    /**
     * {@code block}, escaped text of lines, with what follows one of {@code prefixes} at a line's start marked as in
     * {@code language} ({@code null}: not marked) to the line's end, the labels staying in the page's language, and
     * isolated with its own direction where it holds right-to-left letters ({@link #said}). The escaped text is not
     * changed: an isolate {@link #esc} opened in a marked part and closed after it holds as it did, since the marking
     * element does not isolate, and a part holding one is not put in a {@code <bdi>}.
     */
    static String inLanguage(String block, String language, List<String> prefixes) {
        StringBuilder out = new StringBuilder(block.length() + 64);
        for (int start = 0; start < block.length(); ) {
            int end = block.indexOf('\n', start);
            if (end < 0) end = block.length();
            String line = block.substring(start, end);
            String prefix = prefixes.stream().filter(line::startsWith).findFirst().orElse(null);
            if (prefix == null || line.length() == prefix.length()) out.append(line);
            else out.append(prefix).append(said(line.substring(prefix.length()), language));
            if (end < block.length()) out.append('\n');
            start = end + 1;
        }
        return out.toString();
    }

    /**
     * {@code html}, escaped text the user or the bot said after a label of the page's, in an element marking its
     * language; holding right-to-left letters, isolated in a {@code <bdi>}, which gives it the direction of its first
     * letter. Not isolated, a Hebrew or Arabic sentence after {@code response: } took the line's left-to-right direction
     * at its end: the question mark or full stop closing it was drawn on its right, where a reader of the language reads
     * its start. A text holding a bidirectional control is left as {@link #esc} isolated it.
     */
    private static String said(String html, String language) {
        if (!hasRightToLeftLetter(html) || html.chars().anyMatch(c -> ConsoleText.isDirectional((char) c))) {
            return inLanguage(html, language);
        }
        return (language == null ? "<bdi>" : "<bdi lang=\"" + attr(language) + "\">") + html + "</bdi>";
    }

    /**
     * A result's name as the page shows it, escaped: where it ends in the utterance holding right-to-left letters
     * ({@code he.sim.yaml test_he: איפה ההזמנה שלי?}), the utterance isolated in a {@code <bdi>} of its own, as under
     * Actual ({@link #said}): the name's isolate takes the direction of its first letter, the file's, and drew the mark
     * closing the utterance on its right.
     */
    private static String named(String name, SimulationRecord r) {
        String utterance = r.utterance();
        if (name == null || utterance == null || utterance.isEmpty() || !name.endsWith(": " + utterance)) return esc(name);
        String escaped = esc(utterance);
        String said = said(escaped, null);
        return said.equals(escaped) ? esc(name) : esc(name.substring(0, name.length() - utterance.length())) + said;
    }

    /** Whether {@code text} holds a letter written from right to left: Hebrew, Arabic, Syriac, Thaana, N'Ko, … */
    static boolean hasRightToLeftLetter(String text) {
        return text.codePoints().anyMatch(c -> {
            byte direction = Character.getDirectionality(c);
            return direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT || direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
        });
    }

    /**
     * Where a result is in the file or class its group's heading names, as its line says it: the heading is not said
     * again on every line. A data file's result gives its line ({@code line 9}); an annotated method's its method
     * ({@code #greeting}, or a playbook's {@code #playbook Escalation}) unless its name shows it already, as a long
     * name does ({@code OrdersTest#greeting: hello}); a result without a source, nothing.
     */
    static String placeInGroup(SimulationRecord r, String name) {
        if (r.source() == null) return "";
        String group = group(r.source());
        String inGroup = r.source().substring(group.length());
        if (inGroup.isEmpty()) return r.line() > 0 ? "line " + r.line() : "";
        String member = inGroup.substring(1);
        return name != null && (name.contains(inGroup) || name.startsWith(member)) ? "" : inGroup;
    }

    /**
     * Whether a result's name shows its test id as a word of its own: a playbook step's name is its id, and under
     * {@code cognigy.naming-strategy=long} a data-file test's is {@code orders.sim.yaml test_greeting: good morning}. Part of
     * a longer word ({@code test_order} in {@code test_order_check}) is not the id.
     */
    static boolean shows(String name, String testId) {
        if (name == null || testId == null || testId.isEmpty()) return false;
        for (int at = name.indexOf(testId); at >= 0; at = name.indexOf(testId, at + 1)) {
            int end = at + testId.length();
            boolean starts = at == 0 || name.charAt(at - 1) == ' ';
            boolean ends = end == name.length() || name.charAt(end) == ':' || name.charAt(end) == ' ';
            if (starts && ends) return true;
        }
        return false;
    }

    /** The anchors of the problem tests, {@code invalid-input-1} first on the page: no test id of a data file starts so. */
    static final String INVALID_INPUT_ANCHOR = "invalid-input-";

    /** What the name of a problem test starts with, before its message's first line. */
    private static final String INVALID_PREFIX = "invalid: ";

    private static String chip(Outcome outcome) {
        return switch (outcome) {
            case PASSED -> "passed";
            case SKIPPED -> "skipped";
            default -> "failed";
        };
    }

    /**
     * A badge beside a result's outcome: its kind (its colour), its text and what it means, which its title shows to a mouse
     * and the open result says in words.
     */
    private record Badge(String kind, String text, String explanation) {
    }

    /** A result's badges beside its outcome, in the order they are shown. */
    private static List<Badge> badges(SimulationRecord r) {
        List<Badge> badges = new ArrayList<>(2);
        // A replayed answer is the bot's answer when it was recorded: the badge says so on every result.
        if (r.replayed()) {
            badges.add(new Badge("replayed", "replayed", "answered from a cassette (cognigy.replay)"));
        } else if (r.replayedAnswers() > 0) {
            badges.add(new Badge("replayed", "partly replayed", r.replayedAnswers()
                    + " of its answers from a cassette, the others from the bot (cognigy.replay)"));
        }
        // In a merged run, a result a rerun part gave replaces the first attempt's: say which results those are.
        if (r.rerun()) {
            badges.add(new Badge("rerun", "rerun", "the result of a rerun of this test within the run; its attempts are its repetitions"));
        }
        // An answer this run wrote as approved is to be reviewed and committed: the badge says so where it is seen.
        if (r.approval() == SimulationRecord.Approval.NEWLY_APPROVED) {
            badges.add(new Badge("approval", "newly approved", "no approved answer yet: this answer was written as the approved"
                    + " one; review the approval file and commit it"));
        } else if (r.approval() == SimulationRecord.Approval.ACCEPTED) {
            badges.add(new Badge("approval", "approval changed", "cognigy.approve=true replaced a different approved answer with"
                    + " this one; review the change"));
        }
        // A repeated test's verdict: flaky 7 of 10; green when stable, red when broken.
        if (r.repetitions() != null) {
            Repetitions runs = r.repetitions();
            badges.add(new Badge(runs.stability() == Stability.STABLE ? "passed" : runs.stability() == Stability.FLAKY ? "flaky" : "failed",
                    runs.stability().name().toLowerCase(Locale.ROOT) + " " + runs.passed() + " of " + runs.runs(),
                    "runs that passed of this test's runs (cognigy.repeat)"));
        }
        return badges;
    }

    /** A link to a result's anchor, its test id the text. */
    static String resultLink(String testId) {
        return "<a href=\"#" + esc(fragment(testId)) + "\">" + esc(testId) + "</a>";
    }

    /**
     * A test id as a link's fragment, which the page's script decodes back to the id: what a browser would change or drop
     * in a URL — a per cent sign (read as the start of an escape), spaces, quotes, {@code <}, {@code >}, line breaks and
     * other controls, letters beyond ASCII — percent-encoded as UTF-8. A playbook step's id is its playbook's name and
     * what the step says ({@code playbook Discount 50% off > step 1: ...}); the ids of data files and annotated methods
     * are left as they are ({@code test_conv#2}).
     */
    static String fragment(String testId) {
        StringBuilder out = null;
        for (int i = 0; i < testId.length(); i++) {
            char c = testId.charAt(i);
            boolean encoded = c <= ' ' || c >= 0x7f || c == '%' || c == '"' || c == '<' || c == '>' || c == '`';
            if (encoded && out == null) out = new StringBuilder(testId.length() + 16).append(testId, 0, i);
            if (out == null) continue;
            if (!encoded) {
                out.append(c);
                continue;
            }
            int end = Character.isHighSurrogate(c) && i + 1 < testId.length() && Character.isLowSurrogate(testId.charAt(i + 1)) ? i + 2 : i + 1;
            for (byte b : testId.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(java.util.HexFormat.of().withUpperCase().toHexDigits(b));
            }
            i = end - 1;
        }
        return out == null ? testId : out.toString();
    }

    /**
     * The message without the transcript a misconfiguration's or a failed expectation's holds ({@code user: "…"} and the
     * bot's turns, after what failed), which the page shows below it in its own block: the answer is on the page once.
     * Only the transcript's lines go; what follows them (a hint on what the bot lacks) stays.
     */
    private static String withoutTranscript(SimulationRecord r) {
        boolean carriesTranscript = r.outcome() == Outcome.MISCONFIGURATION || ExpectationFailureText.isExpectationFailure(r.message());
        if (!carriesTranscript || r.actual().isEmpty()) return r.message();
        return r.message().lines().filter(line -> !line.startsWith("user: \"") && !line.startsWith("bot #")
                && !line.equals("bot: (no turns)")).collect(java.util.stream.Collectors.joining("\n"));
    }

    /** A test the bot answered differently from what it declared: expected against actual says why. */
    private static boolean comparable(SimulationRecord r) {
        return r.outcome() == Outcome.FAILED && !r.actual().isEmpty() && !r.invalidInput();
    }

    /**
     * What the test declared, one line a field, as HTML; with the fields the failure names as differing
     * ({@link ExpectationFailureText#differingFields}), each line says whether it held (✓) or not (✗, in red): a test
     * declaring four things whose answer failed one shows which without comparing the two columns line by line. Each
     * piece of a line is isolated as under Actual (an entity's name and its value, each quick reply's and button's title)
     * and response data is JSON as output data is there, a bidirectional control written as its escape: an override in
     * an entity's name turns that name around, not the value after it.
     */
    private static String expected(Expectation e, List<String> differing) {
        List<Declared> lines = new ArrayList<>();
        if (e.intent() != null) lines.add(new Declared("intent", "intent: " + e.intent()));
        if (e.notIntent() != null) lines.add(new Declared("not_intent", "not intent: " + e.notIntent()));
        if (e.noIntent()) lines.add(new Declared("no_intent", "no intent"));
        if (e.intentMinScore() >= 0) lines.add(new Declared("intent_min_score", "intent score: >= " + e.intentMinScore()));
        e.entities().forEach((k, v) -> lines.add(new Declared("entities." + ConsoleText.oneLine(k),
                "entity " + isolated(k) + ": " + isolated(v))));
        if (e.nextFlow() != null) lines.add(new Declared("next_flow", "next flow: " + e.nextFlow()));
        if (e.responseContains() != null) lines.add(new Declared("response_contains", "response contains: " + e.responseContains()));
        if (e.responseMatches() != null) lines.add(new Declared("response_matches", "response matches: "
                + BotiumPattern.shown(e.responseMatches())));
        if (!e.responseContainsAny().isEmpty()) {
            lines.add(new Declared("response_contains_any", "response contains any of: " + e.responseContainsAny()));
        }
        if (!e.responseNotContains().isEmpty()) {
            lines.add(new Declared("response_not_contains", "response contains none of: " + e.responseNotContains()));
        }
        if (e.checksResponseLength()) {
            lines.add(new Declared("response_length", "response length: " + (e.responseMinLength() >= 0 ? e.responseMinLength() + " or more" : "")
                    + (e.responseMinLength() >= 0 && e.responseMaxLength() >= 0 ? ", " : "")
                    + (e.responseMaxLength() >= 0 ? e.responseMaxLength() + " or fewer" : "") + " characters"));
        }
        if (e.errorCode() != null) lines.add(new Declared("error_code", "error code: " + e.errorCode()));
        if (!e.quickReplies().isEmpty()) {
            lines.add(new Declared("quick_replies", "quick replies: " + e.quickReplies().stream().map(HtmlReport::isolated).toList()));
        }
        if (!e.buttons().isEmpty()) lines.add(new Declared("buttons", "buttons: " + e.buttons().stream().map(HtmlReport::isolated).toList()));
        if (!e.responseData().isEmpty()) lines.add(new Declared("response_data", "response data: " + json(e.responseData())));
        // What the approved answer holds is in the approval file; how the answer differs from it, in the message.
        if (e.comparesApprovedAnswer()) lines.add(new Declared(null, "the approved answer: " + String.join(", ", e.approved())));
        if (lines.isEmpty()) return "(nothing declared)";
        StringBuilder out = new StringBuilder();
        for (Declared line : lines) {
            String text = inLanguage(esc(line.text()), null, SAID_IN_EXPECTED);
            if (differing.isEmpty() || line.field() == null) out.append(text);
            else if (differing.contains(line.field())) out.append("<span class=\"differs\">").append(DID_NOT_HOLD).append(' ').append(text).append("</span>");
            else out.append(HELD).append(' ').append(text);
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * The marks of a declared line that held and of one that did not, each named in words for a screen reader: NVDA
     * says "x-shaped bullet" for ✗ (and leaves some marks out at its lower punctuation levels), which reads as a list's
     * bullet, not as a failure.
     */
    private static final String HELD = "<span role=\"img\" aria-label=\"held\">✓</span>";

    /** @see #HELD */
    private static final String DID_NOT_HOLD = "<span role=\"img\" aria-label=\"did not hold\">✗</span>";

    /** A declared expectation's line on the page, and its field as a failure's first line names it ({@code null}: none). */
    private record Declared(String field, String text) {
    }

    /** The answer field by field, after the message it answered: each message of a conversation method before its own. */
    private static String actual(SimulationRecord r, CodeNodeReports reports) {
        StringBuilder out = new StringBuilder();
        List<Exchange> exchanges = exchanges(r);
        for (int i = 0; i < exchanges.size(); i++) {
            Exchange x = exchanges.get(i);
            if (i > 0) out.append('\n');
            if (x.said() != null) out.append(said(x.said())).append('\n');
            else if (r.utterance() != null) out.append("user: ").append(r.utterance()).append('\n');
            // A message that never reached the bot has no answer to miss: its line says it was not sent.
            if (x.said() != null && !x.said().sent() && x.answer().isEmpty()) continue;
            out.append(x.answer().isEmpty() ? "(no answer)\n" : answer(x.answer(), reports));
        }
        return out.toString();
    }

    /**
     * What the user said and the bot's turns that answered it: one exchange per message of a conversation method (its
     * {@link SimulationRecord#userTurns()}, {@code said} each), else one of every turn ({@code said} null).
     */
    private record Exchange(SimulationRecord.UserTurn said, List<BotTurn> answer) {
    }

    private static List<Exchange> exchanges(SimulationRecord r) {
        List<BotTurn> turns = r.actual();
        List<SimulationRecord.UserTurn> said = r.userTurns();
        if (said.isEmpty()) return List.of(new Exchange(null, turns));
        List<Exchange> exchanges = new ArrayList<>(said.size());
        for (int i = 0; i < said.size(); i++) {
            int from = answerStart(said, i, turns.size());
            int to = answerStart(said, i + 1, turns.size());
            exchanges.add(new Exchange(said.get(i), from >= to ? List.of() : turns.subList(from, to)));
        }
        return exchanges;
    }

    /**
     * The Code node's reports of the answers under Actual, folded, each as the flow output it (indented JSON): Actual
     * has one line of each, the fields the engine read; here is the rest (the slots' matches, {@code state}, whatever
     * else the node reports). A conversation method's are each after the message it answered.
     */
    private static void reportsAsOutput(StringBuilder html, SimulationRecord r, CodeNodeReports reports) {
        StringBuilder out = new StringBuilder();
        int count = 0;
        for (Exchange x : exchanges(r)) {
            List<Map<String, Object>> reported = new ArrayList<>();
            for (BotTurn t : x.answer()) {
                for (Map<String, Object> d : t.outputData()) if (reports.line(d).isPresent()) reported.add(d);
            }
            if (reported.isEmpty()) continue;
            if (x.said() != null) out.append(out.isEmpty() ? "" : "\n").append(said(x.said())).append('\n');
            for (Map<String, Object> d : reported) out.append(json(d)).append('\n');
            count += reported.size();
        }
        if (count == 0) return;
        html.append("<details class=\"report\"><summary>").append(count == 1 ? "The Code node's report" : "The Code node's " + count
                        + " reports").append(" as the flow output ").append(count == 1 ? "it" : "them")
                .append(" <span class=\"muted\">(the data intent, flow and slots were read from)</span></summary><pre>")
                .append(esc(out.toString())).append("</pre></details>");
    }

    /** Where the answer to message {@code i} starts in the bot's {@code turns}; their end after the last message. */
    private static int answerStart(List<SimulationRecord.UserTurn> said, int i, int turns) {
        return i >= said.size() ? turns : Math.max(0, Math.min(turns, said.get(i).firstAnswer()));
    }

    private static String answer(List<BotTurn> turns, CodeNodeReports reports) {
        StringBuilder out = new StringBuilder();
        for (BotTurn t : turns) {
            if (t.intent() != null) out.append("intent: ").append(t.intent()).append('\n');
            if (t.intent() != null && !Double.isNaN(t.intentScore())) {
                out.append("intent score: ").append(ScoreText.of(t.intentScore())).append('\n');
            }
            t.entities().forEach((k, v) -> out.append("entity ").append(isolated(k)).append(": ").append(isolated(String.valueOf(v)))
                    .append('\n'));
            if (t.flowId() != null) out.append("flow: ").append(t.flowId()).append('\n');
            if (t.text() != null) out.append("response: ").append(t.text()).append('\n');
            if (!t.quickReplies().isEmpty()) out.append("quick replies: ").append(titles(t.quickReplies())).append('\n');
            if (!t.buttons().isEmpty()) out.append("buttons: ").append(titles(t.buttons())).append('\n');
            // The NLU's ranking travels as output data: shown as a reader wants it, not as the map it is carried in.
            for (Map<String, Object> d : t.outputData()) {
                Optional<String> ranking = ranking(d);
                // The Code node's report, in one line: indented it is a dozen lines or more, around what the bot said.
                Optional<String> report = ranking.isPresent() ? Optional.empty() : reports.line(d);
                if (ranking.isPresent()) {
                    out.append("intent ranking: ").append(ranking.get()).append('\n');
                } else if (report.isPresent()) {
                    out.append(report.get()).append('\n');
                } else {
                    Map<String, Object> rest = withoutChoices(d);
                    if (!rest.isEmpty()) out.append("output data: ").append(json(rest)).append('\n');
                }
            }
            if (t.hasError()) out.append("error code: ").append(t.errorCode()).append('\n');
        }
        return out.toString();
    }

    /** At most this many intents of a ranking under Actual; results.json has them all. */
    static final int RANKING_SHOWN = 5;

    /**
     * The NLU's ranking as the nlu backend carries it in a turn's output data ({@code nluRanking}: intent, score,
     * negated, reject, disabled, flow, best first; {@code threshold}, {@code confidenceThreshold}), in one line:
     * {@code escalate 0.87, arabic 0.24 (negated), spam 0.2 (reject intent) and 12 more (threshold 0.40, confidence
     * 0.60)}; empty for any other output data.
     */
    static Optional<String> ranking(Map<String, Object> data) {
        if (!(data.get("nluRanking") instanceof List<?> scores) || !(data.get("threshold") instanceof Number threshold)) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (Object o : scores) {
            if (!(o instanceof Map<?, ?> score) || !(score.get("intent") instanceof String intent)
                    || !(score.get("score") instanceof Number value)) {
                return Optional.empty();
            }
            if (shown == RANKING_SHOWN) continue;
            out.append(shown++ == 0 ? "" : ", ").append(isolated(intent)).append(' ').append(ScoreText.of(value.doubleValue()))
                    .append(Boolean.TRUE.equals(score.get("negated")) ? " (negated)" : "")
                    // Cognigy never takes these, whatever they score: the reader must not read them as recognised.
                    .append(Boolean.TRUE.equals(score.get("reject")) ? " (reject intent)" : "")
                    .append(Boolean.TRUE.equals(score.get("disabled")) ? " (disabled)" : "");
        }
        if (scores.size() > RANKING_SHOWN) out.append(" and ").append(scores.size() - RANKING_SHOWN).append(" more");
        out.append(out.isEmpty() ? "" : " ").append("(threshold ").append(ScoreText.limit(threshold.doubleValue()));
        // Between the two an intent with a confirmation sentence is asked back, not taken.
        if (data.get("confidenceThreshold") instanceof Number confidence && confidence.doubleValue() > threshold.doubleValue()) {
            out.append(", confidence ").append(ScoreText.limit(confidence.doubleValue()));
        }
        return Optional.of(out.append(')').toString());
    }

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /**
     * A result's tags as the filter reads them: a JSON array, since a tag may hold any character — joined with spaces,
     * a tag "needs review" was the two tags "needs" and "review" to the filter, and matched no result of its own. Each
     * quoted by Jackson's string encoder, not written by a mapper of its own: a second mapper's first use in a fresh JVM
     * (its serializers found and built) added some 70 ms to writing the page of 1,000 results.
     */
    static String tagList(SimulationRecord r) {
        StringBuilder list = new StringBuilder("[");
        for (String tag : r.tags()) {
            if (list.length() > 1) list.append(',');
            JsonStringEncoder.getInstance().quoteAsString(tag, list.append('"'));
            list.append('"');
        }
        return list.append(']').toString();
    }

    /**
     * Output data as JSON, indented; as Java prints it if it is not JSON's plain maps, lists and values. A bidirectional
     * control in a key or a text ({@link ConsoleText#isDirectional}) is written as its JSON escape, {@code \}{@code u202e}:
     * left as it is, an override in a key turned around the {@code " : "} and the value after it, so the data read
     * otherwise than the bot sent it. The escape is the same JSON text.
     */
    static String json(Map<String, Object> data) {
        String json;
        try {
            json = JSON.writeValueAsString(data);
        } catch (RuntimeException e) {
            json = String.valueOf(data);
        }
        StringBuilder out = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            boolean directional = ConsoleText.isDirectional(c);
            if (directional && out == null) out = new StringBuilder(json.length() + 16).append(json, 0, i);
            if (out == null) continue;
            if (directional) out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            else out.append(c);
        }
        return out == null ? json : out.toString();
    }

    /**
     * An output's data without the quick replies and buttons of Cognigy's default channel format
     * ({@code _cognigy._default._quickReplies} and {@code ._buttons}, also nested in {@code _data} as an Intent Default
     * Reply's): their text is the response and their titles are listed above it. What else the output carries is kept,
     * and a map left empty by them is left out.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> withoutChoices(Map<String, Object> data) {
        Map<String, Object> top = withoutDefaultChoices(data);
        if (!(top.get("_data") instanceof Map<?, ?> nested)) return top;
        Map<String, Object> inner = withoutDefaultChoices((Map<String, Object>) nested);
        if (inner == nested) return top;
        Map<String, Object> rest = new LinkedHashMap<>(top);
        if (inner.isEmpty()) rest.remove("_data");
        else rest.put("_data", inner);
        return rest;
    }

    /** {@code data} without the choices of its own {@code _cognigy._default}; {@code data} itself when it has none. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutDefaultChoices(Map<String, Object> data) {
        if (!(data.get("_cognigy") instanceof Map<?, ?> cognigy) || !(cognigy.get("_default") instanceof Map<?, ?> formats)
                || !(formats.containsKey("_quickReplies") || formats.containsKey("_buttons"))) {
            return data;
        }
        Map<String, Object> channel = new LinkedHashMap<>((Map<String, Object>) formats);
        channel.remove("_quickReplies");
        channel.remove("_buttons");
        Map<String, Object> payload = new LinkedHashMap<>((Map<String, Object>) cognigy);
        if (channel.isEmpty()) payload.remove("_default");
        else payload.put("_default", channel);
        Map<String, Object> rest = new LinkedHashMap<>(data);
        if (payload.isEmpty()) rest.remove("_cognigy");
        else rest.put("_cognigy", payload);
        return rest;
    }

    private static List<String> titles(List<BotChoice> choices) {
        return choices.stream().map(choice -> isolated(choice.title())).toList();
    }

    /** The user's message and the bot's turns; a conversation method's messages, each before the turns that answered it. */
    private static String transcript(SimulationRecord r) {
        StringBuilder out = new StringBuilder();
        List<BotTurn> turns = r.actual();
        List<SimulationRecord.UserTurn> said = r.userTurns();
        if (said.isEmpty()) {
            if (r.utterance() != null) out.append("user: ").append(r.utterance()).append('\n');
            turns.forEach(t -> out.append("bot:  ").append(t).append('\n'));
            return out.toString();
        }
        for (int i = 0; i < said.size(); i++) {
            out.append(said(said.get(i))).append('\n');
            turns.subList(answerStart(said, i, turns.size()), Math.max(answerStart(said, i, turns.size()),
                    answerStart(said, i + 1, turns.size()))).forEach(t -> out.append("bot:  ").append(t).append('\n'));
        }
        return out.toString();
    }

    /**
     * A {@code @Conversation} method's message as a transcript line: {@code user: …}, or {@code user (not sent): …} for one
     * that never reached the bot, which would otherwise read as said and left unanswered.
     */
    private static String said(SimulationRecord.UserTurn said) {
        return (said.sent() ? "user: " : "user (not sent): ") + said.text();
    }

    /**
     * A text as the page shows it: escaped as {@link #attr} escapes it and, when it holds a bidirectional embedding,
     * override or isolate, isolated from the page around it as {@code <bdi>} isolates a result's name — between FIRST
     * STRONG ISOLATE and POP DIRECTIONAL ISOLATE, with what it leaves open closed at its end. A right-to-left override in
     * a project's, file's or intent's name runs to the end of its paragraph, turning around the page's own words after
     * it (a project named {@code Proj}, U+202E, {@code ect} served by Main Flow read {@code Projtcejorp evil ,(ne) wolF
     * niaM / tce}); closed alone, it still pulls the figures after it into its run ({@code file3 lmay.mis. tests}).
     * Isolated, it turns around the rest of that name only. A paragraph separator (U+2029, U+001C-U+001E, U+0085) ends
     * every embedding and isolate open at it, the text's isolate and a {@code <bdi>} around it too, and leaves the rest
     * of the text in the page's paragraph, where the heading's count after a file's name was drawn inside the name: at
     * each, what is open is closed before it and a new isolate opened after it, which the final PDI closes. Not for an
     * attribute: an anchor must stay its test id.
     */
    static String esc(String text) {
        return isolated(attr(text));
    }

    /**
     * {@code text} isolated from what is around it as {@link #esc} isolates a whole text, but not escaped: for a piece of
     * a line the bot gave (an entity's name and value, a quick reply's title, an intent of the ranking) that the page
     * shows with other pieces after it on the same line. Escaped as a whole with its line, an override left open in an
     * entity's name turned around the value after it too, one in a quick reply's title the titles after it.
     * {@code text} itself when it holds no bidirectional control or paragraph separator.
     */
    static String isolated(String text) {
        String escaped = text == null ? "null" : text;
        int first = 0;
        while (first < escaped.length() && !ConsoleText.isDirectional(escaped.charAt(first))
                && !isParagraphSeparator(escaped.charAt(first))) first++;
        if (first == escaped.length()) return escaped;
        StringBuilder out = new StringBuilder(escaped.length() + 8).append(FSI).append(escaped, 0, first);
        StringBuilder open = new StringBuilder();
        for (int i = first; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == PDI) {
                int isolate = open.lastIndexOf(String.valueOf(PDI));
                // One that closes nothing of the text's own would close the isolate the text is put in: left out.
                if (isolate < 0) continue;
                open.setLength(isolate);
            } else if (c == PDF) {
                if (!open.isEmpty() && open.charAt(open.length() - 1) == PDF) open.setLength(open.length() - 1);
            } else if (isParagraphSeparator(c)) {
                // It ends all that is open, the isolate the text is put in too: closed before it, the isolate opened again.
                out.append(open.reverse()).append(PDI).append(c).append(FSI);
                open.setLength(0);
                continue;
            } else if (ConsoleText.isDirectional(c)) {
                // An embedding or override (U+202A-U+202E but PDF) is closed by PDF; an isolate (U+2066-U+2068) by PDI.
                open.append(c <= '\u202e' ? PDF : PDI);
            }
            out.append(c);
        }
        return out.append(open.reverse()).append(PDI).toString();
    }

    /**
     * Whether {@code c} is of bidirectional class B but a line feed or carriage return, which the page shows as a space
     * or, in a {@code <pre>}, as a new line: a paragraph separator as Chromium lays out the text around it.
     */
    private static boolean isParagraphSeparator(char c) {
        return c == '\u2029' || c == '\u001c' || c == '\u001d' || c == '\u001e' || c == '\u0085';
    }

    /** FIRST STRONG ISOLATE: opens an isolate whose direction is its text's first strong character's. */
    private static final char FSI = '\u2068';

    /** POP DIRECTIONAL FORMATTING, which closes an embedding or override. */
    private static final char PDF = '\u202c';

    /** POP DIRECTIONAL ISOLATE, which closes an isolate and what was opened inside it. */
    private static final char PDI = '\u2069';

    /** HTML text and attribute escaping: the five characters that can change markup. */
    static String attr(String text) {
        if (text == null) return "";
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String CSS = """
            *{box-sizing:border-box}body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;padding:16px 24px;color:#1d2330;background:#f4f6f9;max-width:1280px}
            header h1{margin:0;font-size:22px;overflow-wrap:anywhere}header h1 .bot{color:#2f62c9}header p{margin:2px 0;color:#5b6475;overflow-wrap:anywhere}header{margin-bottom:12px}
            .tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px;margin-bottom:12px}
            .tile{background:#fff;border-radius:8px;padding:10px 12px;border-left:5px solid #8a94a6;min-width:0}.tile b{display:block;font-size:22px;line-height:1.2;overflow-wrap:anywhere}
            .tile.verdict{grid-column:span 2}.reasons{background:#fff;border-radius:8px;border-left:5px solid #d64545;margin:0 0 12px;padding:8px 12px 8px 30px}.reasons li{overflow-wrap:anywhere}.reasons code{color:#5b6475;font-size:12px}.tile span{color:#5b6475;font-size:12px}.tile.passed{border-color:#2e9d5b}.tile.failed{border-color:#d64545}.tile.rate{border-color:#3b6fd8}
            .row{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:12px;margin-bottom:12px}
            .row.wide{grid-template-columns:minmax(0,1fr)}.figures.stability th,.figures.stability td:not(.text){white-space:nowrap}
            .card{background:#fff;border-radius:8px;padding:12px 16px;min-width:0}h2{font-size:16px;margin:0 0 8px}h3,p.label{font-size:12px;font-weight:bold;margin:8px 0 2px;color:#5b6475}
            .bars .bar{display:grid;grid-template-columns:minmax(0,min(var(--name,16ch),50%)) minmax(0,1fr) 7.5em;gap:8px;align-items:center;margin:4px 0;font-size:12px}
            .bar .name{overflow-wrap:anywhere}.bar .track{background:#eef1f5;height:14px;border-radius:3px}.bar .fill{display:block;height:100%;background:#3b6fd8;border-radius:3px}
            .bar.miss .name,.bar.miss .value{color:#c23434;font-weight:600}
            .scroll{overflow-x:auto;max-width:100%}.scroll+.scroll{margin-top:10px}
            .matrix{border-collapse:collapse;font-size:12px}.matrix th,.matrix td{border:1px solid #dde2ea;padding:3px 8px;text-align:center}
            .matrix th{max-width:14em;overflow-wrap:break-word}.matrix tr>th:first-child{text-align:left}
            .matrix td.ok{background:#d9f2e3}.matrix td.bad{background:#fbdcdc}.muted{color:#5b6475}
            .figures{border-collapse:collapse;font-size:12px}.figures th,.figures td{border:1px solid #dde2ea;padding:3px 8px;text-align:right}
            .figures th{overflow-wrap:break-word}.figures tr>th:first-child,.figures .text{text-align:left}.figures tr+tr>th:first-child{overflow-wrap:anywhere;min-width:10em}.figures td.text,.figures tr+tr>th.text{min-width:12em;overflow-wrap:anywhere;font-weight:normal}
            .figures td.ok{background:#d9f2e3}.figures td.bad{background:#fbdcdc}
            .not-passed,.not-passed ul{list-style:none;margin:0;padding:0}.not-passed>li{margin:6px 0 0;overflow-wrap:anywhere}.not-passed .source{font-weight:600;font-size:13px}.not-passed ul{padding-left:12px}.not-passed ul li{margin:2px 0}#section-not-passed{margin-bottom:12px}
            .jumps{background:#fff;border-radius:8px;padding:8px 16px;margin-bottom:12px;overflow-wrap:anywhere}
            .filters,.filters .outcomes{margin-bottom:8px;display:flex;flex-wrap:wrap;gap:4px 10px;align-items:center}.filters .outcomes{margin:0}.filters[hidden]{display:none}
            .group{margin-top:8px}.group h3.source{font-size:13px;color:#1d2330;margin:4px 0 4px;overflow-wrap:anywhere}
            .group,details.result{content-visibility:auto;contain-intrinsic-size:auto 33px}details.result[open]{contain-intrinsic-size:auto 240px}
            .badges{margin:4px 0;font-size:12px}.conversation{border-left:3px solid #dde2ea;padding-left:10px;margin:4px 0}.conversation h4{font-size:12px;margin:6px 0 0;color:#5b6475;overflow-wrap:anywhere}
            details.result{border-top:1px solid #e7eaf0;padding:6px 0}details.bare>summary{list-style:none;cursor:default}details.bare>summary::-webkit-details-marker{display:none}details.report{margin-top:6px}details.report>summary{font-size:12px;font-weight:bold;color:#5b6475}details.report .muted{font-weight:normal}summary{cursor:pointer;overflow-wrap:anywhere}
            .chip{display:inline-block;max-width:100%;overflow-wrap:break-word;border-radius:10px;padding:0 8px;font-size:11px;font-weight:600;color:#fff;background:#5f6b7f}
            .chip.passed{background:#217a45}.chip.failed{background:#c23434}.chip.expected{background:#e7eaf0;color:#1d2330}.chip.replayed{background:#6b5bd6}.chip.rerun{background:#2f6fb5}.chip.approval,.chip.flaky{background:#8a5a12}
            .diff{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:10px}.differs{color:#b42323;font-weight:600}pre{background:#f4f6f9;padding:6px 8px;margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
            @media (max-width:700px){body{padding:10px 12px}.row,.diff{grid-template-columns:minmax(0,1fr)}.bars .bar{grid-template-columns:minmax(0,1fr) 7.5em;row-gap:0}.bar .name{grid-column:1/-1}.tiles{grid-template-columns:repeat(auto-fit,minmax(130px,1fr))}}
            @media (max-width:300px){.tile.verdict{grid-column:auto}}
            @media print{body{background:#fff;padding:0;max-width:none}.group,details.result{content-visibility:visible}.row{grid-template-columns:minmax(0,1fr)}.scroll{overflow:visible}.card,.jumps{padding:4px 0}.tile,.reasons{border:1px solid #dde2ea;border-left-width:5px}}
            """;

    /**
     * The page's script: the filters, and the result the URL names opened. A filter sets each file's placeholder height to
     * what the results it leaves take, about ({@link #CLOSED_HEIGHT}), as the page does for all of them: a file far from
     * the window keeps its placeholder, and with its hidden passing results in it the page of 49,720 results filtered to
     * its 754 not passed stayed 1.59 million pixels tall, its scroll bar as long as the whole page's.
     */
    private static final String SCRIPT = String.format(Locale.ROOT, """
            (function(){document.querySelector('.filters').hidden=false;
            var boxes=[].slice.call(document.querySelectorAll('input.outcome'));var tag=document.getElementById('tag');
            function apply(){var on=boxes.filter(function(b){return b.checked}).map(function(b){return b.value});var t=tag.value;var n=0;
            [].forEach.call(document.querySelectorAll('details.result'),function(d){var show=on.indexOf(d.dataset.outcome)>=0&&
            (!t||JSON.parse(d.dataset.tags||'[]').indexOf(t)>=0);d.style.display=show?'':'none';if(show)n++});
            [].forEach.call(document.querySelectorAll('.conversation,.group'),function(g){var h=30,any=false;[].forEach.call(g.querySelectorAll('details.result'),
            function(d){if(d.style.display!=='none'){any=true;h+=d.open?%d:%d}});g.style.display=any?'':'none';
            if(g.classList.contains('group'))g.style.containIntrinsicSize='auto '+h+'px'});
            document.getElementById('shown').textContent=n+' shown'}
            boxes.forEach(function(b){b.addEventListener('change',apply)});tag.addEventListener('change',apply);
            if(tag.value||boxes.some(function(b){return !b.checked}))apply();
            else document.getElementById('shown').textContent=document.querySelectorAll('details.result').length+' shown';
            function reveal(){var id=location.hash.slice(1);try{id=decodeURIComponent(id)}catch(e){}var d=id&&document.getElementById(id);
            if(!d||!d.matches('details.result'))return;d.open=true;if(d.style.display==='none'){boxes.forEach(function(b){b.checked=true});
            tag.value='';apply()}d.scrollIntoView()}
            addEventListener('hashchange',reveal);reveal()})();
            """, OPEN_HEIGHT, CLOSED_HEIGHT);

    /**
     * The page's Content-Security-Policy: its own script (by its hash) runs, nothing else does, and nothing is fetched.
     * The page shows what a bot said; every text is escaped, and should one ever slip through, a script or an element
     * loading something it carried is refused by the browser. Inline styles stay allowed: the coverage bars' widths.
     */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src '" + sha256(SCRIPT)
            + "'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

    /** The CSP source of a text: {@code sha256-} and its SHA-256 in base64. */
    private static String sha256(String text) {
        return "sha256-" + java.util.Base64.getEncoder().encodeToString(
                dev.botsim.cognigy.engine.support.Sha256.digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
