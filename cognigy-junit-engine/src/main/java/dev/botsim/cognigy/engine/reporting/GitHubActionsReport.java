package dev.botsim.cognigy.engine.reporting;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.Secrets;
import dev.botsim.cognigy.engine.reporting.FailingTests.Failure;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.NamedValues;

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

    @Override
    public void runFinished(FinishedRun run) {
        if (!config.reports().githubActionsApply(environment)) return;
        // The summary and annotations are shown to everyone who can read the repository: what cognigy.replay.redact names is
        // written as its digest there, wherever a test's name, its failure or the bot's answer quotes it.
        Path workspace = RepositoryPlaces.path(environment.apply(WORKSPACE_ENV)).orElse(null);
        FailingTests.CiView view = FailingTests.view(run, config, workspace, mergedRun);
        writeSummary(view.summary());
        // The merge annotates nothing: the parts' jobs annotated the tests they ran.
        if (mergedRun == null) annotations(view.failures()).forEach(out::println);
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

    private static String annotation(Failure f) {
        StringBuilder command = new StringBuilder(f.tolerated() ? "::warning " : "::error ");
        f.at().ifPresent(at -> {
            command.append("file=").append(GitHubText.commandProperty(at.file())).append(',');
            if (at.line() > 0) command.append("line=").append(at.line()).append(',');
        });
        command.append("title=").append(GitHubText.commandProperty(f.id() + " " + f.record().outcome().name()
                + (f.tolerated() ? " (tolerated)" : "")));
        return command.append("::").append(GitHubText.commandMessage(String.join("\n", FailingTests.message(f)))).toString();
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
        Optional<Path> file = RepositoryPlaces.path(named);
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
            try (java.nio.channels.FileChannel append = java.nio.channels.FileChannel.open(file.get(), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                long start = append.size();
                try {
                    java.nio.ByteBuffer left = java.nio.ByteBuffer.wrap(bytes);
                    while (left.hasRemaining()) append.write(left);
                } catch (IOException | RuntimeException e) {
                    // A disk that fills up half-way would leave half a table under the earlier steps' summary, which GitHub
                    // shows as it is: the file is put back as it was, and the warning below says why.
                    try {
                        append.truncate(start);
                    } catch (IOException | RuntimeException again) {
                        e.addSuppressed(again);
                    }
                    throw e;
                }
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
}
