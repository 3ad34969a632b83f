package dev.botsim.cognigy.engine.approval;

import dev.botsim.cognigy.spi.SimulationRecord.Approval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.opentest4j.AssertionFailedError;

import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.engine.config.ApprovalSettings;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.ContainedFile;
import dev.botsim.cognigy.engine.support.FileFailures;
import dev.botsim.cognigy.engine.support.FolderLock;
import dev.botsim.cognigy.engine.support.Utf8Bytes;

/**
 * The approved answers of one run: each test's answer is checked against its approval file, read on first use,
 * and what changed is written once, at the run's end ({@link #finish()}). Tests of one file run in parallel, so each
 * file's state is guarded by its own lock.
 *
 * <p>The rules, in order: with {@code cognigy.approve=true} every answer is accepted and recorded; otherwise an
 * approval file that cannot be read fails each test that needs it with the file's line and what is wrong; a test
 * without an approved answer records one and passes — except in CI ({@code CI=true}), where it fails, so nothing is
 * approved without review; a test whose approved answer was approved for another message (what it said changed, or
 * another variant or turn now has its place) fails naming both, in CI and outside; a test with one fails on any
 * difference, field by field.
 */
public final class Approvals {

    /**
     * The largest approval file read: 16 MiB. Measured as written: an approved answer (what was said, intent, two slots,
     * a text of three sentences, next flow) takes 0.5 KiB, one with a long text (fifteen sentences) 1.7 KiB. A file holds
     * one answer per test of a data file of at most 1 MiB, a repeated test's once: 5,000 long answers come to 8.5 MiB, and
     * 16 MiB holds some 30,000 short ones, about as many cases as a data file can hold. A larger file is no approval of a
     * real suite, and read whole it could end the run for want of memory instead of being reported.
     */
    static final int MAX_BYTES = 16 << 20;

    private final ApprovalSettings settings;
    private final ApprovalRedaction redaction;
    private final Map<String, Owner> owners = new ConcurrentHashMap<>();

    private Approvals(ApprovalSettings settings, ApprovalRedaction redaction) {
        this.settings = settings;
        this.redaction = redaction;
    }

    /** The run's approvals, knowing every owner in its test tree and the tests each declares; nothing redacted. */
    public static Approvals of(ApprovalSettings settings, Collection<ApprovalOwner> owners) {
        return of(settings, owners, List.of());
    }

    /**
     * The same, keeping what {@code redact} names ({@code cognigy.replay.redact}: JSON pointers and slot names) out of
     * the approval files as cassettes keep it out of theirs ({@link ApprovalRedaction}).
     */
    public static Approvals of(ApprovalSettings settings, Collection<ApprovalOwner> owners, List<String> redact) {
        Approvals approvals = new Approvals(settings, new ApprovalRedaction(redact));
        for (ApprovalOwner owner : owners) {
            approvals.owners.merge(owner.approvalFile(), new Owner(owner.approvalSubject(), owner.approvalFile(),
                    settings.dir().resolve(owner.approvalFile()),
                    owner.knowsEveryTest() ? Set.copyOf(owner.approvedTests()) : null), Owner::mergedWith);
        }
        return approvals;
    }

    /** Where approval files go. */
    public Path dir() {
        return settings.dir();
    }

    /**
     * What checking one answer against its approved answer came to.
     *
     * @param approval what became of the approved answer, for the test's record: {@link Approval#UNREADABLE} when the
     *                 approval file cannot be read or was refused
     * @param note     what to tell the user when the answer was recorded rather than compared, for a report entry
     * @param failure  why the test fails: the answer differs, the file cannot be read, or an answer is missing in CI
     */
    public record Checked(Approval approval, Optional<String> note, Optional<AssertionFailedError> failure) {

        static Checked of(Approval approval) {
            return new Checked(approval, Optional.empty(), Optional.empty());
        }

        static Checked noted(Approval approval, String note) {
            return new Checked(approval, Optional.of(note), Optional.empty());
        }

