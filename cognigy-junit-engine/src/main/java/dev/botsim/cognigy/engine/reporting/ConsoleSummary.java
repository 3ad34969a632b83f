package dev.botsim.cognigy.engine.reporting;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.botsim.cognigy.engine.analysis.FlowCoverage;
import dev.botsim.cognigy.engine.analysis.IntentQuality;
import dev.botsim.cognigy.engine.analysis.ReplayFields;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.Percent;
import dev.botsim.cognigy.engine.support.ScoreText;
import dev.botsim.cognigy.spi.Governance;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;

/**
 * At the end of the run, prints the summary a QA lead reads first — pass rate, governance verdict,
 * flow coverage, misconfigurations, where the reports are — from the run's analysis as the engine
 * computed it.
 */
final class ConsoleSummary implements AnalysedRunListener {

    private final PrintStream out;

    ConsoleSummary(PrintStream out) {
        this.out = out;
    }

    @Override
    public void runFinished(FinishedRun run) {
        out.println(summary(run.info(), run.analysis(), run.reports().describe()));
        run.reports().replacedWarning().ifPresent(warning -> ConsoleText.println(out, warning));
        replay(run.info(), run.records()).ifPresent(line -> ConsoleText.println(out, line));
        approvals(run.info(), run.records()).ifPresent(line -> ConsoleText.println(out, line));
    }

    /** How many tests were answered from cassettes and how many by the bot, when record and replay is on. */
    static java.util.Optional<String> replay(RunInfo run, List<dev.botsim.cognigy.spi.SimulationRecord> records) {
        if (run.replayMode().equals("off")) return java.util.Optional.empty();
        long partly = ReplayFields.partlyReplayed(records);
        return java.util.Optional.of("[cognigy] replay: " + ReplayFields.replayed(records) + " replayed, " + ReplayFields.live(run, records)
                + " live" + (partly == 0 ? "" : ", " + partly + " of them partly replayed")
                + " (cognigy.replay=" + run.replayMode() + ")");
    }

    /**
     * How many approved answers this run wrote, for review: {@code [cognigy] approvals: 3 newly approved: review
     * src/test/cognigy/approved and commit}; nothing when the run wrote none.
     */
    static java.util.Optional<String> approvals(RunInfo run, List<dev.botsim.cognigy.spi.SimulationRecord> records) {
        java.util.Map<dev.botsim.cognigy.spi.SimulationRecord.Approval, Long> counts = new java.util.EnumMap<>(
                dev.botsim.cognigy.spi.SimulationRecord.Approval.class);
        records.stream().filter(r -> r.approval() != null).forEach(r -> counts.merge(r.approval(), 1L, Long::sum));
        long newly = counts.getOrDefault(dev.botsim.cognigy.spi.SimulationRecord.Approval.NEWLY_APPROVED, 0L);
        long accepted = counts.getOrDefault(dev.botsim.cognigy.spi.SimulationRecord.Approval.ACCEPTED, 0L);
        if (newly == 0 && accepted == 0) return java.util.Optional.empty();
        List<String> parts = new ArrayList<>();
        if (newly > 0) parts.add(newly + " newly approved");
        if (accepted > 0) parts.add(accepted + " changed answer" + (accepted == 1 ? "" : "s") + " accepted");
        String dir = run.configuration().getOrDefault(dev.botsim.cognigy.engine.config.Constants.APPROVE_DIR,
                dev.botsim.cognigy.engine.config.ApprovalSettings.defaults().dir().toString());
        return java.util.Optional.of("[cognigy] approvals: " + String.join(", ", parts) + ": review " + dir + " and commit");
    }

    private static String governance(RunAnalysis analysis) {
        return String.format(Locale.ROOT, "[cognigy] governance: %s (threshold %s %%)", analysis.verdict().status(),
                Percent.limit(analysis.verdict().threshold()));
    }

    /**
     * Why the verdict is not COMPLIANT, a line each under it, as results.json, the audit record and the webhook carry the
     * reasons: {@code [cognigy]   below_threshold: 16 of 17 simulations passed …}. Indented and led by the code, so no
     * reason reads as a verdict line of its own.
     */
    private static List<String> reasons(RunAnalysis analysis) {
        return analysis.verdict().reasons().stream().map(reason -> "[cognigy]   " + reason.code() + ": " + reason.message()).toList();
    }

