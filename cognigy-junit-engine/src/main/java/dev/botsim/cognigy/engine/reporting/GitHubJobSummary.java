package dev.botsim.cognigy.engine.reporting;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import dev.botsim.cognigy.engine.analysis.FlowCoverage;
import dev.botsim.cognigy.engine.analysis.LocalePassRate;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.engine.support.Percent;
import dev.botsim.cognigy.spi.Governance;
import dev.botsim.cognigy.spi.GovernanceReason;
import dev.botsim.cognigy.spi.RunInfo;

/**
 * A run's GitHub Actions job summary, in GitHub's Markdown: the verdict and its reasons, the pass figures (each locale's
 * when the run was judged per locale), flow coverage, the first {@link #TESTS_LISTED} failing tests with their place, what
 * they expected and what the bot said, and where the reports are. A part of a split run gives its own figures and says
 * the verdict is the merge's. Everything taken from the run is escaped ({@link GitHubText#markdown}): a bot's answer holding
 * {@code |}, a backtick, {@code <script>} or a line break stays text in its cell. Azure Pipelines renders the same
 * Markdown on a run's Extensions tab, where {@link AzurePipelinesReport} uploads it.
 */
final class GitHubJobSummary {

    /** At most this many failing tests are listed; a line says how many more there are. */
    static final int TESTS_LISTED = 20;

    /** At most this many characters of a test's name, its place, what it expected and what the bot said, in a cell. */
    static final int CELL = 200;

    /** Every text of the run masked of its secrets, before it is escaped. */
    private final UnaryOperator<String> masked;

    private GitHubJobSummary(UnaryOperator<String> masked) {
        this.masked = masked;
    }

    /**
     * @param failures  the run's failing tests, in the order listed, their texts masked already
     * @param mergedRun the run id when {@code merge} concluded the run from its parts, else {@code null}
     * @param shown     how a report's path is shown (relative to the repository's root where it lies below it)
     * @param masked    a text of the run with its secrets masked
     * @param coverageShortfall why the run's flow coverage falls short of {@code cognigy.coverage.minimum}, which fails the
     *                  build with the verdict unchanged, if it does
     */
    static String of(FinishedRun run, List<FailingTests.Failure> failures, String mergedRun, Function<Path, String> shown,
                     UnaryOperator<String> masked, Optional<String> coverageShortfall) {
        return new GitHubJobSummary(masked).summary(run, failures, mergedRun, shown, coverageShortfall);
    }

    private String summary(FinishedRun run, List<FailingTests.Failure> failures, String mergedRun, Function<Path, String> shown,
                           Optional<String> coverageShortfall) {
        RunInfo info = run.info();
        RunAnalysis analysis = run.analysis();
        StringBuilder md = new StringBuilder();
        boolean part = analysis.verdict().status() == Governance.DEFERRED;
        String counts = ConsoleSummary.counts(analysis.outcomes(), analysis.total(), analysis.verdict().threshold());
        if (part) {
            md.append("### Cognigy bot tests: part of a split run (").append(text(info.part())).append(")\n\n");
            md.append(counts).append(" in this part · ").append(text(info.batchId())).append(" on ").append(text(info.backend()))
                    .append("\n\nThis is one part of a split run: the run's verdict, coverage, audit record and webhook come"
                            + " from the merge.\n");
        } else {
            Governance status = analysis.verdict().status();
            md.append("### Cognigy bot tests: ").append(status == Governance.COMPLIANT ? "✅ " : "❌ ").append(status)
                    .append(mergedRun == null ? "" : " (run " + text(mergedRun) + ", merged from its parts)")
                    .append(info.partial() ? " (tests picked one by one, not the suite)" : "").append("\n\n");
            md.append(counts).append(" · threshold ").append(Percent.limit(analysis.verdict().threshold())).append(" % · ")
                    .append(text(info.batchId())).append(" on ").append(text(info.backend())).append('\n');
            scope(md, info);
            List<GovernanceReason> reasons = analysis.verdict().reasons();
            if (!reasons.isEmpty()) {
                md.append('\n');
                reasons.forEach(reason -> md.append("- ").append(text(reason.code())).append(": ").append(text(reason.message()))
                        .append('\n'));
            }
            locales(md, analysis);
            FlowCoverage coverage = analysis.coverage();
            if (coverage.expected() > 0) {
                md.append("\nFlow coverage: ").append(coverage.covered()).append(" of ").append(coverage.expected())
                        .append(" expected flows (").append(Percent.of(coverage.covered(), coverage.expected(), 0)).append(" %)")
                        .append(coverage.missing().isEmpty() ? "" : "; never reached: " + text(coverage.missingText(info.bot().flows())))
                        .append('\n');
            }
            // Not part of the verdict, but the build fails for it: the summary says why a COMPLIANT run's step is red.
            coverageShortfall.ifPresent(shortfall -> md.append("\n**The build fails at the run's end: ").append(text(shortfall))
                    .append(".**\n"));
        }
        failures(md, failures);
        WrittenReports reports = run.reports();
        md.append("\nReports: ").append(reports.problem() != null || reports.page() == null
                ? "not written (" + text(String.valueOf(reports.problem())) + ")"
                : text(shown.apply(reports.page())) + " and " + text(reports.results().getFileName().toString())).append('\n');
        return md.toString();
    }

