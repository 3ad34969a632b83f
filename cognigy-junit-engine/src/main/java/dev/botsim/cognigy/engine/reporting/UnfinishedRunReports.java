package dev.botsim.cognigy.engine.reporting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.botsim.cognigy.engine.support.PartialFile;
import dev.botsim.cognigy.spi.RunInfo;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two reports a run leaves in its folder as it begins, in place of the earlier run's: a {@code results.json} that
 * says the run is under way ({@code "running": true}, {@code "finished": null}, and no summary, governance or results,
 * so nothing in it reads as a verdict) and an {@code index.html} that says the same in words, linking the earlier run's
 * reports where they are kept. The run's end replaces both with its own; a JVM killed outright leaves them, so the
 * folder never passes an earlier run off as the one that ran last.
 *
 * <p>A run that could not start (its configuration refused, its backend refused or unreachable, the bot's schema
 * unreadable) leaves the same pair with why ({@code "running": false}, {@code "not_started"}; on the page as written,
 * line by line): no run follows to replace it, and the folder must not show the earlier run's verdict beside a build
 * that failed before its first test. So does a run whose JVM was shut down while it was starting (SIGTERM, Ctrl-C):
 * it did not start either, and its page says it was stopped, with nothing to fix. So does a split run's merge that was
 * refused, in its output folder: it concluded no run, so its pair names no batch, backend or bot. And so does a run that
 * ended but whose reports could not be written over its mark (a full disk, a folder in a report's place): its mark would
 * otherwise say it is still under way, and the next run that its JVM was killed outright ({@code "running": false},
 * {@code "not_written"}, {@code "finished"}).
 *
 * @param run        the run under way, the one that did not start, or the refused merge
 * @param previous   the earlier run's reports kept in {@value ReportWriter#PREVIOUS}/, if any
 * @param notStarted why the run did not start or the merge was refused, its secrets masked; empty for a run under way
 * @param shutDown   whether the run did not start because its JVM was shut down while it was starting
 * @param process    the process the run is under way in: this one, or — when another run's end writes the mark again to
 *                   link its own reports kept below it — the one the mark named
 * @param ended      for a run that ended without its reports written: when, its verdict and why they were not written
 */
record UnfinishedRunReports(Subject run, Optional<Kept> previous, Optional<String> notStarted, boolean shutDown,
                            MarkingProcess process, Optional<Ended> ended) {

    /** The pair of {@code run} in this process. */
    UnfinishedRunReports(Subject run, Optional<Kept> previous, Optional<String> notStarted, boolean shutDown) {
        this(run, previous, notStarted, shutDown, MarkingProcess.current(), Optional.empty());
    }

    /**
     * The pair of {@code run}, which ended at {@code finished} with {@code verdict} ({@code REVIEW_REQUIRED, 6 of 9
     * passed}) but whose reports could not be written ({@code problem}: the folder, why and what to do).
     */
    static UnfinishedRunReports notWritten(Subject run, Optional<Kept> previous, Instant finished, String verdict, String problem) {
        return new UnfinishedRunReports(run, previous, Optional.empty(), false, MarkingProcess.current(),
                Optional.of(new Ended(finished, verdict, problem)));
    }

    /**
     * What a run that ended says in place of its reports, which could not be written.
     *
     * @param finished when it ended
     * @param verdict  its verdict as the page's title gives it
     * @param problem  why its reports were not written: the folder, the operating system's words, what to do
     */
    record Ended(Instant finished, String verdict, String problem) {
    }

    /**
     * What the pair says of the run it stands for.
     *
     * @param batchId the run's batch id; {@code null} for a refused merge, which concluded none
     * @param started when the run began, or the merge was tried
     * @param backend the run's backend; {@code null} for a refused merge
     * @param botName the bot the run's tests name, or {@code null}
     * @param partial whether the run's tests were picked one by one
     * @param merge   whether the pair stands for a split run's merge that was refused
     */
    record Subject(String batchId, Instant started, String backend, String botName, boolean partial, boolean merge) {

        static Subject of(RunInfo run) {
            return new Subject(run.batchId(), run.started(), run.backend(), run.botName(), run.partial(), false);
        }

        /** A split run's merge tried at {@code tried} and refused. */
        static Subject refusedMerge(Instant tried) {
            return new Subject(null, tried, null, null, false, true);
        }

        /** As a log line names it: {@code run batch_…}, or {@code the refused merge}. */
        String describe() {
            return merge ? "the refused merge" : "run " + batchId;
        }
    }

    /**
     * The earlier run's reports, kept below the folder while a run is under way.
     *
     * @param head    what its {@code results.json} says of it, if it is there and readable
     * @param results whether its {@code results.json} is there
     * @param page    whether its {@code index.html} is there
     */
    record Kept(Optional<ReportHead> head, boolean results, boolean page) {

        /** The reports kept in {@code folder}; empty when neither is there. */
        static Optional<Kept> in(Path folder) {
            Path results = folder.resolve(ResultsJson.FILE_NAME);
            boolean page = Files.isRegularFile(folder.resolve(HtmlReport.FILE_NAME));
            if (!page && !Files.isRegularFile(results)) return Optional.empty();
            return Optional.of(new Kept(ReportHead.read(results), Files.isRegularFile(results), page));
        }

        String describe() {
            return head.map(ReportHead::describe).orElse("an earlier run");
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** The page's policy: no script at all, nothing fetched; the styles are its own. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none';"
            + " form-action 'none'";

    private static final String CSS = "*{box-sizing:border-box}body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;"
            + "padding:16px 24px;color:#1d2330;background:#f4f6f9;max-width:1280px}header h1{margin:0 0 4px;font-size:22px}"
            + "header p{margin:2px 0;color:#5b6475;overflow-wrap:anywhere}.notice{background:#fff;border-radius:8px;"
            + "border-left:5px solid #8a5a12;padding:8px 16px;margin-top:12px;overflow-wrap:anywhere}.notice h2{font-size:16px;"
            + "margin:4px 0}.reason{white-space:pre-wrap}a{color:#1f5a96}";

    /** {@code results.json} of the run under way, written whole into a partial file beside it; removed if it fails. */
    Path writeResultsPartial(Path directory) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema_version", ResultsJson.SCHEMA_VERSION);
        root.put("batch_id", run.batchId());
        // Before anything else a reader may branch on: the one field that says this file holds no results yet, and for a
        // run that did not start, the field that says none will come.
        root.put("running", notStarted.isEmpty() && ended.isEmpty());
        // Which process the run under way is in: a later run, or a reader, tells a mark left by a JVM killed outright
        // from a run still going in another.
        if (notStarted.isEmpty() && ended.isEmpty() && !run.merge()) root.put("process", process.fields());
        notStarted.ifPresent(reason -> root.put("not_started", reason));
        ended.ifPresent(end -> root.put("not_written", end.problem()));
        if (run.partial()) root.put("partial", true);
        root.put("backend", run.backend());
        root.put("bot", run.botName());
        root.put("started", run.started().truncatedTo(ChronoUnit.MILLIS).toString());
        root.put("finished", ended.map(end -> end.finished().truncatedTo(ChronoUnit.MILLIS).toString()).orElse(null));
        root.put("previous_run", previous.map(UnfinishedRunReports::previousFields).orElse(null));
        Files.createDirectories(directory);
        Path partial = PartialFile.create(directory, ".results.", ".json.part");
        try {
            JSON.writeValue(partial.toFile(), root);
        } catch (RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        return partial;
    }

    /**
     * Where the earlier run's reports are, relative to the folder: its batch id and when it finished, never its verdict,
     * which a step searching this file for a verdict would take for this run's.
     */
    private static Map<String, Object> previousFields(Kept kept) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("batch_id", kept.head().map(ReportHead::batchId).orElse(null));
        fields.put("finished", kept.head().map(ReportHead::finished).orElse(null));
        fields.put("results", kept.results() ? ReportWriter.PREVIOUS + "/" + ResultsJson.FILE_NAME : null);
        fields.put("page", kept.page() ? ReportWriter.PREVIOUS + "/" + HtmlReport.FILE_NAME : null);
        return fields;
    }

    /** {@code index.html} of the run under way, written whole into a partial file beside it; removed if it fails. */
    Path writePagePartial(Path directory) throws IOException {
        if (run.merge()) return writePage(directory, refusedMergePage());
        String batch = HtmlReport.esc(run.batchId());
        String started = HtmlReport.esc(HtmlReport.shown(run.started()));
        StringBuilder html = new StringBuilder(4_096);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CONTENT_SECURITY_POLICY).append("\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>cognigy-junit ")
                .append(HtmlReport.esc(run.botName() == null ? "" : run.botName() + " ")).append(batch)
                .append(shutDown ? " (stopped while starting)" : notStarted.isPresent() ? " (did not start)"
                        : ended.isPresent() ? " (reports not written)" : " (not finished)")
                .append("</title><style>").append(CSS)
                .append("</style></head><body>");
        html.append("<header><h1>Bot simulations");
        if (run.botName() != null) html.append(" <span class=\"bot\">").append(HtmlReport.esc(run.botName())).append("</span>");
        html.append("</h1><p>").append(batch).append(" · backend ").append(HtmlReport.esc(run.backend()));
        if (run.partial()) html.append(" · <strong>tests picked one by one: their verdict and coverage, not the suite's</strong>");
        if (ended.isPresent()) {
            html.append("</p><p>started ").append(started).append(" · finished ").append(HtmlReport.esc(HtmlReport.shown(ended.get().finished())))
                    .append("</p></header><main>");
            html.append("<section class=\"notice\"><h2>Run ").append(batch).append(" ended, but its reports could not be written")
                    .append("</h2><p class=\"reason\">").append(HtmlReport.esc(ended.get().problem())).append("</p><p>Its verdict was ")
                    .append(HtmlReport.esc(ended.get().verdict())).append(": the console of its build says its results. Fix what is")
                    .append(" named above; the next run writes its reports here.</p></section>");
        } else if (shutDown) {
            html.append("</p><p>started ").append(started).append(" · stopped while starting</p></header><main>");
            html.append("<section class=\"notice\"><h2>Run ").append(batch).append(" did not start: it was stopped while")
                    .append(" starting</h2><p class=\"reason\">").append(HtmlReport.esc(notStarted.orElse("")))
                    .append("</p><p>No test ran, so there are no results: run the suite again.</p></section>");
        } else if (notStarted.isPresent()) {
            html.append("</p><p>tried ").append(started).append(" · did not start</p></header><main>");
            html.append("<section class=\"notice\"><h2>Run ").append(batch).append(" did not start</h2><p class=\"reason\">")
                    .append(HtmlReport.esc(notStarted.get())).append("</p><p>No test ran and nothing was sent to the bot: fix")
                    .append(" what is named above and run the suite again.</p></section>");
        } else {
            html.append("</p><p>started ").append(started).append(" · not finished</p></header><main>");
            html.append("<section class=\"notice\"><h2>Run ").append(batch).append(" has not finished</h2><p>It started at ")
                    .append(started).append(". Its results are written here when it ends, replacing this page and the")
                    .append(" results.json beside it, which says <code>\"running\": true</code>.</p><p>If no run is under way, this")
                    .append(" one ended without reporting: its JVM was killed outright (kill -9, out of memory, a CI job's timeout")
                    .append(" that killed it) &mdash; see its console. Run the suite again for results.</p></section>");
        }
        appendPrevious(html, "The run before it", notStarted.isPresent() || ended.isPresent() ? " until a run ends.</p>"
                : " until this run ends.</p>");
        return writePage(directory, html);
    }

    /** The page of a refused merge: why, and that nothing was concluded. */
    private StringBuilder refusedMergePage() {
        String tried = HtmlReport.esc(HtmlReport.shown(run.started()));
        StringBuilder html = new StringBuilder(4_096);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CONTENT_SECURITY_POLICY).append("\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>cognigy-junit merge refused")
                .append("</title><style>").append(CSS).append("</style></head><body>");
        html.append("<header><h1>Bot simulations</h1><p>the merge of a split run's parts</p><p>tried ").append(tried)
                .append(" · refused</p></header><main>");
        html.append("<section class=\"notice\"><h2>The merge was refused</h2><p class=\"reason\">")
                .append(HtmlReport.esc(notStarted.orElse(""))).append("</p><p>No run was concluded: nothing was appended to the")
                .append(" audit trail and no webhook was sent. Fix what is named above and merge again.</p></section>");
        appendPrevious(html, "The merge before it", " until a merge ends.</p>");
        return html;
    }

    /** Where the earlier pair is kept, under {@code heading}, the sentence ending with {@code until}; and the page's end. */
    private void appendPrevious(StringBuilder html, String heading, String until) {
        html.append("<section class=\"notice\"><h2>").append(heading).append("</h2>");
        if (previous.isPresent()) {
            Kept kept = previous.get();
            html.append("<p>The reports of ").append(HtmlReport.esc(kept.describe())).append(" are kept in ");
            if (kept.page()) {
                html.append("<a href=\"").append(ReportWriter.PREVIOUS).append('/').append(HtmlReport.FILE_NAME).append("\">")
                        .append(ReportWriter.PREVIOUS).append('/').append(HtmlReport.FILE_NAME).append("</a>")
                        .append(kept.results() ? " and " : "");
            }
            if (kept.results()) html.append(ReportWriter.PREVIOUS).append('/').append(ResultsJson.FILE_NAME);
            html.append(until);
        } else {
            html.append("<p>No earlier run's reports are kept in this folder.</p>");
        }
        html.append("</section></main></body></html>");
    }

    /** {@code html} written whole into a partial file beside the page; removed if it fails. */
    private static Path writePage(Path directory, CharSequence html) throws IOException {
        Files.createDirectories(directory);
        Path partial = PartialFile.create(directory, ".index.", ".html.part");
        try {
            Files.writeString(partial, html, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        return partial;
    }
}