    /** {@code "; left out: 2 tests expecting nonsense, an intent the bot neither lists nor recognised"}, or nothing. */
    private static String notBotIntents(IntentQuality q) {
        if (q.notBotIntents().isEmpty()) return "";
        long tests = q.notBotIntents().values().stream().mapToLong(Long::longValue).sum();
        int intents = q.notBotIntents().size();
        return "; left out: " + tests + (tests == 1 ? " test" : " tests") + " expecting " + String.join(", ", q.notBotIntents().keySet())
                + (intents == 1 ? ", an intent" : ", intents") + " the bot neither lists nor recognised";
    }

    /**
     * At most two lines: the weakest intent and the pair confused most often, then the fragile utterances with the
     * narrowest one. The full figures are in the reports.
     */
    static List<String> intentQuality(IntentQuality q) {
        return intentQuality(q, "");
    }

    /**
     * The run's intent figures: the whole run's ({@link #intentQuality(IntentQuality)}), or, when its NLU tests span more
     * than one locale, each locale's on lines of its own ({@code [cognigy] intents de-DE: ...}): one locale's model
     * failing must not hide behind another's figures.
     */
    static List<String> intentQuality(RunAnalysis analysis) {
        if (analysis.byLocale().isEmpty()) return intentQuality(analysis.intentQuality());
        List<String> lines = new ArrayList<>();
        analysis.byLocale().forEach((locale, nlu) -> lines.addAll(intentQuality(nlu.intentQuality(), " " + locale)));
        return lines;
    }