        static Checked failed(Approval approval, AssertionFailedError failure) {
            return new Checked(approval, Optional.empty(), Optional.of(failure));
        }
    }

    /**
     * Checks one test's answer against its approved answer.
     *
     * @param file     the owner's approval file ({@link ApprovalOwner#approvalFile()})
     * @param test     the test's id, its key in the file
     * @param said     what the test said, as names and reports show it: an answer approved for another message is not
     *                 compared
     * @param approved the fields to compare ({@code Expectation.approved()})
     * @param flows    how the run's bot names its flows ({@link #checkRuns})
     */
    public Checked check(String file, String test, String said, List<String> approved, SimulationResult result,
                         FlowNames flows) {
        return checkRuns(file, test, said, approved, List.of(result), flows).get(0);
    }

    /**
     * Checks the answers of a repeated test's runs (those whose explicit expectations held) against the test's one
     * approved answer, each on its own. When an answer is written (none was approved yet, outside CI, or
     * {@code cognigy.approve=true}), it is the one most runs gave — on a tie the earliest run's — and the runs whose
     * answer differs from it fail: a minority answer that happened to come first never becomes the baseline.
     *
     * @param flows how the run's bot names its flows: an approved {@code next_flow} is the answer's when the bot knows
     *              both as one flow (the simulation API names it by its id, a REST Endpoint by its display name)
     * @return one result per answer, in their order; a note, when there is one, on the first answer written
     */
    public List<Checked> checkRuns(String file, String test, String said, List<String> approved,
                                   List<SimulationResult> results, FlowNames flows) {
        Owner owner = owners.computeIfAbsent(file, f -> new Owner(f, f, settings.dir().resolve(f), null));
        // Redacted as the file holds them, and compared so: a redacted value as its digest, never shown.
        List<ApprovedAnswer> actuals = results.stream()
                .map(result -> redaction.apply(ApprovedAnswer.of(said, result, approved))).toList();
        String saidAsKept = redaction.said(said);
        synchronized (owner) {
            owner.load(settings.dir(), settings.approve(), redaction);
            if (owner.refused()) {
                // Not read, and never written over, with cognigy.approve=true or without: nothing to compare with or approve into.
                Checked refused = Checked.failed(Approval.UNREADABLE, new AssertionFailedError(owner.describe(owner.problem.get())
                        + "; the approved answer of " + test + " was not read"));
                return java.util.Collections.nCopies(actuals.size(), refused);
            }
            if (settings.approve()) {
                ApprovedAnswer before = owner.answers.get(test);
                if (!owner.approvedThisRun.add(test)) {
                    // Accepted once in this run already: compared with that answer.
                    return compareAll(owner, test, approved, saidAsKept, actuals, before, flows);
                }
                ApprovedAnswer chosen = mostFrequent(actuals);
                // An entry that did not say what its test said gains it; the answer itself is unchanged.
                owner.record(test, chosen);
                if (before != null && !before.approvedForAnother(saidAsKept) && chosen.fields().equals(before.fields())) {
                    return compareAll(owner, test, approved, saidAsKept, actuals, chosen, flows);
                }
                String forAnother = before != null && before.approvedForAnother(saidAsKept) ? " for \"" + saidAsKept + "\", where \""
                        + before.said() + "\" was approved before" : "";
                return written(owner, test, approved, saidAsKept, actuals, chosen, flows,
                        before == null ? Approval.NEWLY_APPROVED : Approval.ACCEPTED, "approved (cognigy.approve=true)"
                                + forAnother + ": the bot's answer was written to " + owner.path + "; review the change");
            }
            if (owner.problem.isPresent()) {
                Checked unreadable = Checked.failed(Approval.UNREADABLE, new AssertionFailedError(owner.describe(owner.problem.get())
                        + "; the approved answer of " + test + " cannot be read"));
                return java.util.Collections.nCopies(actuals.size(), unreadable);
            }
            ApprovedAnswer recorded = owner.answers.get(test);
            if (recorded == null) {
                ApprovedAnswer chosen = mostFrequent(actuals);
                if (settings.ci()) {
                    Checked missing = Checked.failed(Approval.MISSING, new AssertionFailedError("no approved answer for "
                            + test + " in " + owner.path + ", and in CI (" + settings.inCi().orElseThrow() + ") none is recorded without review — run the"
                            + " test locally (or with -Dcognigy.approve=true), review the file and commit it." + answered(actuals,
                            approved)));
                    return java.util.Collections.nCopies(actuals.size(), missing);
                }
                owner.record(test, chosen);
                return written(owner, test, approved, saidAsKept, actuals, chosen, flows, Approval.NEWLY_APPROVED,
                        "newly approved: the bot's answer was written to " + owner.path + "; review the file and commit it");
            }
            owner.judgedBy = true;
            if (recorded.approvedForAnother(saidAsKept)) {
                // The answer at this key was approved for another message (a turn or variant inserted, removed or moved
                // before this one, or the text reworded): comparing it would judge the bot against another question's
                // answer. A changed question is reviewed as a changed answer is, so it fails in CI and outside alike.
                Checked another = Checked.failed(Approval.MISSING, new AssertionFailedError("approved for \""
                        + recorded.said() + "\", this test now says \"" + saidAsKept + "\" — re-approve with"
                        + " -Dcognigy.approve=true, review the diff and commit it.\nThe approved answer of " + test + " in "
                        + owner.path + " is another message's: the test's text changed, or a turn or variant inserted,"
                        + " removed or moved before it took its place." + answered(actuals, approved)));
                return java.util.Collections.nCopies(actuals.size(), another);
            }
            return compareAll(owner, test, approved, saidAsKept, actuals, recorded, flows);
        }
    }

