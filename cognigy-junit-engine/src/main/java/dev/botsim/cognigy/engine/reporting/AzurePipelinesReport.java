package dev.botsim.cognigy.engine.reporting;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.reporting.FailingTests.Failure;
import dev.botsim.cognigy.engine.support.ConsoleText;

/**
 * At the end of a run under Azure Pipelines ({@code cognigy.report.azure-pipelines}; by default where {@code TF_BUILD} is
 * {@code True}), what the pipeline run's page shows without its log: the summary GitHub Actions gets
 * ({@link GitHubJobSummary}, the same Markdown), written to a file that {@code ##vso[task.uploadsummary]} attaches to the
 * run's Extensions tab, and a {@code ##vso[task.logissue]} error for each failing test — a warning for one tolerant
 * governance let through —, at its data file's line or its method's declaration ({@link RepositoryPlaces}), which the run's
 * summary lists under the step and links to the line of the log. A part of a split run says it is one; the merge uploads
 * the merged run's summary and logs no issues, since the parts' jobs logged the tests they ran.
 *
 * <p>The summary file goes to {@code AGENT_TEMPDIRECTORY}, which the agent empties after the job (it reads the file when
 * it uploads it, after the command), else beside the run's {@code index.html}; its name, which the Extensions tab shows
 * as the section's title, holds the run's batch id, so the several runs of one step (modules, Surefire forks) each have
 * their own. A run's failing tests and texts are those of {@link FailingTests}: masked of the run's secrets, what
 * {@code cognigy.replay.redact} names as its digest. Nothing here changes a result: a summary that cannot be written is
 * one warning line, and the issues do not fail the step, whose result is the build's.
 */
final class AzurePipelinesReport implements AnalysedRunListener {

    /** The folder the agent checks the repository out to: a test's file is named by its path below it. */
    static final String SOURCES_ENV = "BUILD_SOURCESDIRECTORY";

    /** The job's temporary folder, emptied by the agent after the job: where the summary file is written. */
    static final String TEMP_ENV = "AGENT_TEMPDIRECTORY";

    /** The agent keeps at most this many error issues of a step in the run's summary, and as many warnings. */
    static final int ISSUES_SHOWN = 10;

    private final EngineConfig config;
    private final Function<String, String> environment;
    private final PrintStream out;
    private final String mergedRun;

    /**
     * @param mergedRun the run id when this is {@code merge} concluding a split run (no issues), else {@code null}
     */
    AzurePipelinesReport(EngineConfig config, Function<String, String> environment, PrintStream out, String mergedRun) {
        this.config = config;
        this.environment = environment;
        this.out = out;
        this.mergedRun = mergedRun;
    }

    @Override
    public void runFinished(FinishedRun run) {
        if (!config.reports().azurePipelinesApply(environment)) return;
        Path sources = RepositoryPlaces.path(environment.apply(SOURCES_ENV)).orElse(null);
        FailingTests.CiView view = FailingTests.view(run, config, sources, mergedRun);
        uploadSummary(run, view.summary());
        if (mergedRun == null) issues(view.failures(), sources).forEach(out::println);
    }

    /**
     * One {@code ##vso[task.logissue]} line per failing test, at most {@link #ISSUES_SHOWN} errors and as many warnings,
     * which is all the agent keeps of a step, and a console line counting the rest.
     *
     * @param sources the repository's root, which a test's place is relative to; {@code null} when it has none
     */
    static List<String> issues(List<Failure> failures, Path sources) {
        List<String> lines = new ArrayList<>();
        int errors = 0;
        int warnings = 0;
        int left = 0;
        for (Failure f : failures) {
            boolean shown = f.tolerated() ? warnings++ < ISSUES_SHOWN : errors++ < ISSUES_SHOWN;
            if (shown) lines.add(issue(f, sources));
            else left++;
        }
        if (left > 0) {
            lines.add(ConsoleText.oneLine("[cognigy] " + left + (left == 1 ? " more failing test is" : " more failing tests are")
                    + " not logged as an issue: Azure Pipelines keeps at most " + ISSUES_SHOWN + " errors and " + ISSUES_SHOWN
                    + " warnings of a step. The summary (Extensions tab) and index.html list every failing test."));
        }
        return lines;
    }

    /**
     * {@code ##vso[task.logissue type=error;sourcepath=/…/orders.sim.yaml;linenumber=21;]message}: the file's absolute
     * path, which the agent makes relative to the repository it checked out, and the annotation's message of
     * {@link FailingTests#message}, its lines kept apart.
     */
    private static String issue(Failure f, Path sources) {
        StringBuilder command = new StringBuilder("##vso[task.logissue type=").append(f.tolerated() ? "warning" : "error").append(';');
        f.at().filter(at -> sources != null).ifPresent(at -> {
            command.append("sourcepath=").append(AzurePipelinesText.pathValue(sources.resolve(at.file()).normalize().toString()))
                    .append(';');
            if (at.line() > 0) command.append("linenumber=").append(at.line()).append(';');
        });
        return command.append(']').append(AzurePipelinesText.commandValue(String.join("\n", FailingTests.message(f)))).toString();
    }

    /**
     * Writes the summary to its file and prints the command that uploads it; a warning line, and no command, when it cannot
     * be written. Never throws.
     */
    private void uploadSummary(FinishedRun run, String summary) {
        Optional<Path> folder = RepositoryPlaces.path(environment.apply(TEMP_ENV))
                .or(() -> Optional.ofNullable(run.reports().page()).map(Path::getParent));
        if (folder.isEmpty()) {
            ConsoleText.println(out, "[cognigy] WARNING no Azure Pipelines summary uploaded: " + TEMP_ENV + " names no folder"
                    + " (the agent sets it in every job) and the run's reports were not written; its results and verdict are as"
                    + " reported above");
            return;
        }
        Path file = folder.get().resolve("Cognigy bot tests (" + run.info().batchId() + ").md").toAbsolutePath().normalize();
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, summary, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            ConsoleText.println(out, "[cognigy] WARNING the Azure Pipelines summary could not be written to " + file + " (" + e
                    + "); the run's results and verdict are as reported above");
            return;
        }
        out.println("##vso[task.uploadsummary]" + AzurePipelinesText.pathValue(file.toString()));
    }
}