    private static List<String> intentQuality(IntentQuality q, String locale) {
        List<String> lines = new ArrayList<>();
        if (!q.perIntent().isEmpty() && q.macroF1().isPresent()) {
            int intents = q.perIntent().size();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[cognigy] intents%s: macro F1 %s over %d %s",
                    locale, FigureText.of(q.macroF1().getAsDouble()), intents, intents == 1 ? "intent" : "intents"));
            q.perIntent().entrySet().stream().filter(e -> e.getValue().f1() < 1)
                    .min(Comparator.comparingDouble((Map.Entry<String, IntentQuality.IntentFigures> e) -> e.getValue().f1()))
                    .ifPresent(e -> line.append("; weakest ").append(e.getKey()).append(" (F1 ").append(FigureText.of(e.getValue().f1())).append(')'));
            if (!q.confusedPairs().isEmpty()) {
                IntentQuality.ConfusedPair top = q.confusedPairs().get(0);
                line.append("; most confused: expected ").append(top.expected()).append(", got ").append(top.got())
                        .append(" ×").append(top.count());
            }
            lines.add(line.append(notBotIntents(q)).toString());
        } else if (!q.notBotIntents().isEmpty()) {
            lines.add("[cognigy] intents" + locale + ": no figures" + notBotIntents(q));
        }
        if (q.marginsKnown() > 0 && !q.fragile().isEmpty()) {
            IntentQuality.FragileUtterance narrowest = q.fragile().get(0);
            long passing = q.fragile().stream().filter(f -> f.outcome() == Outcome.PASSED).count();
            lines.add(String.format(Locale.ROOT, "[cognigy] fragile%s: %d of %d utterances lead the runner-up by less than %s"
                            + " (%d passing); narrowest %s: \"%s\" %s %s / %s %s", locale, q.fragile().size(), q.marginsKnown(),
                    ScoreText.limit(q.fragileMargin()), passing, narrowest.testId(), OverviewText.of(narrowest.utterance()), narrowest.margin().first(),
                    ScoreText.of(narrowest.margin().firstScore()), narrowest.margin().second(),
                    ScoreText.of(narrowest.margin().secondScore())));
        }
        return lines;
    }

    /**
     * A line for each flow that answered with an error code, each code with its count and how many of them a test expected
     * ({@code error_code}): a run whose every test passed must not end on what reads as a problem when the tests asked for
     * it, as {@code index.html} and {@code results.json} already tell the two apart.
     */
    static List<String> misconfigurations(RunAnalysis analysis) {
        List<String> lines = new ArrayList<>();
        analysis.misconfigurations().forEach((flow, codes) -> lines.add("[cognigy] misconfiguration in " + flow + ": "
                + codes.entrySet().stream().map(e -> e.getKey() + " ×" + e.getValue() + expectedOf(e.getValue(),
                        analysis.expectedMisconfigurations().getOrDefault(flow, Map.of()).getOrDefault(e.getKey(), 0L)))
                .collect(Collectors.joining(", "))));
        return lines;
    }

    private static String expectedOf(long count, long expected) {
        if (expected <= 0) return "";
        if (expected == count) return count == 1 ? " (as its test expected)" : " (as their tests expected)";
        return " (" + expected + " of them as their tests expected)";
    }

    static String summary(RunInfo run, RunAnalysis analysis, String report) {
        if (analysis.verdict().status() == Governance.DEFERRED) return partSummary(run, analysis, report);
        List<String> text = new ArrayList<>();
        text.add(counts(run, analysis));
        // Under cognigy.governance.per-locale, the counts of each locale that falls short, before the verdict they decide,
        // as the run's own counts come before it; the verdict's reasons under it name them again with the threshold.
        analysis.localesFallingShort().forEach((locale, rate) -> text.add("[cognigy] locale " + locale + ": "
                + counts(rate.outcomes(), rate.total(), analysis.verdict().threshold())));
        text.add(governance(analysis));
        text.addAll(reasons(analysis));
        FlowCoverage coverage = analysis.coverage();
        if (coverage.expected() > 0) {
            text.add(String.format(Locale.ROOT, "[cognigy] flow coverage: %d of %d expected flows (%s %%)%s",
                    coverage.covered(), coverage.expected(), Percent.of(coverage.covered(), coverage.expected(), 0),
                    coverage.missing().isEmpty() ? "" : "; never reached: " + coverage.missingText(run.bot().flows())));
        }
        botUnknowns(run).ifPresent(text::add);
        if (analysis.intents().isKnown()) {
            // Rounded down, as flow coverage is: one intent in 200 never recognised does not read as 100 %.
            text.add(String.format(Locale.ROOT, "[cognigy] intent coverage: %d of %d bot intents recognised (%s %%)",
                    analysis.intents().covered(), analysis.intents().known().size(),
                    Percent.of(analysis.intents().covered(), analysis.intents().known().size(), 0)));
        }
        intentQuality(analysis).forEach(text::add);
        StabilityReport.consoleLine(analysis.stability()).ifPresent(text::add);
        text.addAll(misconfigurations(analysis));
        text.add("[cognigy] results: " + report);
        return lines(text);
    }

    /**
     * One part of a split run (a CI shard; with Surefire's forks, each test class): its counts on one line saying the
     * run's verdict is the merge's, what calls for a look in the part itself (what the bot could not tell, flaky tests,
     * misconfigurations), and where its reports are. No verdict, coverage or intent figures: over the few tests a part
     * gets — a fork's one class reaching 1 of 3 flows — they read as shortfalls the merged run may well not have, and
     * the merge prints the run's. The part's {@code results.json} and {@code index.html} keep its figures.
     */
    private static String partSummary(RunInfo run, RunAnalysis analysis, String report) {
        List<String> text = new ArrayList<>();
        text.add(counts(run, analysis) + " in this part of a split run; the run's verdict, coverage, audit record and webhook"
                + " come from the merge");
        botUnknowns(run).ifPresent(text::add);
        StabilityReport.consoleLine(analysis.stability()).ifPresent(text::add);
        text.addAll(misconfigurations(analysis));
        text.add("[cognigy] results: " + report);
        return lines(text);
    }

    private static String counts(RunInfo run, RunAnalysis analysis) {
        return String.format(Locale.ROOT, "[cognigy] %s on %s: %s", run.batchId(), run.backend(),
                counts(analysis.outcomes(), analysis.total(), analysis.verdict().threshold()));
    }

    /** {@code 17 simulations, 16 passed, 1 failed (94.1 %)}: the tests that ran, each outcome there was, the pass rate. */
    static String counts(Map<Outcome, Long> outcomes, long total, java.math.BigDecimal threshold) {
        String others = outcomes.entrySet().stream()
                .filter(e -> e.getKey() != Outcome.PASSED && e.getValue() > 0)
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        long passed = outcomes.get(Outcome.PASSED);
        // Rounded down as finely as the threshold: a pass rate just below it never reads as meeting it.
        return String.format(Locale.ROOT, "%d %s, %d passed%s (%s %%)", total, total == 1 ? "simulation" : "simulations", passed,
                others.isEmpty() ? "" : ", " + others, Percent.of(passed, total, 1, threshold));
    }

    /** What the backend could not tell of the bot, once: {@code [cognigy] bot: …}. */
    private static java.util.Optional<String> botUnknowns(RunInfo run) {
        if (run.bot().unknown().isEmpty()) return java.util.Optional.empty();
        return java.util.Optional.of("[cognigy] bot: " + String.join("; ", run.bot().unknown()));
    }

    /** The summary lines, each escaped to one line: flow names and error codes come from the bot. */
    private static String lines(List<String> text) {
        return text.stream().map(ConsoleText::oneLine).collect(Collectors.joining(System.lineSeparator()));
    }
}