    /** What the bot answered, for a test whose answer is not compared: the answer most runs gave when it ran several. */
    private static String answered(List<ApprovedAnswer> actuals, List<String> approved) {
        return " The bot answered" + (actuals.size() > 1 ? " (most often)" : "") + ":\n" + mostFrequent(actuals).view(approved);
    }

    /** The answer most of {@code answers} are; on a tie the earliest of the most frequent. */
    private static ApprovedAnswer mostFrequent(List<ApprovedAnswer> answers) {
        Map<ApprovedAnswer, Integer> counts = new LinkedHashMap<>();
        answers.forEach(answer -> counts.merge(answer, 1, Integer::sum));
        ApprovedAnswer best = null;
        int most = 0;
        for (Map.Entry<ApprovedAnswer, Integer> count : counts.entrySet()) {
            if (count.getValue() > most) {
                best = count.getKey();
                most = count.getValue();
            }
        }
        return best;
    }

    /**
     * The runs after {@code chosen} was written: those that gave it carry {@code kind} (the first of them the note),
     * the others fail against it. The note says how many runs gave it when they did not all agree.
     */
    private static List<Checked> written(Owner owner, String test, List<String> approved, String said,
                                         List<ApprovedAnswer> actuals, ApprovedAnswer chosen, FlowNames flows, Approval kind,
                                         String note) {
        long same = actuals.stream().filter(chosen::equals).count();
        String noted = same == actuals.size() ? note : note + " — the answer " + same + " of the " + actuals.size()
                + " runs gave, the most frequent; the runs that answered otherwise fail against it";
        List<Checked> checked = new ArrayList<>();
        boolean first = true;
        for (int i = 0; i < actuals.size(); i++) {
            if (!actuals.get(i).equals(chosen)) {
                checked.add(compared(owner, test, approved, said, chosen, actuals.get(i), flows));
            } else {
                checked.add(first ? Checked.noted(kind, noted) : Checked.of(kind));
                first = false;
            }
        }
        return checked;
    }

