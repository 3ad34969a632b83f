package dev.botsim.cognigy.engine.reporting;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a {@code results.json} in the report folder says of its run, read from the file's head: which run, and whether
 * it is a mark ({@link UnfinishedRunReports}: of a run under way, {@code "running": true}, of one that did not start,
 * {@code "not_started"}, or of one that ended without its reports written, {@code "not_written"}) or a run's finished
 * results.
 *
 * @param batchId  the run's batch id, or {@code null} when the file names none
 * @param mark     whether the file is a mark rather than a run's results: the pair kept before it is still the last
 *                 run's that finished
 * @param finished when the run finished, as the file gives it, or {@code null}
 * @param process  the process that marked the folder as its run's under way, or {@code null} (not a mark of a run under
 *                 way, or one written before marks named it)
 * @param bot      the bot the run's tests named ({@code "bot"}), or {@code null} when they named none
 * @param started  when the run started, as the file gives it, or {@code null}
 * @param backend  the run's backend, as the file gives it, or {@code null}
 * @param partial  whether the file says its run's tests were picked one by one
 */
record ReportHead(String batchId, boolean mark, String finished, MarkingProcess process, String bot, String started,
                  String backend, boolean partial) {

    ReportHead(String batchId, boolean mark, String finished) {
        this(batchId, mark, finished, null, null, null, null, false);
    }

    /**
     * Whether the file is the mark of another run than {@code batchId} under way: one that names its process, which is
     * not known to be gone (a process of this machine alive, or another machine's, which cannot be told).
     */
    boolean underWayOtherThan(String batchId) {
        return mark && process != null && this.batchId != null && !this.batchId.equals(batchId) && !process.gone();
    }

    /**
     * The run whose mark this is, as the mark says it, for writing the mark again; empty when the mark does not say when
     * it started.
     */
    Optional<UnfinishedRunReports.Subject> markedRun() {
        if (started == null) return Optional.empty();
        try {
            return Optional.of(new UnfinishedRunReports.Subject(batchId, Instant.parse(started), backend, bot, partial, false));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The head of {@code file}, token by token up to the fields it needs: a large suite's results are hundreds of
     * megabytes, and a run reads this once at its start. Empty when there is no such file, or it is not a JSON object
     * (a file of someone else's, half of one): it is then no run's mark either.
     */
    static Optional<ReportHead> read(Path file) {
        if (!Files.isRegularFile(file)) return Optional.empty();
        String batchId = null;
        String finished = null;
        boolean mark = false;
        MarkingProcess process = null;
        String bot = null;
        String started = null;
        String backend = null;
        boolean partial = false;
        try (JsonParser parser = JSON.createParser(file.toFile())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) return Optional.empty();
            for (String name; (name = parser.nextName()) != null; ) {
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "batch_id" -> batchId = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "running" -> mark |= value == JsonToken.VALUE_TRUE;
                    case "not_started", "not_written" -> {
                        mark = true;
                        parser.skipChildren();
                    }
                    case "finished" -> finished = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "bot" -> bot = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "started" -> started = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "backend" -> backend = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "partial" -> partial = value == JsonToken.VALUE_TRUE;
                    case "process" -> {
                        if (value == JsonToken.START_OBJECT) process = MarkingProcess.read(parser).orElse(null);
                        else parser.skipChildren();
                    }
                    default -> parser.skipChildren();
                }
                // Every field it needs is before the summary, in a run's results as in a mark: the rest is not read.
                if (name.equals("finished") || name.equals("summary")) break;
            }
        } catch (JacksonException e) {
            // Unreadable, not JSON, or gone meanwhile: nothing says it is a run's mark.
            return Optional.empty();
        }
        return Optional.of(new ReportHead(batchId, mark, finished, process, bot, started, backend, partial));
    }

    /**
     * What a run about to mark the folder says of the mark it finds there, when the process that wrote it is gone: that
     * run ended without reporting (its JVM killed outright), and the new mark replaces it. Empty for a mark of a live
     * process (a run under way in another JVM), of another machine's, or one that names no process.
     */
    Optional<String> leftByGoneProcess(Path folder) {
        if (process == null || !process.gone()) return Optional.empty();
        return Optional.of("the report folder " + folder + " said run " + batchId + " was under way, but its " + process.describe()
                + " is gone: it was killed outright (kill -9, out of memory, a CI job's timeout) and never reported; the"
                + " mark it left is replaced");
    }

    /**
     * What a run of bot {@code replacing} says as it replaces these finished reports of another bot's run: runs of several
     * bots (a Surefire execution each) given one report folder leave only the last bot's reports, and the earlier bot's
     * verdict would be there to read nowhere. Empty for a mark, or when either run names no bot, or both the same.
     */
    Optional<String> ofAnotherBot(Path folder, String replacing) {
        if (mark || bot == null || replacing == null || bot.equals(replacing)) return Optional.empty();
        return Optional.of("WARNING: the report folder " + folder + " held the reports of bot " + bot + ", " + describe()
                + ", which this run of bot " + replacing + " replaces: runs of several bots given one report folder leave only"
                + " the last bot's reports. Give each bot's runs a cognigy.report.dir of its own (docs/real-cognigy.md,"
                + " \"Several bots\")");
    }

    /** {@code run batch_… (finished 2026-03-01 10:01:00 UTC)}, or as much of it as the file said. */
    String describe() {
        String name = batchId == null ? "an earlier run" : "run " + batchId;
        if (finished == null) return name;
        try {
            return name + " (finished " + HtmlReport.shown(Instant.parse(finished)) + ")";
        } catch (DateTimeParseException e) {
            return name;
        }
    }
}
