package dev.botsim.cognigy.engine.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.platform.engine.TestDescriptor;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.engine.backend.NotRecordedException;
import dev.botsim.cognigy.engine.support.ExpectationFailureText;
import dev.botsim.cognigy.engine.support.ReportEntries;
import dev.botsim.cognigy.spi.Expectation;

/**
 * The whole runs of a repeated data-file conversation ({@code repeat:} on it or its file, {@code cognigy.repeat}).
 * Each run opens a session of its own and sends the turns in order, each checked against its expectation, until a
 * turn fails: the turns after it are not sent in that run, as the turns after a failed turn are skipped when a
 * conversation runs once. Run 1 sends the turns under their own unique ids (their idempotency keys and recordings are
 * those of a conversation run once); runs 2..N send them below {@code [repetition:r]}.
 *
 * <p>The runs go out together on the run's start-ahead threads, one task per run, within
 * {@code max-concurrency} and the backend's limits like every message; each turn test then awaits its own turn in
 * every run and is judged by {@link RepeatedAnswers}: turn k of a run passes when turns 1..k of that run passed, so
 * the last turn's verdict is the whole conversation's. A turn whose answer differs from its approved one fails only when
 * its test compares them, after the run sent its later turns: those count as not passed in that run all the same.
 *
 * <p>Each run tells the backend its turns before its first is sent: under {@code cognigy.replay=auto} a run is
 * replayed whole or sent whole, so every turn of it is judged on the answer recorded for it.
 */
public final class ConversationRuns {

    /**
     * A turn as run 1 sends it, with what it must answer.
     *
     * @param message   the turn's message in run 1's session
     * @param expected  what the answer must hold
     * @param described the turn for messages: {@code turn 2 "where is my order"}
     */
    public record PlannedTurn(TestMessage message, Expectation expected, String described) {
    }

    /** What one run saw of one turn, and why that turn of the run did not pass ({@code null} when it did). */
    private record Seen(Observation observation, SimulationResult result, Throwable failure) {
    }

    /** A turn of a run that failed only when its test compared its answer with the approved one, after the run went on. */
    private record FailedWhenJudged(int turn, String described, Throwable failure) {
    }

    private final List<PlannedTurn> turns;
    private final List<List<CompletableFuture<Seen>>> runs = new ArrayList<>();
    /**
     * By run, its first turn that failed only when judged: the runs go out ahead of the turn tests, so its later turns
     * were sent already; they count as not passed all the same, as after any failed turn.
     */
    private final java.util.Map<Integer, FailedWhenJudged> failedWhenJudged = new java.util.concurrent.ConcurrentHashMap<>();
    /** Why a run went to the bot from its first turn although some of its turns are recorded, by run. */
    private final java.util.Map<Integer, String> sentLive = new java.util.concurrent.ConcurrentSkipListMap<>();
    private volatile boolean stopped;

    private ConversationRuns(List<PlannedTurn> turns) {
        this.turns = List.copyOf(turns);
    }

    /**
     * Starts {@code count} runs of {@code turns} (the conversation's turns from the first to the last one selected);
     * empty when the conversation runs once: {@code count} is 1, or the bot cannot answer one of the turns at all (a
     * preflight problem fails that turn once, as misconfiguration).
     */
    public static Optional<ConversationRuns> start(RunScope run, List<PlannedTurn> turns, int count) {
        if (count <= 1 || turns.stream().anyMatch(t -> run.preflight().problem(t.message().test()).isPresent())) {
            return Optional.empty();
        }
        ConversationRuns started = new ConversationRuns(turns);
        for (int r = 1; r <= count; r++) {
            List<CompletableFuture<Seen>> seen = new ArrayList<>();
            for (int i = 0; i < turns.size(); i++) seen.add(new CompletableFuture<>());
            started.runs.add(seen);
        }
        for (int r = 1; r <= count; r++) {
            int number = r;
            List<CompletableFuture<Seen>> seen = started.runs.get(r - 1);
            // A run cancelled before or while it ran leaves its turns' waiters aborted, never waiting.
            run.dispatcher().runAhead(() -> started.runWhole(run, number, seen))
                    .whenComplete((done, failure) -> {
                        if (failure != null) seen.forEach(f -> f.completeExceptionally(SimulationPipeline.unwrapped(failure)));
                    });
        }
        return Optional.of(started);
    }

    /** How many times the conversation runs. */
    public int count() {
        return runs.size();
    }

    /**
     * Turn {@code number} (from 1) of run {@code r}, waiting for it: what it saw goes into {@code own}, and it throws
     * when that turn of the run did not pass (or was not reached because an earlier one did not).
     */
    private SimulationResult await(int r, int number, Observation own) throws Exception {
        Seen seen;
        try {
            seen = runs.get(r - 1).get(number - 1).get();
        } catch (ExecutionException e) {
            throw RepeatedAnswers.unchecked(SimulationPipeline.unwrapped(e.getCause()));
        }
        if (seen.observation().sentNothing()) own.notSent();
        own.addTurns(seen.observation().turns());
        own.addRetries(seen.observation().retries());
        own.countAnswersOf(seen.observation());
        FailedWhenJudged earlier = failedWhenJudged.get(r);
        if (earlier != null && earlier.turn() < number) {
            // The run's first failed turn, as in a run that stopped at it; this turn's answer still counts in the figures.
            String why = earlier.described() + " failed in this run, so this turn does not pass in it (it was sent before"
                    + " that turn was judged): " + earlier.failure().getMessage();
            // Of the earlier turn's kind, but without its expected and actual values: they are not this turn's.
            if (earlier.failure() instanceof AssertionFailedError) {
                throw SimulationStep.inPlaceOf(new AssertionFailedError(why, earlier.failure().getCause()), earlier.failure());
            }
            throw RepeatedAnswers.unchecked(RepeatedAnswers.sameKind(earlier.failure(), why));
        }
        if (seen.failure() != null) throw RepeatedAnswers.unchecked(seen.failure());
        return seen.result();
    }