    private static List<Checked> compareAll(Owner owner, String test, List<String> approved, String said,
                                            List<ApprovedAnswer> actuals, ApprovedAnswer recorded, FlowNames flows) {
        List<Checked> checked = new ArrayList<>();
        for (ApprovedAnswer actual : actuals) checked.add(compared(owner, test, approved, said, recorded, actual, flows));
        return checked;
    }

    /**
     * The SHA-256 of each approval file a test of this run was judged against (not one this run approved answers into),
     * as read, by its path: what the run's verdict rests on besides its data files, for the audit record.
     */
    public Map<String, String> judgedBy() {
        Map<String, String> files = new TreeMap<>();
        for (Owner owner : owners.values()) {
            synchronized (owner) {
                if (owner.judgedBy && owner.digest != null) files.put(key(owner.path), owner.digest);
            }
        }
        return files;
    }

    /**
     * An approval file's name in the audit record: relative to the working directory when it lies below it, however
     * {@code cognigy.approve.dir} was given (a pom's absolute {@code ${project.basedir}/...} names the user's folder,
     * {@code C:\Users\...}), with {@code /} between folders, so one commit's record is the same on every machine.
     */
    private static String key(Path file) {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = file.toAbsolutePath().normalize();
        return (absolute.startsWith(here) ? here.relativize(absolute) : file).toString().replace('\\', '/');
    }

    /** @param said what the test said, as the approval file holds it: a redacted message as its digest */
    private static Checked compared(Owner owner, String test, List<String> approved, String said,
                                    ApprovedAnswer recorded, ApprovedAnswer actual, FlowNames flows) {
        List<ApprovedAnswer.Difference> differences = recorded.differences(actual, approved, flows);
        if (differences.isEmpty()) return Checked.of(Approval.COMPARED);
        StringBuilder message = new StringBuilder("bot answer differs from the approved answer for \"")
                .append(ConsoleText.oneLine(said)).append("\" (").append(ConsoleText.oneLine(owner.path.toString()))
                .append(", ").append(test).append(')');
        differences.forEach(d -> message.append("\n- ").append(d.describe()));
        message.append("\nIf the new answer is right, accept it with -Dcognigy.approve=true and review the file's diff.");
        return Checked.failed(Approval.COMPARED, new AssertionFailedError(message.toString(), recorded.view(approved, flows),
                actual.view(approved, flows)));
    }

    /**
     * What the run's end did with the approval files.
     *
     * @param problems  approval files that could not be read, each with its line and what is wrong
     * @param unwritten approval files that could not be written (or deleted): {@code file cannot be written (why): the
     *                  answers this run approved for <tests> are not saved — <fix>}
     */
    public record Finished(List<Path> written, List<Path> deleted, Map<Path, List<String>> stale, List<String> problems,
                           List<String> unwritten) {
    }

    /**
     * Writes every approval file that changed, and finds the stale entries: answers approved for tests their owner
     * no longer has (removed, renamed, or no longer approved). With {@code cognigy.approve=true} stale entries are
     * removed, and a file left without entries is deleted; otherwise they are only listed.
     */
    public Finished finish() {
        return finish(FolderLock.WAIT, FolderLock.SAY_AFTER, FolderLock.warningWhileWaiting("approval files", settings.dir()));
    }

    /**
     * As {@link #finish()}: a run that writes approval files holds a lock while it reads each file again and writes it,
     * so two runs approving into one folder at once (two terminals, shards or forks on one machine) take turns and the
     * later one's catch-up reads what the earlier one wrote — without it, one could read the file just before the other
     * replaced it, and write its own over the other's answers.
     *
     * @param wait     how long it waits for another process's lock before it writes without it
     * @param sayAfter how long it waits before it tells {@code waiting}, once, which lock file it waits for
     */
    Finished finish(Duration wait, Duration sayAfter, java.util.function.Consumer<Path> waiting) {
        return finish(wait, sayAfter, waiting, true);
    }