    /**
     * What the figures are of, when they are not the suite's: tests picked one by one (a rerun of failures, an IDE's run),
     * or a run some of whose tests a launcher's filter took out — as the console, {@code index.html}, {@code results.json},
     * the audit record and the webhook payload say it, so a green section of a few tests is not read as the suite's.
     */
    private static void scope(StringBuilder md, RunInfo info) {
        if (info.partial()) {
            md.append("\n**Tests picked one by one (by unique id, method or line: an IDE's run, a rerun of failed tests): this"
                    + " verdict and coverage are theirs, not the suite's.**\n");
        }
        if (info.filteredOut() > 0) {
            md.append("\n**").append(info.filteredOut()).append(" of ").append(info.plannedTests() + info.filteredOut())
                    .append(" tests left out by a filter of the launcher (tags, method names): the verdict and coverage are of the ")
                    .append(info.plannedTests()).append(" that ran.**\n");
        }
    }

    /** Each locale's pass figures, when the run was judged per locale. */
    private void locales(StringBuilder md, RunAnalysis analysis) {
        if (analysis.passRates().isEmpty()) return;
        Map<String, LocalePassRate> short_ = analysis.localesFallingShort();
        md.append("\n| Locale | Simulations | Passed | Pass rate |\n| --- | ---: | ---: | ---: |\n");
        analysis.passRates().forEach((locale, rate) -> md.append("| ").append(text(locale)).append(" | ").append(rate.total())
                .append(" | ").append(rate.passed()).append(" | ")
                .append(Percent.of(rate.passed(), rate.total(), 1, analysis.verdict().threshold())).append(" %")
                .append(short_.containsKey(locale) ? ", below the threshold" : "").append(" |\n"));
    }

    private static void failures(StringBuilder md, List<FailingTests.Failure> failures) {
        if (failures.isEmpty()) {
            md.append("\nNo test failed.\n");
            return;
        }
        md.append("\n#### Failing tests: ").append(failures.size()).append("\n\n| Test | Where | Expected | Bot said |\n| --- | --- | --- | --- |\n");
        for (FailingTests.Failure f : failures.subList(0, Math.min(TESTS_LISTED, failures.size()))) {
            md.append("| ").append(GitHubText.markdown(f.name(), CELL))
                    .append(" | ").append(GitHubText.markdown(f.place(), CELL))
                    .append(" | ").append(GitHubText.markdown(f.expected() != null ? f.expected() : f.failure(), CELL))
                    .append(" | ").append(f.said() == null ? (f.record().sent() ? "(no answer)" : "(nothing sent)")
                            : GitHubText.markdown(f.said(), CELL))
                    .append(f.tolerated() ? " (tolerated)" : "").append(" |\n");
        }
        if (failures.size() > TESTS_LISTED) {
            int more = failures.size() - TESTS_LISTED;
            md.append("\n…and ").append(more).append(more == 1 ? " more failing test" : " more failing tests")
                    .append(": index.html lists them all.\n");
        }
    }

    private String text(String raw) {
        return GitHubText.markdown(raw == null ? "" : masked.apply(raw));
    }
}