    /**
     * Turn {@code number}'s test: judged by that turn in every run ({@link RepeatedAnswers}), and recorded with how the
     * runs fared.
     */
    public void expectTurn(RunScope run, TestDescriptor descriptor, SimulationStep.TestIdentity identity, int number)
            throws Exception {
        try {
            RepeatedAnswers.judge(run, descriptor, identity, count(), (r, own) -> {
                // Compared with the approved answer by judge, on the test's own thread, where its report entries belong; a
                // run whose answer differs from the approved one fails this turn, while its later turns were sent already.
                return await(r, number, own);
            }, (r, failure) -> {
                // A run whose turn failed as it was sent stopped there, and its later turns say so already.
                CompletableFuture<Seen> sent = runs.get(r - 1).get(number - 1);
                if (sent.isDone() && !sent.isCompletedExceptionally() && sent.join().failure() == null) {
                    failedWhenJudged.putIfAbsent(r, new FailedWhenJudged(number, turns.get(number - 1).described(), failure));
                }
            });
        } finally {
            // Every run this turn awaited was told to the backend before it sent anything: why some went live is known.
            sentLive().ifPresent(why -> run.retries().listener().reportingEntryPublished(descriptor,
                    ReportEntries.of("cognigy.replay", why)));
        }
    }

    /** {@code runs 1, 2 sent live: turn 3's text … changed since it was recorded, …}, one part per reason. */
    private Optional<String> sentLive() {
        java.util.Map<String, List<Integer>> byWhy = new java.util.LinkedHashMap<>();
        sentLive.forEach((r, why) -> byWhy.computeIfAbsent(why, w -> new ArrayList<>()).add(r));
        List<String> parts = new ArrayList<>();
        byWhy.forEach((why, numbers) -> parts.add((numbers.size() == 1 ? "run " : "runs ")
                + String.join(", ", numbers.stream().map(String::valueOf).toList()) + " " + why));
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", parts));
    }

    /** Sends no further turn in any run: the conversation has ended (its remaining turns were skipped). */
    public void stop() {
        stopped = true;
    }

    private void runWhole(RunScope run, int r, List<CompletableFuture<Seen>> seen) {
        String session = r == 1 ? null : "ses_" + UUID.randomUUID();
        List<TestMessage> messages = turns.stream()
                .map(turn -> r == 1 ? turn.message() : RepeatedAnswers.repetition(turn.message(), r, session)).toList();
        // Replayed whole or sent whole (cognigy.replay=auto): no turn of the run is judged on an answer from another session.
        run.dispatcher().conversation(messages, run.requests()).ifPresent(why -> sentLive.put(r, why));
        Throwable failed = null;
        String failedTurn = null;
        for (int i = 0; i < turns.size(); i++) {
            PlannedTurn turn = turns.get(i);
            if (failed != null) {
                Observation nothing = new Observation();
                nothing.notSent();
                String why = failedTurn + ExpectationFailureText.NOT_SENT_AFTER_FAILED_TURN + failed.getMessage();
                // Of the earlier turn's kind, but without its expected and actual values: they are not this turn's.
                seen.get(i).complete(new Seen(nothing, null, failed instanceof AssertionFailedError
                        ? SimulationStep.inPlaceOf(new AssertionFailedError(why, failed.getCause()), failed)
                        : RepeatedAnswers.sameKind(failed, why)));
                continue;
            }
            if (stopped) {
                abandon(seen, i, new TestAbortedException("the conversation ended before this turn was sent"));
                return;
            }
            TestMessage message = messages.get(i);
            Observation own = new Observation();
            try {
                SimulationStep.Answered answered = SimulationStep.exchange(run, message, own);
                SimulationStep.verify(run, turn.expected(), answered);
                seen.get(i).complete(new Seen(own, answered.result(), null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                // Told apart as RunCancellation tells them: the run's cancellation, or this run's wait alone interrupted.
                abandon(seen, i, run.dispatcher().cancelled() ? RunCancellation.aborted(RunCancellation.NOT_SENT)
                        : RunCancellation.interrupted(RunCancellation.INTERRUPTED));
                return;
            } catch (TestAbortedException | NotRecordedException e) {
                // Cancelled, or no recording to replay: not an answer of the bot, so not a run to count.
                abandon(seen, i, e);
                return;
            } catch (RuntimeException | AssertionError e) {
                seen.get(i).complete(new Seen(own, null, e));
                failed = e;
                failedTurn = turn.described();
            }
        }
    }

    private static void abandon(List<CompletableFuture<Seen>> seen, int from, Throwable why) {
        for (int i = from; i < seen.size(); i++) seen.get(i).completeExceptionally(why);
    }
}
