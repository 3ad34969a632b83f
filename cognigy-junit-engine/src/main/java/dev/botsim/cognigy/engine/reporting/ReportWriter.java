package dev.botsim.cognigy.engine.reporting;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.reporting.FileEntry;

import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.JvmTurn;
import dev.botsim.cognigy.engine.support.PartialFile;
import dev.botsim.cognigy.engine.support.ProcessLock;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * Writes the run's reports — {@code results.json} and {@code index.html} — into the report
 * directory from the run's analysis, and hands each to JUnit as a file entry of the engine node, so
 * IDEs and build tools can show or collect them. A report that cannot be written is logged and
 * said in the summary; it never changes a result. The two are written under a lock on the folder's
 * {@value #LOCK_FILE}, so runs of several JVMs ending at once leave one run's pair.
 * <p>
 * As a run begins, {@link #begin} replaces the earlier run's pair with the mark of a run under way
 * ({@link UnfinishedRunReports}), keeping the earlier pair in {@value #PREVIOUS}/; the run's end writes its own pair over
 * the mark and removes the kept one. A JVM killed outright between the two leaves the mark, never the earlier run's
 * reports looking like its own.
 */
public final class ReportWriter {

    private static final System.Logger LOG = System.getLogger(ReportWriter.class.getName());

    /**
     * The file in the report folder whose lock a run holds while it writes its two reports: another JVM writing into the
     * same folder at the same moment (a second terminal, a second CI job on the workspace) waits, so the folder holds
     * one run's {@code results.json} and {@code index.html}, never one of each.
     */
    static final String LOCK_FILE = ".cognigy-reports.lock";

    /**
     * The folder below the report folder that keeps the earlier run's {@code results.json} and {@code index.html} while a
     * run is under way, for the mark's page to link to; the run's end removes it.
     */
    static final String PREVIOUS = "previous";

    /** How long a run waits for another process's lock on the folder before it writes without it. */
    private static final Duration LOCK_WAIT = Duration.ofMinutes(2);

    /** How long a run waits for the folder's lock before it says it is waiting, as the audit trail's lock does. */
    private static final Duration SAY_WAITING = Duration.ofSeconds(5);

    /**
     * The report writes of this JVM, one at a time: a file lock is the whole JVM's, so its threads cannot wait for it. A
     * lock rather than a monitor, so that a writer with a bounded wait (the JVM's shutdown hook) can stop waiting.
     */
    private static final JvmTurn IN_THIS_JVM = new JvmTurn();

    /**
     * The report folders the whole runs of this JVM wrote, with the run that wrote each last: a later run into the same
     * folder replaces those reports, and says so.
     */
    private static final java.util.concurrent.ConcurrentMap<Path, String> WRITTEN_IN_THIS_JVM =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final Path directory;
    private final BiConsumer<Path, String> publish;
    private final String merged;
    private final boolean wholeRun;
    /** How the reports are made durable: each forced, moved into place, the folder forced. */
    private final PartialFile.Disk disk;
    /** How long a write may wait for the folder, asked as each write begins; {@code null}: {@link #LOCK_WAIT}. */
    private final Supplier<Duration> lockWait;
    /** Told, in a sentence, what a write with a bounded wait did without waiting longer. */
    private final Consumer<String> waitGivenUp;

    /** @param publish hands a written report to JUnit as a file entry: path and media type */
    ReportWriter(Path directory, BiConsumer<Path, String> publish) {
        this(directory, publish, null, false, PartialFile.Disk.SYSTEM, null, given -> { });
    }

    private ReportWriter(Path directory, BiConsumer<Path, String> publish, String merged, boolean wholeRun, PartialFile.Disk disk,
                         Supplier<Duration> lockWait, Consumer<String> waitGivenUp) {
        this.directory = directory;
        this.publish = publish;
        this.merged = merged;
        this.wholeRun = wholeRun;
        this.disk = disk;
        this.lockWait = lockWait;
        this.waitGivenUp = waitGivenUp;
    }

    /**
     * The same, waiting for the folder no longer than {@code wait} says as each write begins (what is left of the JVM's
     * shutdown budget), rather than the minutes a run's own end waits: when another process still holds the folder's
     * lock, the reports are written without it; when another thread of this JVM is still writing the folder, they are
     * not written. Either way {@code givenUp} is told, in a sentence, what was done without waiting.
     */
    public ReportWriter withLockWait(Supplier<Duration> wait, Consumer<String> givenUp) {
        return new ReportWriter(directory, publish, merged, wholeRun, disk, wait, givenUp);
    }

    /** The same, its reports made durable on {@code disk}: a test sees what is forced and moved, in which order. */
    ReportWriter withDisk(PartialFile.Disk disk) {
        return new ReportWriter(directory, publish, merged, wholeRun, disk, lockWait, waitGivenUp);
    }

    /**
     * The reports of a split run's parts merged ({@code run 4711: shards 1/2, 2/2 and 1 rerun; 1 result from a rerun}):
     * index.html says what it was merged from.
     */
    public ReportWriter forMerge(String merged) {
        return new ReportWriter(directory, publish, merged, wholeRun, disk, lockWait, waitGivenUp);
    }

    /** Reports written to {@code directory}, published as file entries of the request's engine node. */
    public static ReportWriter of(Path directory, ExecutionRequest request) {
        return new ReportWriter(directory, (path, mediaType) -> request.getEngineExecutionListener()
                .fileEntryPublished(request.getRootTestDescriptor(), FileEntry.from(path.toAbsolutePath(), mediaType)));
    }

    /**
     * The reports of a whole run (not of tests picked one by one, nor a split run's part) written to {@code directory}:
     * when an earlier whole run of this JVM wrote there, the written reports name it ({@link WrittenReports#replaced()}).
     */
    public static ReportWriter ofWholeRun(Path directory, ExecutionRequest request) {
        ReportWriter writer = of(directory, request);
        return new ReportWriter(writer.directory, writer.publish, null, true, writer.disk, null, given -> { });
    }

    /** Reports written to {@code directory} outside a JUnit run ({@code merge}): nothing to publish them to. */
    public static ReportWriter to(Path directory) {
        return new ReportWriter(directory, (path, mediaType) -> { });
    }

    public WrittenReports write(RunInfo run, RunAnalysis analysis, List<SimulationRecord> records, Instant finished) {
        try {
            return locked(() -> {
                try {
                    return writeLocked(run, analysis, records, finished);
                } catch (IOException | RuntimeException e) {
                    markNotWritten(run, analysis, finished, e);
                    throw e;
                }
            });
        } catch (IOException | RuntimeException e) {
            String problem = problem(e);
            LOG.log(Level.WARNING, ConsoleText.oneLine("the reports were not written: " + problem));
            return WrittenReports.notWritten(problem);
        }
    }

    /**
     * Puts the pair of a run that ended without its reports in place of {@code run}'s own mark, which would otherwise say
     * the run is still under way — to a CI step reading {@code "running": true}, and to the next run, which would take it
     * for a JVM killed outright. Only over this run's own mark: another run's mark (under way in another process) or
     * finished reports stay as they are. Tried once, in what the failure left free; a pair that cannot be written either
     * leaves the mark, as before.
     */
    private void markNotWritten(RunInfo run, RunAnalysis analysis, Instant finished, Exception failure) {
        Optional<ReportHead> head = ReportHead.read(directory.resolve(ResultsJson.FILE_NAME));
        if (head.isEmpty() || !head.get().mark() || head.get().process() == null || !run.batchId().equals(head.get().batchId())) return;
        try {
            writeMark(UnfinishedRunReports.notWritten(UnfinishedRunReports.Subject.of(run),
                    UnfinishedRunReports.Kept.in(directory.resolve(PREVIOUS)), finished, HtmlReport.verdictInTitle(analysis),
                    problem(failure)));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "the mark of run " + run.batchId() + " in " + directory + " stays: " + e);
        }
    }

    /**
     * Why the reports could not be written, in one line: the folder, the operating system's words ({@code No space left on
     * device}, {@code Read-only file system}; a message that is a path alone says nothing) and what to do, by what stands
     * in the way — a folder where a report should be, a file or a link to nothing where the folder should be, else the
     * folder itself.
     */
    String problem(Exception e) {
        Path folder = directory.toAbsolutePath();
        Path inTheWay = folder.resolve(ResultsJson.FILE_NAME);
        for (Path into : List.of(folder, folder.resolve(PREVIOUS))) {
            for (String name : List.of(HtmlReport.FILE_NAME, ResultsJson.FILE_NAME)) {
                if (Files.isDirectory(into.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) inTheWay = into.resolve(name);
            }
        }
        String why = e instanceof IOException ? dev.botsim.cognigy.engine.support.FileFailures.reason(e)
                : e.getCause() instanceof IOException cause ? dev.botsim.cognigy.engine.support.FileFailures.reason(cause)
                : String.valueOf(e.getMessage());
        return folder + ": " + dev.botsim.cognigy.engine.support.FileFailures.reasonAndFix(why, inTheWay, Path::toString,
                merged == null ? dev.botsim.cognigy.engine.config.Constants.REPORT_DIR : "the merge's output folder");
    }

    /**
     * Marks the folder as the reports of {@code run}, which begins now: its {@code results.json} and {@code index.html}
     * are replaced by those of a run under way ({@code "running": true}), and the earlier run's pair is kept in
     * {@value #PREVIOUS}/ for the mark to link to. Once per run, before its first test: nothing here is on a test's
     * path. When the folder holds the mark of an earlier run that never ended (its JVM killed), the pair kept from before
     * it stays: it is still the last run's that finished. A folder that cannot be marked is logged and the run goes on,
     * as with reports that cannot be written. The mark names this process, so that a later run tells a mark left by a
     * JVM killed outright from one of a run still under way in another.
     *
     * @return when the folder held the mark of a run under way whose process is gone (killed outright), a line saying so
     *         for the console; a mark of a live process is replaced as any is, in silence. When it held the finished
     *         reports of another bot's run (a Surefire execution per bot given one folder), a warning saying so
     */
    public Optional<String> begin(RunInfo run) {
        return mark(UnfinishedRunReports.Subject.of(run), Optional.empty(), false).abandoned();
    }

    /**
     * Marks the folder as the reports of {@code run}, which did not start ({@code reason}, its secrets masked): the pair
     * says so ({@code "running": false}, {@code "not_started"}) and the earlier run's is kept in {@value #PREVIOUS}/ as
     * {@link #begin} keeps it. No run follows to replace them, and a build that failed before its first test must not
     * leave the earlier run's verdict looking like this one's.
     *
     * @return as {@link #begin}: a line saying the folder's mark was left by a process that is gone, if it was
     */
    public Optional<String> notStarted(RunInfo run, String reason) {
        return mark(UnfinishedRunReports.Subject.of(run), Optional.of(reason), false).abandoned();
    }

    /**
     * Marks the folder as the reports of {@code run}, whose JVM was shut down (SIGTERM or SIGINT: a CI job's timeout,
     * Ctrl-C, an IDE's stop button) while it was still starting, before any test ran ({@code reason}): the pair says it
     * did not start, as {@link #notStarted} does, and that it was stopped rather than refused, with nothing to fix. Over
     * the mark of the run under way, which would say the run is still going, or had its JVM killed outright.
     *
     * @return where the pair is, for the listeners told the run ended, or why it could not be written (logged)
     */
    public WrittenReports shutDownWhileStarting(RunInfo run, String reason) {
        return mark(UnfinishedRunReports.Subject.of(run), Optional.of(reason), true).written();
    }

    /**
     * Marks the folder as the output of a split run's merge, tried at {@code tried} and refused ({@code reason}, as the
     * merge said it): the pair says so as a run that did not start does, naming no batch (none was concluded), and the
     * earlier merge's pair is kept in {@value #PREVIOUS}/ as {@link #begin} keeps it. The merge's job fails, and the folder
     * must not show the earlier merge's verdict as the latest.
     */
    public void mergeRefused(Instant tried, String reason) {
        mark(UnfinishedRunReports.Subject.refusedMerge(tried), Optional.of(reason), false);
    }

    /**
     * Whether the folder's {@code results.json} is the finished reports of batch {@code batchId}: not a mark, nor another
     * run's, nor missing. A merge that finds its earlier merge of the same parts recorded here concludes nothing again
     * only while the folder still shows that merge.
     */
    public boolean holdsReportsOf(String batchId) {
        return ReportHead.read(directory.resolve(ResultsJson.FILE_NAME)).filter(head -> !head.mark() && batchId.equals(head.batchId()))
                .isPresent();
    }

    /**
     * A pair of a run under way or not started, as written.
     *
     * @param written   where it is, or why it is not (logged)
     * @param abandoned a line saying the mark it replaced was left by a process that is gone, if it was, or that the reports
     *                  it replaced were another bot's
     */
    private record Marked(WrittenReports written, Optional<String> abandoned) {
    }

    /** Writes the pair of a run under way or not started. */
    private Marked mark(UnfinishedRunReports.Subject run, Optional<String> notStarted, boolean shutDown) {
        try {
            Optional<String> abandoned = locked(() -> beginLocked(run, notStarted, shutDown));
            return new Marked(WrittenReports.written(directory.resolve(HtmlReport.FILE_NAME), directory.resolve(ResultsJson.FILE_NAME)),
                    abandoned);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, ConsoleText.oneLine("cannot mark the reports in " + directory + " as those of "
                    + run.describe() + (run.merge() ? ": " : notStarted.isPresent() ? ", which did not start: " : ", under way: ")
                    + problem(e) + (notStarted.isPresent() ? "; they are an earlier run's" : "; until it ends, they are an earlier run's")));
            return new Marked(WrittenReports.notWritten(problem(e)), Optional.empty());
        }
    }

    /** What is done under the folder's lock: writing a run's pair, or marking the folder at its start. */
    private interface Locked<T> {
        T run() throws IOException;
    }

    /** {@code action} holding this JVM's turn and the folder's lock, once another process lets it go. */
    @SuppressWarnings("try") // the lock is held for the block's length, never read in it
    private <T> T locked(Locked<T> action) throws IOException {
        Optional<JvmTurn.Held> turn = lockWait == null ? Optional.of(IN_THIS_JVM.take()) : IN_THIS_JVM.takeWithin(lockWait.get());
        if (turn.isEmpty()) {
            String given = "the reports were not written to " + directory + ": another thread of this JVM was still writing"
                    + " there (a slow or stuck folder) when the time to wait for it ran out";
            waitGivenUp.accept(given);
            throw new IOException(given);
        }
        try (JvmTurn.Held held = turn.get()) {
            Files.createDirectories(directory);
            FileChannel channel = lockFile();
            try (channel; FileLock lock = channel == null ? null : lock(channel)) {
                return action.run();
            }
        }
    }

    /** The folder's lock file, open; {@code null} when it cannot be (another user's, say): the reports are written anyway. */
    private FileChannel lockFile() {
        try {
            return FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(Level.DEBUG, "no lock on the report folder " + directory + ": " + e);
            return null;
        }
    }

    /**
     * The lock on the folder's reports once no other process holds it; {@code null} when it cannot be had — a file system
     * without locks, or a process that has held it for minutes (one that hangs: writing takes seconds) — and the reports
     * are written without it rather than not at all. Waits even when interrupted (the flag is kept), as the page does.
     */
    private FileLock lock(FileChannel channel) {
        Path lockFile = directory.resolve(LOCK_FILE).toAbsolutePath();
        if (lockWait != null) return lockWithin(channel, lockWait.get(), lockFile);
        try {
            return ProcessLock.await(channel, LOCK_WAIT, SAY_WAITING, () -> LOG.log(Level.WARNING, "waiting for " + lockFile
                    + ": another process is writing its reports into this folder; after " + LOCK_WAIT.toMinutes()
                    + " minutes the reports are written without waiting longer"), true).orElseGet(() -> {
                        LOG.log(Level.WARNING, "another process has held " + lockFile + " for " + LOCK_WAIT.toMinutes()
                                + " minutes; the reports are written without waiting longer");
                        return null;
                    });
        } catch (IOException | RuntimeException | InterruptedException e) {
            // Never interrupted (it waits through interrupts): a file system without locks, say.
            LOG.log(Level.DEBUG, "no lock on the report folder " + directory + ": " + e);
            return null;
        }
    }

    /**
     * The lock on the folder's reports within {@code wait}; {@code null} when another process still holds it then, and the
     * reports are written without it — told to {@link #waitGivenUp} — rather than not at all: a process killed while it
     * waits writes nothing.
     */
    private FileLock lockWithin(FileChannel channel, Duration wait, Path lockFile) {
        try {
            Optional<FileLock> lock = ProcessLock.await(channel, wait, wait, () -> { }, true);
            if (lock.isEmpty()) {
                waitGivenUp.accept("the report folder " + directory + " was locked by another process (" + lockFile.getFileName()
                        + ") when the time to wait for it ran out; the reports were written without its lock");
            }
            return lock.orElse(null);
        } catch (IOException | RuntimeException | InterruptedException e) {
            LOG.log(Level.DEBUG, "no lock on the report folder " + directory + ": " + e);
            return null;
        }
    }

    private WrittenReports writeLocked(RunInfo run, RunAnalysis analysis, List<SimulationRecord> records, Instant finished)
            throws IOException {
        // The two files are independent and the run waits for both: index.html is written on a second
        // core meanwhile (in a fresh JVM each takes about a tenth of a second for 1,000 simulations).
        FutureTask<Path> html = new FutureTask<>(() -> new HtmlReport(merged).writePartial(directory, run, analysis, records, finished));
        Thread writer = new Thread(html, "cognigy-html-report");
        writer.setDaemon(true);
        writer.start();
        Path partialResults = null;
        Path partialPage = null;
        Path results;
        Path page;
        ReportHead underWay;
        // Both written whole before either replaces the earlier run's: a disk that fills up while the page is written
        // leaves the earlier run's pair, never this run's results.json beside the earlier run's page.
        try {
            try {
                partialResults = new ResultsJson().writePartial(directory, run, analysis, records, finished);
            } finally {
                partialPage = awaitUninterruptibly(html);
            }
            // Another run began in the folder since this one did (an hourly run overlapping the last one, a second CI job on
            // the workspace), and is still under way: its mark stays, and this run's pair, the last that finished, is kept
            // below it, where the mark links it. Written over the mark, the folder would say nothing of the run under way —
            // and nothing at all, were its JVM then killed.
            underWay = ReportHead.read(directory.resolve(ResultsJson.FILE_NAME))
                    .filter(head -> head.underWayOtherThan(run.batchId()) && head.markedRun().isPresent()).orElse(null);
            Path into = underWay == null ? directory : Files.createDirectories(directory.resolve(PREVIOUS));
            // The page first: a CI step waiting for results.json finds the page of the same run beside it.
            // Each durable, as the audit trail and the outbox are: a machine that loses power just after the run must not
            // leave an empty results.json beside the trail's record of the run.
            page = PartialFile.forceAndMoveIntoPlace(partialPage, into.resolve(HtmlReport.FILE_NAME), disk);
            results = PartialFile.forceAndMoveIntoPlace(partialResults, into.resolve(ResultsJson.FILE_NAME), disk);
        } catch (IOException | RuntimeException | Error e) {
            for (Path partial : new Path[] {partialResults, partialPage}) {
                if (partial == null) continue;
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException gone) {
                    e.addSuppressed(gone);
                }
            }
            throw e;
        }
        if (underWay != null) {
            markAgain(underWay);
        } else {
            // The earlier run's pair was kept for the mark this pair replaced: this run is the last to finish now.
            forgetPrevious();
        }
        publish.accept(results, "application/json");
        publish.accept(page, "text/html");
        WrittenReports written = WrittenReports.written(page, results);
        if (underWay != null) {
            written = written.besideRunUnderWay("run " + underWay.batchId() + " (" + underWay.process().describe() + ")");
        }
        if (!wholeRun) return written;
        // Counted as the run's summary line counts them.
        String earlier = WRITTEN_IN_THIS_JVM.put(directory.toAbsolutePath().normalize(), run.batchId() + " ("
                + analysis.total() + (analysis.total() == 1 ? " simulation)" : " simulations)"));
        return earlier == null || earlier.startsWith(run.batchId() + " ") ? written : written.replacing(earlier);
    }

    /**
     * Writes the mark of the run under way again, as it was but for the pair it links: this run's, just kept below it. A
     * mark that cannot be written again is logged: it still links {@value #PREVIOUS}/, which holds this run's pair now.
     */
    private void markAgain(ReportHead underWay) {
        UnfinishedRunReports mark = new UnfinishedRunReports(underWay.markedRun().orElseThrow(),
                UnfinishedRunReports.Kept.in(directory.resolve(PREVIOUS)), Optional.empty(), false, underWay.process(), Optional.empty());
        try {
            writeMark(mark);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, ConsoleText.oneLine("cannot write the mark of run " + underWay.batchId() + " in " + directory
                    + " again to name the run kept in " + PREVIOUS + "/: " + e.getMessage()));
        }
    }

    /**
     * Puts {@code mark} in place of the folder's pair, results.json first: what a CI step reads for the verdict stops
     * being the earlier run's before anything else. A partial copy a failure leaves is removed.
     */
    private void writeMark(UnfinishedRunReports mark) throws IOException {
        Path partialResults = null;
        Path partialPage = null;
        try {
            partialResults = mark.writeResultsPartial(directory);
            partialPage = mark.writePagePartial(directory);
            moveIntoPlace(partialResults, directory.resolve(ResultsJson.FILE_NAME));
            partialResults = null;
            moveIntoPlace(partialPage, directory.resolve(HtmlReport.FILE_NAME));
            partialPage = null;
        } finally {
            for (Path partial : new Path[] {partialResults, partialPage}) {
                if (partial != null) Files.deleteIfExists(partial);
            }
        }
    }

    /** @return a line saying the mark replaced was left by a process that is gone, if it was, or the reports another bot's */
    private Optional<String> beginLocked(UnfinishedRunReports.Subject run, Optional<String> notStarted, boolean shutDown)
            throws IOException {
        Path previous = directory.resolve(PREVIOUS);
        removeAbandonedPartials(previous);
        // A mark is left as it is found by a run whose JVM was killed, one still under way in another process, or one that
        // did not start: the pair kept before it is still the last that finished.
        Optional<ReportHead> found = ReportHead.read(directory.resolve(ResultsJson.FILE_NAME));
        boolean marked = found.map(ReportHead::mark).orElse(false);
        // A mark whose process is gone (killed outright) is replaced as any other, but said: the folder said for as long
        // that a run was under way. A refused merge's pair replaces no run's mark of its own.
        Optional<String> abandoned = run.merge() ? Optional.empty() : found.flatMap(head -> head.leftByGoneProcess(directory)
                // Another bot's finished reports (a mark is never a bot's results), replaced by a run that begins: said, since
                // its end replaces them for good. A run that did not start leaves them in previous/, its pair saying so.
                .or(() -> notStarted.isPresent() ? Optional.empty() : head.ofAnotherBot(directory, run.botName())));
        if (!marked) {
            try {
                keepAsPrevious(previous);
            } catch (IOException | RuntimeException e) {
                // The mark goes in all the same: an earlier run's reports lost beat an earlier run's reports passed off as
                // this run's, and the run's end would replace them anyway.
                LOG.log(Level.WARNING, ConsoleText.oneLine("cannot keep the earlier run's reports in " + previous + " ("
                        + e.getMessage() + "): " + run.describe() + " replaces them"));
            }
        }
        writeMark(new UnfinishedRunReports(run, UnfinishedRunReports.Kept.in(previous), notStarted, shutDown));
        return abandoned;
    }

    /**
     * Removes the partial reports that JVMs killed while writing them left, an hour or more ago: a workspace kept from run
     * to run (a self-hosted CI runner) collected one {@code .results.*.json.part} and {@code .index.*.html.part} — the
     * latter as large as the page — per run killed in the instant its reports were written. Never a younger one: another
     * JVM writing into the folder (without its lock, having waited minutes for it) may still be at it.
     */
    private void removeAbandonedPartials(Path previous) {
        Instant before = Instant.now().minus(PartialFile.ABANDONED);
        List<Path> removed = new java.util.ArrayList<>();
        removed.addAll(PartialFile.removeAbandoned(directory, ".results.", ".json.part", before));
        removed.addAll(PartialFile.removeAbandoned(directory, ".index.", ".html.part", before));
        for (String name : List.of(ResultsJson.FILE_NAME, HtmlReport.FILE_NAME)) {
            removed.addAll(PartialFile.removeAbandoned(previous, "." + name + ".", ".part", before));
        }
        if (!removed.isEmpty()) {
            LOG.log(Level.INFO, ConsoleText.oneLine("removed " + removed.size() + " partial report file(s) from " + directory
                    + " that runs killed while writing their reports left"));
        }
    }

    /**
     * Keeps the folder's pair in {@code previous}, replacing the pair kept there before (an older run's: never one file
     * of each). Each is linked rather than copied where the file system allows, so a suite's results of hundreds of
     * megabytes cost the run's start nothing; the folder's own files stay in place until the mark replaces them.
     */
    private void keepAsPrevious(Path previous) throws IOException {
        List<String> present = Stream.of(ResultsJson.FILE_NAME, HtmlReport.FILE_NAME)
                .filter(name -> Files.isRegularFile(directory.resolve(name))).toList();
        if (present.isEmpty()) return;
        Files.createDirectories(previous);
        for (String name : List.of(ResultsJson.FILE_NAME, HtmlReport.FILE_NAME)) Files.deleteIfExists(previous.resolve(name));
        for (String name : present) keep(directory.resolve(name), previous.resolve(name));
    }

    private static void keep(Path file, Path kept) throws IOException {
        try {
            Files.createLink(kept, file);
        } catch (UnsupportedOperationException | IOException noLinks) {
            // A file system without hard links: a copy, written whole before it is in place.
            Path partial = PartialFile.create(kept.getParent(), "." + kept.getFileName() + ".", ".part");
            try {
                Files.copy(file, partial, StandardCopyOption.REPLACE_EXISTING);
                moveIntoPlace(partial, kept);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }

    /**
     * Removes the pair kept in {@value #PREVIOUS}/, and the folder once empty (a file of someone else's keeps it). A pair
     * that cannot be removed is logged: the run's own reports are written.
     */
    private void forgetPrevious() {
        Path previous = directory.resolve(PREVIOUS);
        try {
            for (String name : List.of(ResultsJson.FILE_NAME, HtmlReport.FILE_NAME)) Files.deleteIfExists(previous.resolve(name));
            Files.deleteIfExists(previous);
        } catch (DirectoryNotEmptyException others) {
            // not only the kept pair: left
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, ConsoleText.oneLine("cannot remove the earlier run's reports kept in " + previous + ": "
                    + e.getMessage()));
        }
    }

    /**
     * Moves a report written whole over the earlier one, atomically and durably ({@link PartialFile#moveIntoPlace}): a
     * reader sees the one or the other, never half, and so does the folder after a power loss.
     */
    static Path moveIntoPlace(Path partial, Path target) throws IOException {
        return PartialFile.moveIntoPlace(partial, target);
    }

    /** The page once written, waiting for it even when interrupted (the flag is kept): nothing may write after the run. */
    private static Path awaitUninterruptibly(FutureTask<Path> page) throws IOException {
        boolean interrupted = false;
        boolean told = false;
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
}