    /**
     * As {@link #finish()}, for a run the JVM is shutting down in the middle of: it waits for its turn in this JVM (another
     * run or merge in it writing approval files, itself perhaps waiting minutes for another process) and then for another
     * process's lock on the folder's approval files no longer than {@code wait} in all (what is left of the shutdown's
     * seconds before a CI runner kills the JVM). When either still holds them it writes nothing — they are writing
     * approval files now, and writing beside them could replace their answers — and says so in
     * {@link Finished#unwritten()}; a run with nothing to write still finds its stale entries and problems.
     */
    public Finished finishWithin(Duration wait) {
        return finish(wait, FolderLock.SAY_AFTER, lockFile -> { }, false);
    }

    /**
     * @param unlockedPastWait whether the files are written without the lock when another process held it past {@code wait};
     *                         otherwise (the JVM's shutdown) the wait for this JVM's turn counts against {@code wait} too
     */
    Finished finish(Duration wait, Duration sayAfter, java.util.function.Consumer<Path> waiting, boolean unlockedPastWait) {
        // Nothing to write reads the files only, which are replaced whole: no turn needed for that.
        if (!settings.approve() && owners.values().stream().noneMatch(Owner::changed)) return finishLocked();
        try (FolderLock folder = FolderLock.take(settings.dir(), LOCK_PREFIX, "approval files", wait, sayAfter, waiting,
                unlockedPastWait)) {
            return switch (folder.state()) {
                case BUSY_IN_THIS_JVM -> new Finished(List.of(), List.of(), Map.of(), List.of(), List.of("the approval files in "
                        + settings.dir().toAbsolutePath() + " were not written: another thread of this JVM (another run or merge"
                        + " in it) was still writing approval files when the time to wait for its turn ran out (the JVM is"
                        + " shutting down), and this JVM's writes take turns, since writing beside it could replace its answers;"
                        + " the answers this interrupted run approved are not saved — run its tests again to approve them"));
                case BUSY_IN_ANOTHER_PROCESS -> new Finished(List.of(), List.of(), Map.of(), List.of(), List.of("the approval"
                        + " files in " + settings.dir().toAbsolutePath() + " were not written: another process held their lock "
                        + folder.lockFile() + " when the time to wait for it ran out (the JVM is shutting down), and writing"
                        + " beside it could replace that process's answers; the answers this interrupted run approved are not"
                        + " saved — run its tests again to approve them"));
                default -> finishLocked();
            };
        }
    }

    /** The start of the name of the file the runs writing approval files into one folder take turns by. */
    private static final String LOCK_PREFIX = "cognigy-approvals-";

    /** Where the runs writing approval files into {@code dir} take turns ({@link FolderLock#lockFile}). */
    static Path lockFile(Path dir) {
        return FolderLock.lockFile(dir, LOCK_PREFIX);
    }

    private Finished finishLocked() {
        List<Path> written = new ArrayList<>();
        List<Path> deleted = new ArrayList<>();
        Map<Path, List<String>> stale = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<String> unwritten = new ArrayList<>();
        for (Owner owner : new TreeMap<>(owners).values()) {
            synchronized (owner) {
                owner.load(settings.dir(), settings.approve(), redaction);
                // Before the problem is looked at: the file read again may have become one not to read.
                owner.catchUp(settings.dir(), redaction);
                owner.problem.ifPresent(p -> problems.add(owner.describe(p)));
                if (owner.problem.isPresent()) continue;
                if (owner.unreadable != null && (owner.declared == null || !owner.approvedThisRun.containsAll(owner.declared))) {
                    // Rewritten from this run's answers alone, the file would lose the approved answers of the tests
                    // this run did not approve (not selected, failed, skipped): they would then pass as newly approved.
                    List<String> missing = owner.declared == null ? List.of() : owner.declared.stream()
                            .filter(t -> !owner.approvedThisRun.contains(t)).sorted(ApprovalFile.TEST_ORDER).toList();
                    unwritten.add(owner.describe(owner.unreadable) + "; it was not rewritten from this run's answers, which"
                            + " would drop the approved answers of "
                            + (missing.isEmpty() ? "tests discovery could not read" : String.join(", ", missing))
                            + " — resolve it by hand, or run all of its tests with -Dcognigy.approve=true");
                    continue;
                }
                if (owner.declared != null) {
                    List<String> gone = owner.answers.keySet().stream().filter(t -> !owner.declared.contains(t)).toList();
                    if (!gone.isEmpty() && settings.approve()) {
                        gone.forEach(owner.answers::remove);
                        owner.changed = true;
                    } else if (!gone.isEmpty()) {
                        stale.put(owner.path, gone);
                    }
                }
                if (!owner.changed) continue;
                boolean deleting = owner.answers.isEmpty();
                try {
                    if (deleting) {
                        if (Files.deleteIfExists(owner.path)) deleted.add(owner.path);
                    } else {
                        write(owner.path, ApprovalFile.write(owner.subject, owner.answers));
                        written.add(owner.path);
                    }
                } catch (IOException e) {
                    unwritten.add(unwritten(owner, deleting, e));
                } catch (UncheckedIOException e) {
                    unwritten.add(unwritten(owner, deleting, e.getCause()));
                }
            }
        }
        return new Finished(written, deleted, stale, problems, unwritten);
    }

