package dev.botsim.cognigy.engine.backend.playbooks;

import static dev.botsim.cognigy.engine.config.Constants.MAX_CONCURRENCY;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BackendInterruptedException;
import dev.botsim.cognigy.engine.backend.management.ManagementRefusal;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.transport.Sleeper;

/**
 * Runs one playbook as Cognigy runs it: schedule, poll the task until {@code done}, {@code error} or
 * {@code cancelled}, then read the run. At most {@link #MAX_RUNS} (Cognigy's cap on concurrent
 * playbook executions) or the engine's concurrency, whichever is smaller, are in flight at once.
 * An interrupted wait cancels the task, so a cancelled test run leaves nothing running at the tenant; so does an
 * interrupt while the schedule request is at the tenant: the request is sent from a thread of its own, and its answer
 * awaited to cancel the task it names.
 * <p>
 * A task cancelled past its deadline keeps its run slot until the tenant says it is over: a tenant holds a cancelled
 * execution while the task is {@code cancelling} (the step under way ends first), so a slot freed at the cancel request
 * would start this run's next playbook behind its own cancelled one, waiting {@code queued} on its own deadline. The
 * task is followed at most {@link PlaybookSession#perStep} of its playbook (what the deadline allows one step), so a
 * tenant that never says {@code cancelled} does not hold the run. A cancelled test run does not wait for it: it starts
 * no playbook that could use the slot.
 */
public final class PlaybookRunner {

    /** Cognigy runs at most ten playbook executions at once per tenant. */
    public static final int MAX_RUNS = 10;
    /** Reads of a run that answer 404 before falling back to the run list (Cognigy's CLI issue #145). */
    static final int RUN_READS = 4;
    /** Poll intervals after the first grow by half up to this. */
    static final Duration MAX_INTERVAL = Duration.ofSeconds(5);

    /** How a run ended. */
    public sealed interface Outcome {
    }

    /** The task finished and the run was read. */
    public record Finished(PlaybookRun run) implements Outcome {
    }

    /** The task ended in {@code error}: Cognigy's {@code failReason}. */
    public record Failed(String reason) implements Outcome {
    }

    /** The task was cancelled at the tenant. */
    public record Cancelled() implements Outcome {
    }

    /**
     * @param timeout        how long one run may take from scheduling to its task's end
     * @param scheduleAnswer how long a run cancelled while its schedule request is out waits for the answer, to cancel the
     *                       task it names: the management client's limit on one call ({@code cognigy.http.call-timeout})
     */
    public record Settings(int maxConcurrency, Duration timeout, Duration scheduleAnswer, Clock clock, Sleeper sleeper) {
    }

    private static final System.Logger LOG = System.getLogger(PlaybookRunner.class.getName());

    private final PlaybooksApi api;
    private final Settings settings;
    private final Semaphore slots;
    private final StepPace pace = new StepPace();
    /**
     * Tasks this run cancelled and stopped following while the tenant still showed them running or {@code cancelling}:
     * they may hold tenant executions the run's own slots no longer count, which a task queued to its deadline names.
     */
    private final Set<String> leftCancelling = ConcurrentHashMap.newKeySet();

    public PlaybookRunner(PlaybooksApi api, Settings settings) {
        this.api = api;
        this.settings = settings;
        this.slots = new Semaphore(Math.max(1, Math.min(settings.maxConcurrency(), MAX_RUNS)), true);
    }

    public Outcome run(Playbook playbook, Target target) {
        return runCreated(() -> playbook, target);
    }

