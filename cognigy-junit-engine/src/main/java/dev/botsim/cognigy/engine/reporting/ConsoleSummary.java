package dev.botsim.cognigy.engine.reporting;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.Collectors;

import dev.botsim.cognigy.engine.analysis.FlowCoverage;
import dev.botsim.cognigy.engine.analysis.GovernanceVerdict;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;
import dev.botsim.cognigy.spi.SimulationListener;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * At the end of the run: analyses it, writes {@code results.json} and {@code index.html}, and prints the summary a QA lead
 * reads first — pass rate, governance verdict, flow coverage, misconfigurations, where the report is.
 */
final class ConsoleSummary implements SimulationListener {

    private static final System.Logger LOG = System.getLogger(ConsoleSummary.class.getName());

    private final PrintStream out;
    private final EngineConfig config;
    private final Clock clock;
    private final java.util.function.BiConsumer<Path, String> publish;

    /** @param publish hands a written report to JUnit as a file entry: path and media type */
    ConsoleSummary(PrintStream out, EngineConfig config, Clock clock, java.util.function.BiConsumer<Path, String> publish) {
        this.out = out;
        this.config = config;
        this.clock = clock;
        this.publish = publish;
    }

    @Override
    public void runFinished(RunInfo run, List<SimulationRecord> records, RunSummary summary) {
        RunAnalysis analysis = RunAnalysis.of(run, records, BigDecimal.valueOf(config.governanceThreshold()));
        // The records alone cannot tell that the audit record failed to be written; the run's summary does.
        if (GovernanceVerdict.Status.UNAUDITED.name().equals(summary.governance())) analysis = analysis.unaudited();
        String report;
        try {
            Path written;
            Path page;
            // The two files are independent and the run waits for both: index.html is written on a second
            // core meanwhile (in a fresh JVM each is a tenth of a second for 1,000 simulations).
            RunAnalysis analysed = analysis;
            FutureTask<Path> html = new FutureTask<>(() -> new HtmlReport().write(config.reportDir(), run, analysed, records));
            Thread writer = new Thread(html, "cognigy-html-report");
            writer.setDaemon(true);
            writer.start();
            try {
                written = new ResultsJson().write(config.reportDir(), run, analysis, records, clock.instant());
            } finally {
                page = awaitUninterruptibly(html);
            }
            publish.accept(written, "application/json");
            publish.accept(page, "text/html");
            report = page.toAbsolutePath() + " and " + written.getFileName();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, ConsoleText.oneLine("cannot write the reports to " + config.reportDir() + ": " + e.getMessage()));
            report = "not written (" + e.getMessage() + ")";
        }
        out.println(summary(run, analysis, report));
    }

    /** The page once written, waiting for it even when interrupted (the flag is kept): nothing may write after the run. */
    private static Path awaitUninterruptibly(FutureTask<Path> page) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return page.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException failure) throw failure;
            if (e.getCause() instanceof RuntimeException failure) throw failure;
            if (e.getCause() instanceof Error error) throw error;
            throw new IllegalStateException(e.getCause());
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** The summary lines, each escaped to one line: flow names and error codes come from the bot. */
    static String summary(RunInfo run, RunAnalysis analysis, String report) {
        List<String> text = new ArrayList<>();
        String others = analysis.outcomes().entrySet().stream()
                .filter(e -> e.getKey() != Outcome.PASSED && e.getValue() > 0)
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        text.add(String.format(Locale.ROOT, "[cognigy] %s on %s: %d simulations, %d passed%s (%.1f %%)", run.batchId(),
                run.backend(), analysis.total(), analysis.outcomes().get(Outcome.PASSED), others.isEmpty() ? "" : ", " + others,
                analysis.passRate() * 100));
        text.add(String.format(Locale.ROOT, "[cognigy] governance: %s (threshold %s %%)%s", analysis.verdict().status(),
                analysis.verdict().threshold().movePointRight(2).stripTrailingZeros().toPlainString(),
                analysis.verdict().status() == GovernanceVerdict.Status.UNAUDITED ? "; the audit record could not be written" : ""));
        FlowCoverage coverage = analysis.coverage();
        if (coverage.expected() > 0) {
            text.add(String.format(Locale.ROOT, "[cognigy] flow coverage: %d of %d expected flows (%.0f %%)%s",
                    coverage.covered(), coverage.expected(), coverage.ratio() * 100,
                    coverage.missing().isEmpty() ? "" : "; never reached: " + String.join(", ", coverage.missing())));
        }
        if (!run.bot().unknown().isEmpty()) {
            text.add("[cognigy] bot: " + String.join("; ", run.bot().unknown()));
        }
        if (analysis.intents().isKnown()) {
            text.add(String.format(Locale.ROOT, "[cognigy] intent coverage: %d of %d bot intents recognised (%.0f %%)",
                    analysis.intents().covered(), analysis.intents().known().size(), analysis.intents().ratio() * 100));
        }
        analysis.misconfigurations().forEach((flow, codes) -> text.add("[cognigy] misconfiguration in " + flow + ": "
                + codes.entrySet().stream().map(e -> e.getKey() + " ×" + e.getValue()).collect(Collectors.joining(", "))));
        text.add("[cognigy] results: " + report);
        return text.stream().map(ConsoleText::oneLine).collect(Collectors.joining(System.lineSeparator()));
    }
}