    /**
     * Why an approval file could not be written (or, left without entries, deleted), what is lost and the fix, for the
     * run's shortfall: the exception's own message is often the path alone, which the line has already named.
     */
    private String unwritten(Owner owner, boolean deleting, IOException e) {
        List<String> approved = owner.recordedThisRun.keySet().stream().sorted(ApprovalFile.TEST_ORDER).toList();
        String lost = approved.isEmpty() ? "this run's changes to it (stale entries removed, values redacted) are not saved"
                : "the answers this run approved for " + String.join(", ", approved) + " are not saved";
        return owner.path + (deleting ? " cannot be deleted" : " cannot be written")
                + FileFailures.reason(e, owner.path).map(why -> " (" + why + ")").orElse("") + ": " + lost
                + " — " + writableFix(owner.path) + ", and run " + (approved.isEmpty() ? "its tests" : "them") + " again"
                + (settings.approve() ? " with -Dcognigy.approve=true" : "");
    }

    /** How to make {@code file} writable, by what stands in its way ({@link FileFailures#writableFix}). */
    static String writableFix(Path file) {
        return FileFailures.writableFix(file, path -> shown(file, path).toString(), Constants.APPROVE_DIR);
    }

    /** {@code folder}, one of {@code file}'s, as the file is named: relative when the file's name is. */
    private static Path shown(Path file, Path folder) {
        Path here = Path.of("").toAbsolutePath();
        if (file.isAbsolute() || !folder.startsWith(here)) return folder;
        Path relative = here.relativize(folder);
        return relative.toString().isEmpty() ? Path.of(".") : relative;
    }

    /**
     * Written whole or not at all: a run killed while writing must not leave half a file to merge. With the
     * permissions any new file gets: an approval file is committed and read by others.
     */
    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        dev.botsim.cognigy.engine.support.PartialFile.write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** One approval file's state in this run; guarded by its own monitor. */
    private static final class Owner {
        private final String subject;
        private final String file;
        private final Path path;
        /** Every test of the owner with an approved answer; {@code null} when unknown, so nothing is called stale. */
        private final Set<String> declared;
        private Map<String, ApprovedAnswer> answers = new TreeMap<>(ApprovalFile.TEST_ORDER);
        private Optional<ApprovalFile.Problem> problem = Optional.empty();
        private boolean loaded;
        private boolean changed;
        /** The SHA-256 of the file as read, or {@code null} when there was none to read. */
        private String digest;
        /** Whether a test was judged against an answer this file holds: the run's verdict rests on the file. */
        private boolean judgedBy;
        /**
         * What kept {@code cognigy.approve=true} from reading the file, which it rewrites from this run's answers; {@code null}
         * when it was read (or there was none).
         */
        private ApprovalFile.Problem unreadable;
        /** Whether the file is one not read and not to be written over ({@link #refusal}); its {@link #problem} says why. */
        private boolean refused;
        /** Tests whose answer {@code cognigy.approve=true} accepted in this run: once each, whatever their repetitions. */
        private final Set<String> approvedThisRun = new java.util.HashSet<>();
        /** The answers this run recorded, by test: what it writes over what another run wrote meanwhile. */
        private final Map<String, ApprovedAnswer> recordedThisRun = new java.util.HashMap<>();