    /**
     * Runs a playbook made for this run only: {@code create} is called once a run slot is free, so a made playbook
     * never waits for one and lives no longer than its run (the sweep of generated playbooks counts on that).
     */
    public Outcome runCreated(java.util.function.Supplier<Playbook> create, Target target) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendInterruptedException("a playbook was not scheduled: the waiting thread was interrupted");
        }
        try {
            Playbook playbook;
            try {
                playbook = create.get();
            } catch (BackendException e) {
                // Made before its run is scheduled: the schedule, which alone sends its messages to the bot, never left.
                throw e.withMessageUnsent();
            }
            return scheduled(playbook, target);
        } finally {
            slots.release();
        }
    }

    private Outcome scheduled(Playbook playbook, Target target) {
        Instant start = settings.clock().instant();
        long began = settings.sleeper().ticker().nanos();
        Task task = schedule(playbook, target);
        try {
            return followed(playbook, target, task, start, began);
        } catch (BackendException e) {
            // The task is this run's, and so is a playbook made for it: a record of the failure names their ids as such,
            // so a generated suite recorded again against an unchanged bot writes the same bytes.
            throw e.varying(task.id(), "<task id>").varying(playbook.id(), "<playbook id>");
        }
    }

    /**
     * How far back the #145 fallback looks for this task's run when only this machine's clock says when it was
     * scheduled: the run's {@code createdAt} is the tenant's clock, which may run behind this one's. Looking too far
     * back can only find more than one run, which fails the playbook; too short would miss the run and fail it too.
     */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    /**
     * The earliest {@code createdAt} this task's run can carry: the task's own, by the tenant's clock, to the whole
     * second runs are stamped with; else this machine's {@code start}, less {@link #CLOCK_SKEW}.
     */
    private static Instant runsSince(Task task, Instant start) {
        return task.createdAt().map(at -> at.truncatedTo(ChronoUnit.SECONDS))
                .orElse(start.truncatedTo(ChronoUnit.SECONDS).minus(CLOCK_SKEW));
    }

    /**
     * The outcome of {@code task}, scheduled at {@code start} on the wall clock and at {@code began} on the sleeper's
     * ticker, which its deadline is measured on: awaited, then its run read and judged.
     */
    private Outcome followed(Playbook playbook, Target target, Task scheduled, Instant start, long began) {
        Task task = scheduled;
        Instant scheduledAt = runsSince(task, start);
        try {
            task = await(task, playbook.steps().size(), began);
        } catch (BackendInterruptedException e) {
            cancel(task).ifPresent(failure -> warnLeftRunning(playbook, scheduled, failure));
            throw e;
        } catch (BackendException e) {
            // The run was scheduled and may be running: it is cancelled, not left holding one of the tenant's ten slots.
            // Past the deadline its polls still answer, so the run slot is held until the tenant has let the task go too.
            Optional<String> refused = cancel(task);
            String cancelled = refused.map(failure -> "cancelling it failed too (" + failure + "): it may still run at the"
                    + " tenant, holding one of its ten playbook executions until it ends; cancel it in Cognigy if it does")
                    .orElseGet(() -> e.kind() == BackendException.Kind.TIMEOUT ? released(playbook, scheduled) : "it was cancelled");
            if (refused.isPresent()) leftCancelling.add(task.id());
            BackendException failure = e.kind() == BackendException.Kind.TIMEOUT
                    ? new BackendException(e.kind(), e.getMessage() + "; " + cancelled)
                    : new BackendException(e.kind(), "playbook task " + task.id() + " was scheduled but could not be followed: "
                    + e.getMessage() + "; " + cancelled);
            e.varying().forEach(failure::varying);
            throw failure;
        }
        return switch (task.state()) {
            case ERROR -> new Failed(task.failReason().orElse("the task ended in error and gave no failReason"));
            case CANCELLED -> new Cancelled();
            default -> new Finished(withResults(playbook, judged(playbook, readRun(playbook, target, task, scheduledAt, began), began)));
        };
    }

    /**
     * Follows a task this run has just cancelled until the tenant says it is over — {@code cancelled}, or {@code done} or
     * {@code error} when it ended first — while the caller holds its run slot: a tenant keeps a cancelled execution while
     * the task is {@code cancelling}, and the slot freed before would start the run's next playbook behind it. Polled at
     * once, then after 1 s, growing by half up to {@link #MAX_INTERVAL}, for at most {@link PlaybookSession#perStep} of the
     * playbook: the step under way, at which a tenant stops the task, ends within that. A poll failing with a 5xx, 429 or
     * lost connection is polled past within that time; one refused for good ends the wait. An interrupt (the test run
     * cancelled) ends it at once: that run schedules nothing more.
     *
     * @return what became of the task, for the playbook's failure: {@code it was cancelled}, and how long it was
     *         {@code cancelling}, or that the tenant may still hold it
     */
    private String released(Playbook playbook, Task scheduled) {
        Duration grace = PlaybookSession.perStep(playbook.stepTimeout());
        long asked = settings.sleeper().ticker().nanos();
        Duration pause = Duration.ofSeconds(1);
        Task task = scheduled;
        String held = null;
        BackendException unread = null;
        while (true) {
            try {
                task = api.task(scheduled.id());
                unread = null;
            } catch (BackendException e) {
                unread = e;
                if (e.kind() != BackendException.Kind.TRANSPORT) break;
            }
            Duration waited = since(asked);
            if (unread == null && task.state().finished()) {
                if (task.state() != Task.State.CANCELLED) return "it was cancelled, and ended '" + task.status() + "' meanwhile";
                return held == null ? "it was cancelled" : "it was cancelled, and Cognigy showed it '" + task.status() + "' "
                        + seconds(waited) + " s later (until then '" + held + "', holding one of the tenant's ten playbook"
                        + " executions); this run started no playbook in its place meanwhile";
            }
            if (unread == null) held = task.status();
            Duration left = grace.minus(waited);
            if (left.isNegative() || left.isZero()) break;
            sleep(min(pause, left));
            pause = grown(pause);
        }
        leftCancelling.add(scheduled.id());
        String shown = "playbook '" + ConsoleText.oneLine(playbook.name()) + "'";
        String why = unread != null && unread.kind() != BackendException.Kind.TRANSPORT
                ? "whether Cognigy let it go could not be read (" + unread.getMessage() + ")"
                : "Cognigy still showed it '" + task.status() + "' after " + grace.toSeconds() + " s (the most one step of"
                + " " + shown + " may take)" + (unread == null ? "" : "; the last poll failed: " + unread.getMessage());
        return "it was cancelled, but " + why + ": it may hold one of the tenant's ten playbook executions until it ends, and"
                + " this run's next playbooks may wait behind it";
    }

    /** A wait in whole seconds, at least one: a wait of less than a second is not shown as none. */
    private static long seconds(Duration waited) {
        return Math.max(1, waited.toSeconds());
    }

    /**
     * {@code POST playbooks/{id}/schedule}, sent from a thread of its own that the run's cancellation does not reach. An
     * interrupt during the request would lose its answer (OkHttp fails the next read of an interrupted thread), and with
     * it the id of a task the tenant may already have started: left running, holding one of the tenant's ten playbook
     * executions, with nothing to cancel it by. So a run cancelled meanwhile waits for the answer (at most
     * {@link Settings#scheduleAnswer()}), cancels the task it names and then ends as interrupted, the interrupt kept.
     */
    private Task schedule(Playbook playbook, Target target) {
        if (Thread.currentThread().isInterrupted()) {
            // The schedule's own thread would not see this interrupt: nothing is sent for a run already cancelled.
            throw new BackendInterruptedException("playbook '" + ConsoleText.oneLine(playbook.name()) + "' was not scheduled: the"
                    + " waiting thread was interrupted");
        }
        FutureTask<Task> request = new FutureTask<>(() -> api.schedule(playbook.id(), target));
        Thread sender = new Thread(request, "cognigy-playbook-schedule");
        sender.setDaemon(true);
        sender.start();
        Task task;
        try {
            task = answer(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task = answerOnceCancelled(playbook, request, sender);
        }
        // Also when the answer came as the interrupt did: the run was cancelled while its task was being started.
        if (!Thread.currentThread().isInterrupted()) return task;
        Task started = task;
        Optional<String> failure = cancel(started);
        failure.ifPresent(f -> warnLeftRunning(playbook, started, f));
        throw new BackendInterruptedException("stopped waiting for playbook '" + ConsoleText.oneLine(playbook.name()) + "': the"
                + " waiting thread was interrupted while it was scheduled; task " + started.id() + " it started "
                + failure.map(f -> "could not be cancelled (" + f + ")").orElse("was cancelled"));
    }

    /**
     * The schedule's answer, waited for on a thread whose run was cancelled, the interrupt kept: within
     * {@link Settings#scheduleAnswer()}, or the run ends as interrupted saying what may have been left running.
     */
    private Task answerOnceCancelled(Playbook playbook, FutureTask<Task> request, Thread sender) {
        String shown = "playbook '" + ConsoleText.oneLine(playbook.name()) + "'";
        long deadline = System.nanoTime() + settings.scheduleAnswer().toNanos();
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                try {
                    return request.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException again) {
                    // Already cancelled: waiting on for the answer is the point.
                    interrupted = true;
                }
            }
        } catch (TimeoutException e) {
            sender.interrupt();
            String left = shown + " was being scheduled when the run was cancelled, and its schedule request had no answer"
                    + " within " + settings.scheduleAnswer().toSeconds() + " s: if the tenant got it, the run it started was"
                    + " not cancelled and holds one of the tenant's ten playbook executions until it ends; cancel it in Cognigy"
                    + " if it does";
            LOG.log(System.Logger.Level.WARNING, left);
            throw new BackendInterruptedException(left);
        } catch (ExecutionException e) {
            // No task id came back, so there is nothing to cancel: the failure is told, and the run still ends as cancelled.
            throw new BackendInterruptedException("stopped scheduling " + shown + ": the waiting thread was interrupted, and the"
                    + " schedule request failed: " + e.getCause().getMessage());
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /**
     * Says on the console that a cancelled run left a task running: the test only reports the run as cancelled, and the
     * tenant's ten playbook executions are shared by whoever runs playbooks there.
     */
    private static void warnLeftRunning(Playbook playbook, Task task, String failure) {
        LOG.log(System.Logger.Level.WARNING, "the run was cancelled, but cancelling task " + task.id() + " of playbook '"
                + ConsoleText.oneLine(playbook.name()) + "' failed (" + failure + "): it may still run at the tenant, holding one"
                + " of its ten playbook executions until it ends; cancel it in Cognigy if it does");
    }

    /** What {@code request} gave, its failure thrown as it was. */
    private static Task answer(FutureTask<Task> request) throws InterruptedException {
        try {
            return request.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) throw failure;
            if (e.getCause() instanceof Error error) throw error;
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * A run marked successful that lists no step result for a playbook with steps has a shape this client does not know (the
     * results under another name, say): its steps cannot be judged one by one. Taken as it is, every step would be skipped
     * for want of a result and the build left green with nothing checked. (A run marked failed fails a step whatever its
     * results say.)
     */
    private static PlaybookRun withResults(Playbook playbook, PlaybookRun run) {
        if (!run.successful() || playbook.steps().isEmpty() || !run.stepResults().isEmpty()) return run;
        throw new BackendException(BackendException.Kind.PROTOCOL, "playbook '" + ConsoleText.oneLine(playbook.name())
                + "' ran, and Cognigy marks its run " + run.id() + " '" + ConsoleText.oneLine(run.status()) + "', but the run lists"
                + " no stepResults for its " + playbook.steps().size() + " steps: no step can be judged; open the run in Cognigy's"
                + " Playbooks view to see its results").varying(run.id(), "<run id>");
    }

    private Task await(Task scheduled, int steps, long start) {
        Duration wait = pace.firstPoll(steps);
        Duration lastPending = null;
        Task task = scheduled;
        BackendException unread = null;
        while (true) {
            Duration left = left(start);
            if (left.isNegative() || left.isZero()) {
                BackendException timeout = new BackendException(BackendException.Kind.TIMEOUT, "playbook task " + task.id() + " had not ended after "
                        + settings.timeout().toSeconds() + " s (last status " + task.status()
                        + task.failReason().map(r -> ", failReason " + r).orElse("") + (unread == null ? "" : "; the last poll failed: " + unread.getMessage()) + ")"
                        + (task.state() == Task.State.QUEUED ? ": Cognigy never started it. A tenant runs at most ten playbook"
                        + " executions at once, and this run starts at most " + MAX_RUNS + " (fewer with " + MAX_CONCURRENCY + "),"
                        + " so other runs held them (another CI job, someone in Cognigy, tasks left running)"
                        + ownLeftRunning() + "; run again once they end" : ""));
                // The run's own cancelled tasks it names are this run's, as its own task is: recorded as such.
                if (task.state() == Task.State.QUEUED) leftCancelling.forEach(id -> timeout.varying(id, "<task id>"));
                throw timeout;
            }
            sleep(wait.compareTo(left) < 0 ? wait : left);
            try {
                task = api.task(scheduled.id());
                unread = null;
            } catch (BackendException e) {
                // A poll is a read: a 5xx, 429 or lost connection that outlasts the client's own retries is polled past
                // until the run's deadline, rather than giving up a run that is still going at the tenant.
                if (e.kind() != BackendException.Kind.TRANSPORT) throw e;
                unread = e;
                wait = grown(wait);
                continue;
            }
            Duration at = since(start);
            if (task.state().finished()) {
                if (task.state() == Task.State.DONE) pace.observe(steps, lastPending, at);
                return task;
            }
            lastPending = at;
            wait = grown(wait);
        }
    }

    /**
     * The tasks this run cancelled but the tenant may still run, for a task queued to its deadline: they may be among
     * those holding the tenant's executions. Empty when there are none.
     */
    private String ownLeftRunning() {
        List<String> left = List.copyOf(leftCancelling);
        if (left.isEmpty()) return "";
        return ", and so may this run's own cancelled task" + (left.size() == 1 ? " " : "s ") + String.join(", ", left.stream()
                .sorted().limit(10).toList()) + (left.size() > 10 ? " and " + (left.size() - 10) + " more" : "")
                + ", which the tenant had not let go when this run stopped following " + (left.size() == 1 ? "it" : "them");
    }

    /**
     * The run the task produced. Cognigy's run read can answer 404 right after the task is done (its CLI's issue
     * #145): read again with growing pauses, then take the one run of the playbook made since scheduling against
     * {@code target} ({@link #ours}), and only when what the run itself says of its target agrees.
     */
    private PlaybookRun readRun(Playbook playbook, Target target, Task task, Instant scheduledAt, long start) {
        Optional<String> runId = task.playbookRunId();
        if (runId.isPresent()) {
            Duration pause = Duration.ofSeconds(1);
            for (int read = 1; ; read++) {
                try {
                    return read(playbook, runId.get(), start);
                } catch (ManagementRefusal e) {
                    if (e.status() != 404 || read == RUN_READS) break;
                }
                sleep(pause);
                pause = pause.multipliedBy(2);
            }
        }
        String missing = "playbook '" + ConsoleText.oneLine(playbook.name()) + "' ran (task " + task.id() + " done) but its run "
                + runId.map(id -> id + " does not exist (Cognigy's CLI issue #145)").orElse("id is not in the task's data.playbookRunId");
        PlaybooksApi.ListedRun listed = ours(playbook, target, scheduledAt, missing, runId);
        PlaybookRun run = read(playbook, listed.id(), start);
        List<String> differs = run.origin().differences(target);
        if (differs.isEmpty()) return run;
        throw new BackendException(BackendException.Kind.PROTOCOL, missing + ", and the one run of it listed since scheduling against"
                + " this run's target, " + ConsoleText.oneLine(run.id()) + ", ran against another when read: "
                + String.join(", ", differs) + NOT_TAKEN).varying(runId.orElse(null), "<run id>").varying(run.id(), "<run id>");
    }

    /** How a failure of the #145 fallback ends: why nothing is taken instead, and what to do. */
    private static final String NOT_TAKEN = "; another run's result is never taken for this one's: open the playbook's runs in"
            + " Cognigy to see this run's, or run again";

    /**
     * The #145 fallback: the one run of the playbook that the run list (newest first) shows made at or after
     * {@code scheduledAt} and against {@code target} — as far as the list names flow, locale and entrypoint. Someone in
     * Cognigy's UI or another CI job may run the same playbook meanwhile, against another flow, locale or snapshot, or
     * against the same: a run that cannot be told to be this one's is never taken, so none or several fail the playbook.
     */
    private PlaybooksApi.ListedRun ours(Playbook playbook, Target target, Instant scheduledAt, String missing,
                                        Optional<String> runId) {
        List<PlaybooksApi.ListedRun> recent = api.recentRuns(playbook.id());
        List<PlaybooksApi.ListedRun> since = recent.stream().filter(r -> r.origin().notBefore(scheduledAt)).toList();
        List<PlaybooksApi.ListedRun> fit = since.stream().filter(r -> r.origin().differences(target).isEmpty()).toList();
        // A list whose every run is that recent may go on past its page: a run there could fit too.
        boolean cut = recent.size() >= PlaybooksApi.RECENT_RUNS && since.size() == recent.size();
        if (fit.size() == 1 && !cut) return fit.get(0);
        String shownTarget = "flow " + ConsoleText.oneLine(target.flowId()) + ", locale " + ConsoleText.oneLine(target.localeId())
                + ", entrypoint " + ConsoleText.oneLine(target.entrypoint());
        String why;
        if (cut) {
            why = "the run list's newest " + recent.size() + " runs were all created since it was scheduled, so which of its runs is"
                    + " this one's cannot be told";
        } else if (fit.size() > 1) {
            why = fit.size() + " runs of it created since it was scheduled ran against this run's target (" + shownTarget + "): "
                    + String.join(", ", fit.stream().map(r -> ConsoleText.oneLine(r.id())).toList()) + "; which is this run's"
                    + " cannot be told (another CI job or someone in Cognigy ran the playbook meanwhile)";
        } else if (since.isEmpty()) {
            why = "no run of it created since scheduling is listed";
        } else {
            why = "no run of it created since scheduling ran against this run's target (" + shownTarget + "): "
                    + String.join("; ", since.stream().map(r -> "run " + ConsoleText.oneLine(r.id()) + " ran against "
                    + String.join(", ", r.origin().differences(target))).toList());
        }
        BackendException failure = new BackendException(BackendException.Kind.PROTOCOL, missing + ", and " + why + NOT_TAKEN)
                .varying(runId.orElse(null), "<run id>");
        for (PlaybooksApi.ListedRun r : since) failure.varying(r.id(), "<run id>");
        throw failure;
    }

    /**
     * The run once Cognigy has judged it ({@code successful} or {@code failed}): a run read while its status is another
     * (its steps still being judged) is read again, at growing pauses, until the run's deadline. Cognigy's CLI waits for
     * one of the two as well; a step judged from an unfinished run would fail for want of a result.
     */
    private PlaybookRun judged(Playbook playbook, PlaybookRun read, long start) {
        PlaybookRun run = read;
        Duration pause = Duration.ofSeconds(1);
        while (!run.judged()) {
            Duration left = left(start);
            if (left.isNegative() || left.isZero()) {
                throw new BackendException(BackendException.Kind.TIMEOUT, "playbook '" + ConsoleText.oneLine(playbook.name()) + "' ran, but Cognigy's run "
                        + run.id() + " was still '" + run.status() + "' after " + settings.timeout().toSeconds()
                        + " s, neither successful nor failed; its steps were not judged").varying(run.id(), "<run id>");
            }
            sleep(min(pause, left));
            run = read(playbook, run.id(), start);
            pause = min(MAX_INTERVAL, pause.multipliedBy(2));
        }
        return run;
    }

    /**
     * Reads a run. Like a task poll, a read failing with a 5xx, 429 or lost connection past the client's own retries is
     * read again, at growing pauses, until the run's deadline: the run is over at the tenant, and giving up would lose
     * the verdict Cognigy gave it.
     */
    private PlaybookRun read(Playbook playbook, String runId, long start) {
        Duration pause = Duration.ofSeconds(1);
        while (true) {
            try {
                return api.run(playbook.id(), runId);
            } catch (BackendException e) {
                if (e.kind() != BackendException.Kind.TRANSPORT) throw e;
                Duration left = left(start);
                if (left.isNegative() || left.isZero()) {
                    throw new BackendException(BackendException.Kind.TIMEOUT, "playbook '" + ConsoleText.oneLine(playbook.name()) + "' ran, but Cognigy's run "
                            + runId + " could not be read within " + settings.timeout().toSeconds() + " s; the last read failed: "
                            + e.getMessage()).varying(runId, "<run id>");
                }
                sleep(min(pause, left));
                pause = min(MAX_INTERVAL, pause.multipliedBy(2));
            }
        }
    }

    /**
     * Cancels at the tenant even when the thread was interrupted: the interrupt is what asks for it, and is kept. The
     * request is sent from a thread of its own and waited for whatever interrupts come meanwhile: a cancelled run may
     * interrupt this thread more than once (its wait, then the work it started ahead), and an interrupt landing while
     * the request is out fails it (OkHttp fails the next read or write of an interrupted thread), most often before a
     * byte has left — the task left running at the tenant, holding one of its ten playbook executions. The client's own
     * timeouts and retries bound the wait.
     *
     * @return why the cancel failed, when it did: the run is abandoned anyway, but a message must not say it was cancelled
     */
    private Optional<String> cancel(Task task) {
        FutureTask<Void> request = new FutureTask<>(() -> {
            api.cancel(task.id());
            return null;
        });
        Thread sender = new Thread(request, "cognigy-playbook-cancel");
        sender.setDaemon(true);
        sender.start();
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                try {
                    request.get();
                    return Optional.empty();
                } catch (InterruptedException again) {
                    // The run is being cancelled: the cancel on its way is what it asks for.
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof BackendException failure) return Optional.of(failure.getMessage());
                    if (e.getCause() instanceof RuntimeException failure) throw failure;
                    if (e.getCause() instanceof Error failure) throw failure;
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private void sleep(Duration duration) {
        try {
            settings.sleeper().sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendInterruptedException("stopped waiting for a playbook run: the waiting thread was interrupted");
        }
    }

    /**
     * What is left of the playbook's time ({@code settings.timeout()}) since {@code start}, a reading of the sleeper's
     * ticker; zero or less once it is up. Never the wall clock: NTP setting it forward an hour mid-run would time out a
     * run still going, setting it back would follow a run that never ends an hour longer.
     */
    private Duration left(long start) {
        return settings.timeout().minus(since(start));
    }

    /** How long since {@code start}, a reading of the sleeper's ticker: the time the sleeper's waits pass on. */
    private Duration since(long start) {
        return Duration.ofNanos(settings.sleeper().ticker().nanos() - start);
    }

    /** The next pause of a poll: half as long again, up to {@link #MAX_INTERVAL}. */
    private static Duration grown(Duration pause) {
        return min(MAX_INTERVAL, Duration.ofNanos((long) (pause.toNanos() * 1.5)));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