        Owner(String subject, String file, Path path, Set<String> declared) {
            this.subject = subject;
            this.file = file;
            this.path = path;
            this.declared = declared;
        }

        /** Whether this run has answers to write into the file. */
        synchronized boolean changed() {
            return changed;
        }

        /**
         * Two owners of one file (a class's name that collides with a file's): the tests of both are declared, or none
         * is known when one of them does not know all of its own.
         */
        Owner mergedWith(Owner other) {
            if (declared == null || other.declared == null) return new Owner(subject, file, path, null);
            java.util.Set<String> all = new java.util.HashSet<>(declared);
            all.addAll(other.declared);
            return new Owner(subject, file, path, all);
        }

        /**
         * Reads the file once, from {@code folder} (the approval folder); with {@code approve} a file that cannot be read
         * is started afresh, to be rewritten. Its answers are held redacted: one approved in clear before its values were
         * named compares by their digests, and {@code approve} rewrites the file so. A file {@linkplain #refusal refused}
         * is a problem with {@code approve} too: neither read nor rewritten.
         */
        void load(Path folder, boolean approve, ApprovalRedaction redaction) {
            if (loaded) return;
            loaded = true;
            ApprovalFile.Read read;
            try {
                ContainedFile.Read found = ContainedFile.read(path, folder, MAX_BYTES);
                if (found instanceof ContainedFile.Missing) return;
                Optional<ApprovalFile.Problem> refusal = refusal(folder, found);
                if (refusal.isPresent()) {
                    problem = refusal;
                    refused = true;
                    return;
                }
                byte[] bytes = ((ContainedFile.Bytes) found).bytes();
                digest = dev.botsim.cognigy.engine.support.Sha256.ofText(bytes);
                read = parsed(bytes);
            } catch (IOException | UncheckedIOException e) {
                read = new ApprovalFile.Read(Map.of(), Optional.of(new ApprovalFile.Problem(0, "cannot be read as UTF-8 text ("
                        + e.getMessage() + ")")));
            }
            if (read.problem().isPresent() && approve) {
                changed = true;
                unreadable = read.problem().get();
                return;
            }
            problem = read.problem();
            answers = new TreeMap<>(ApprovalFile.TEST_ORDER);
            answers.putAll(redacted(read.answers(), redaction));
            if (approve && !answers.equals(read.answers())) changed = true;
        }

        private static Map<String, ApprovedAnswer> redacted(Map<String, ApprovedAnswer> answers, ApprovalRedaction redaction) {
            Map<String, ApprovedAnswer> out = new LinkedHashMap<>();
            answers.forEach((test, answer) -> out.put(test, redaction.apply(answer)));
            return out;
        }

        void record(String test, ApprovedAnswer answer) {
            recordedThisRun.put(test, answer);
            if (answer.equals(answers.put(test, answer))) return;
            changed = true;
        }

        /**
         * Takes in what another run wrote to the file since this run read it (a second terminal, another job on the
         * workspace, approving at once): its entries, with the answers this run recorded over them, so the file this run
         * writes keeps both. The file as read stays what the run's tests were judged against.
         */
        void catchUp(Path folder, ApprovalRedaction redaction) {
            if (unreadable != null || problem.isPresent()) return;
            byte[] bytes;
            ApprovalFile.Read read;
            try {
                ContainedFile.Read found = ContainedFile.read(path, folder, MAX_BYTES);
                Optional<ApprovalFile.Problem> refusal = refusal(folder, found);
                if (refusal.isPresent()) {
                    // Replaced since this run read it by a link out of the folder, or a file too large: not written over.
                    problem = refusal;
                    refused = true;
                    return;
                }
                bytes = found instanceof ContainedFile.Bytes content ? content.bytes() : null;
                if (java.util.Objects.equals(bytes == null ? null : dev.botsim.cognigy.engine.support.Sha256.ofText(bytes), digest)) return;
                read = bytes == null ? new ApprovalFile.Read(Map.of(), Optional.empty()) : parsed(bytes);
            } catch (IOException | UncheckedIOException e) {
                return; // written from this run's reading, as before
            }
            if (read.problem().isPresent()) return;
            Map<String, ApprovedAnswer> now = new TreeMap<>(ApprovalFile.TEST_ORDER);
            now.putAll(redacted(read.answers(), redaction));
            now.putAll(recordedThisRun);
            answers = now;
        }

        /** Whether the file was not read, and is not to be written over: it links out of the folder, or is too large. */
        boolean refused() {
            return refused;
        }

        /**
         * Why {@code found} is not to be read, nor written over: a link out of the approval folder (what it points at could
         * be anything, a credentials file, and an approved answer's values are shown in failures and reports), or a file
         * larger than {@link #MAX_BYTES}. Empty for a file to read, or none.
         */
        private static Optional<ApprovalFile.Problem> refusal(Path folder, ContainedFile.Read found) {
            if (found instanceof ContainedFile.Outside outside) {
                return Optional.of(new ApprovalFile.Problem(0, "links outside the approval folder " + folder + " (to "
                        + outside.target() + "): not read, nor written over — replace the link with the file itself"));
            }
            if (found instanceof ContainedFile.TooLarge large) {
                return Optional.of(new ApprovalFile.Problem(0, "is larger than " + ContainedFile.size(large.limit())
                        + ", more than any suite approves: not read, nor written over — delete it and approve its tests"
                        + " again with -Dcognigy.approve=true, or split the data file it approves"));
            }
            return Optional.empty();
        }

        /**
         * The file's bytes read as an approval file, decoded as strict UTF-8: a malformed byte is a problem at its line
         * and column, not a '?'.
         */
        private static ApprovalFile.Read parsed(byte[] bytes) {
            java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
            java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
            if (decoder.decode(in, out, true).isError()) return new ApprovalFile.Read(Map.of(), Optional.of(notUtf8(bytes, in.position())));
            decoder.flush(out);
            return ApprovalFile.read(out.flip().toString());
        }

        /**
         * Where the first byte that is no UTF-8 stands, and what it is in Windows-1252 when every byte before it is ASCII:
         * a hand edit saved by an editor in the Windows "ANSI" code page, which re-encodes the whole file
         * ({@link Utf8Bytes}: a byte order mark takes no column).
         */
        private static ApprovalFile.Problem notUtf8(byte[] bytes, int offset) {
            Utf8Bytes.Place place = Utf8Bytes.placeOf(bytes, offset);
            return new ApprovalFile.Problem(place.line(), place.column(), "is not UTF-8 text: byte 0x"
                    + String.format(java.util.Locale.ROOT, "%02X", bytes[offset] & 0xFF) + " (at byte offset " + offset + ")"
                    + Utf8Bytes.windows1252(bytes, offset).map(c -> " is '" + c + "' in Windows-1252 ('ANSI'), as older Notepad"
                    + " saves it").orElse("") + " — save the file as UTF-8");
        }

        /**
         * {@code src/test/cognigy/approved/x.approved.yaml:12: has a merge conflict marker ...}, and the column where the
         * problem says one ({@code x.approved.yaml:3:9: is not valid YAML ...}).
         */
        String describe(ApprovalFile.Problem problem) {
            String at = problem.line() <= 0 ? "" : ":" + problem.line() + (problem.column() > 0 ? ":" + problem.column() : "");
            return path + at + ": approval file " + problem.message();
        }
    }
}
