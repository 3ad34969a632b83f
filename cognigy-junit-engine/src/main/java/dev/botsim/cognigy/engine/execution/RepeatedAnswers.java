package dev.botsim.cognigy.engine.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import dev.botsim.cognigy.annotations.BotSession;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.engine.approval.Approvals;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.NotRecordedException;
import dev.botsim.cognigy.engine.stability.RunTally;
import dev.botsim.cognigy.engine.stability.StabilityText;
import dev.botsim.cognigy.engine.support.ReportEntries;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.Repetitions;
import dev.botsim.cognigy.spi.SimulationRecord.Approval;

/**
 * A test that runs several times ({@code cognigy.repeat}, {@code repeat:}, {@code @Utterance(repeat)},
 * {@code @Conversation(repeat)}): each run is checked on its own, in a fresh session, and the test passes when at least
 * the required share of runs passed. It stays one JUnit test, whose report entries and failure message carry the
 * distribution of what the bot answered, so Surefire's and the IDE's counts stay those of the tests written. A
 * one-message test sends its message again, a {@code @Conversation} method runs again, and a data-file conversation's
 * turn is judged across the whole runs of its conversation ({@link ConversationRuns}).
 *
 * <p>A one-message test's run 1 is the test's own message (started ahead with the run like any single-turn test, with the key and
 * preflight check it always had); runs 2..N carry a unique id of their own below the test's
 * ({@code [repetition:2]}), so each gets its own idempotency key — one simulation each — and they are queued on the
 * run's start-ahead pipeline, within {@code max-concurrency} and the backend's rate limits like every other message.
 */
public final class RepeatedAnswers {

    static final String SEGMENT = "repetition";

    private RepeatedAnswers() {
    }

    /**
     * One run of a repeated test: what it sent and saw goes into {@code own}; it throws when the run did not pass, and
     * returns the answer to compare with the test's approved answer ({@code null} for a test that approves none).
     */
    @FunctionalInterface
    interface Run {
        SimulationResult run(int number, Observation own) throws Exception;
    }

    /**
     * The test {@code runs} times, or once as {@link SimulationStep#expectAnswer} runs it when {@code runs} is 1 or
     * the bot cannot answer it at all (a preflight problem fails it once, as misconfiguration).
     */
    public static void expectAnswers(RunScope run, TestDescriptor descriptor, SimulationStep.TestIdentity identity,
                                     TestMessage message, Consumer<SimulationResult> then, int runs) throws Exception {
        if (runs <= 1 || run.preflight().problem(message.test()).isPresent()) {
            SimulationStep.expectAnswer(run, descriptor, identity, message, then);
            return;
        }
        List<TestMessage> messages = new ArrayList<>();
        for (int r = 1; r <= runs; r++) messages.add(r == 1 ? message : repetition(message, r, null));
        for (TestMessage repeated : messages.subList(1, runs)) {
            run.dispatcher().startAhead(repeated.test(), () -> run.requests().of(repeated));
        }
        judge(run, descriptor, identity, runs, (r, own) -> {
            SimulationStep.Answered answered = SimulationStep.exchange(run, messages.get(r - 1), own);
            SimulationStep.verify(run, identity.expected(), answered);
            SimulationResult result = answered.result();
            try {
                then.accept(result);
            } catch (TestAbortedException e) {
                // The method's own assumption: this run is left out, as JUnit skips one repetition of a @RepeatedTest.
                throw new SkippedRun(e);
            }
            // Compared with the approved answer once every run answered (judge): a wording that differs in some runs
            // makes the test FLAKY.
            return result;
        });
    }

    /** A {@code @Conversation} method, given the session of one run. */
    @FunctionalInterface
    public interface SessionTest {
        void run(BotSession session) throws Exception;
    }

    /**
     * A {@code @Conversation} method's test: the method once, or {@code runs} times, each run a new session of the
     * method's user whose messages carry keys of their own below {@code [repetition:r]}. A run passes when the method
     * returns; the distribution counts each run by the bot's last answer.
     */
    public static void expectConversation(RunScope run, TestDescriptor descriptor, SimulationStep.TestIdentity identity,
                                          String userId, int runs, SessionTest test) throws Exception {
        UniqueId id = descriptor.getUniqueId();
        // One the backend cannot take (a user id it refuses) fails once, before its method is called: nothing is sent.
        if (runs <= 1 || run.preflight().problem(id).isPresent()) {
            DefaultBotSession[] session = new DefaultBotSession[1];
            try {
                SimulationStep.recorded(run, descriptor, identity, observation -> {
                    SimulationStep.refuseUntakable(run, id);
                    talk(run, descriptor, test, observation, "", () -> session[0] = new DefaultBotSession(run, id,
                            identity.testId(), userId, "ses_" + UUID.randomUUID(), observation));
                });
            } catch (AssertionError e) {
                String place = conversationPlace(identity, session[0]);
                if (session[0] != null && session[0].sent() > 0 && !session[0].threw(e) && !(e instanceof BotMisconfigurationError)) {
                    // The method's own assertion on what the bot said: the conversation so far says what it was made on.
                    throw MethodAssertion.explained(e, place, "the method's own assertion failed after " + session[0].sent()
                            + (session[0].sent() == 1 ? " message" : " messages") + " of the conversation", session[0].transcript());
                }
                throw SimulationStep.placed(e, place);
            } catch (BackendException e) {
                throw SimulationStep.placed(e, conversationPlace(identity, session[0]));
            }
            return;
        }
        judge(run, descriptor, identity, runs, (r, own) -> {
            try {
                talk(run, descriptor, test, own, "run " + r + " ", () -> new DefaultBotSession(run,
                        r == 1 ? id : id.append(SEGMENT, String.valueOf(r)), identity.testId(), userId,
                        "ses_" + UUID.randomUUID(), own));
            } catch (TestAbortedException e) {
                // Aborted by the method's own assumption, not by a cancelled run: this run is left out.
                if (run.dispatcher().cancelled()) throw e;
                throw new SkippedRun(e);
            }
            return null;
        });
    }

    /**
     * Where a {@code @Conversation} method's failure is, for its first line, which Maven's and Gradle's summaries show:
     * {@code com.example.OrdersTest#orderThenHuman test_orderThenHuman#2: }, with the turn whose expectation failed, as a
     * data file's turn is named; the record keeps the message as the answer made it, as for the other tests.
     */
    private static String conversationPlace(SimulationStep.TestIdentity identity, DefaultBotSession session) {
        int turn = session == null ? 0 : session.failedTurn();
        return dev.botsim.cognigy.engine.support.ConsoleText.oneLine(identity.source()) + " "
                + dev.botsim.cognigy.engine.support.ConsoleText.oneLine(identity.testId()) + (turn > 0 ? "#" + turn : "") + ": ";
    }

    /**
     * Runs the method in a session {@code sessions} opens, seen by {@code observation}. When a message of it had to go to
     * the bot after the earlier ones were answered from cassettes ({@code cognigy.replay=auto}: it changed since it was
     * recorded), what that call saw is forgotten and the method runs again in a new session, its conversation sent to the
     * bot from the first message: it then checks the answers the bot gives in this run, the ones recorded, not replayed
     * answers the bot gave in another session. A new instance of its class is made for the call, as for every run.
     *
     * @param which {@code run 2 } for a run of a repeated method, else empty: where the report entry says why it went live
     */
    private static void talk(RunScope run, TestDescriptor descriptor, SessionTest test, Observation observation,
                             String which, java.util.function.Supplier<DefaultBotSession> sessions) throws Exception {
        DefaultBotSession replayed = sessions.get();
        try {
            talk(test, replayed);
            if (replayed.goesLive().isEmpty()) return;
        } catch (Exception | AssertionError e) {
            // Whatever the call ended with after a message was refused, its answers were replayed ones: not the test's.
            if (replayed.goesLive().isEmpty()) throw e;
        }
        observation.forget();
        run.retries().listener().reportingEntryPublished(descriptor, ReportEntries.of(
                "cognigy.replay", which + "sent live: " + replayed.goesLive().get().why() + ", so the method ran again, its"
                        + " conversation sent to the bot from the first turn, and checked the answers the bot gave in this"
                        + " run (the ones recorded)"));
        talk(test, sessions.get());
    }

    /**
     * Runs the method in {@code session}, which is closed when it returns; a method that returned without sending
     * anything checked nothing of the bot, and fails rather than pass.
     */
    private static void talk(SessionTest test, DefaultBotSession session) throws Exception {
        try {
            test.run(session);
        } finally {
            session.close();
        }
        if (session.sent() == 0) {
            throw new AssertionFailedError("the @Conversation method returned without sending the bot anything, so it"
                    + " checked nothing of the bot: send at least one message with say(...), send(...) or click(...)"
                    + " (to leave the test out, use @Disabled or an assumption)");
        }
    }

    /**
     * Runs a test {@code runs} times, one run after the other on this thread, each checked on its own, and records it
     * with how its runs fared: it passes when at least the required share of runs passed. The distribution counts each
     * run by the answer to its last message.
     *
     * <p>A test with an approved answer has the answers of its runs that held their explicit expectations compared with
     * it once they all came ({@link dev.botsim.cognigy.engine.approval.Approvals#checkRuns}), so that an answer written
     * in this run is the one most runs gave. In CI a test without an approved answer is not judged under repetition:
     * it fails as "not approved yet", as it does when run once, and counts under no stability verdict; so does a test
     * whose approval file cannot be read (a merge conflict), which says nothing of the bot.
     */
    static void judge(RunScope run, TestDescriptor descriptor, SimulationStep.TestIdentity identity, int runs, Run each)
            throws Exception {
        judge(run, descriptor, identity, runs, each, (number, failure) -> { });
    }

    /**
     * The same, telling {@code failed} each run that did not pass, by its number, once its answer was compared with the
     * approved one: a repeated conversation's later turns then know the runs whose earlier turn failed only there.
     */
    static void judge(RunScope run, TestDescriptor descriptor, SimulationStep.TestIdentity identity, int runs, Run each,
                      java.util.function.BiConsumer<Integer, Throwable> failed) throws Exception {
        Judged judged = new Judged();
        try {
            recordRuns(run, descriptor, identity, runs, each, failed, judged);
        } catch (Exception | AssertionError e) {
            if (e != judged.recorded) throw e;
            throw unchecked(judged.thrown);
        }
    }

    /**
     * The failure a repeated test's runs came to: as its record keeps it, without the test's place (the record names it
     * in fields of its own, as every record does), and as it is thrown, the place on its first line, which Maven's and
     * Gradle's summaries show.
     */
    private static final class Judged {
        Throwable recorded;
        Throwable thrown;
    }

    /** The runs of {@link #judge}, each checked on its own, recorded as one test. */
    private static void recordRuns(RunScope run, TestDescriptor descriptor, SimulationStep.TestIdentity identity, int runs,
                                   Run each, java.util.function.BiConsumer<Integer, Throwable> failed, Judged judged)
            throws Exception {
        RunTally tally = new RunTally();
        double ratio = run.repeat().passRatio();
        // A test whose runs stopped at one without a recording was never judged: the runs it made are not its measure,
        // so it carries no repetitions, and the stability section counts it under no verdict.
        boolean[] unjudged = {false};
        SimulationStep.recorded(run, descriptor, identity, observation -> {
            List<Observation> owns = new ArrayList<>();
            List<SimulationResult> answers = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            // The number of each counted run: runs the test's own assumption skipped are not counted.
            List<Integer> numbers = new ArrayList<>();
            List<TestAbortedException> skipped = new ArrayList<>();
            Observation lastSkipped = null;
            for (int r = 1; r <= runs; r++) {
                Observation own = new Observation();
                SimulationResult answer = null;
                Throwable failure = null;
                try {
                    answer = each.run(r, own);
                } catch (SkippedRun e) {
                    // Neither passed nor failed: what it sent still counts as sent.
                    skipped.add(e.abort());
                    tally.addSkipped();
                    observation.addRetries(own.retries());
                    observation.countAnswersOf(own);
                    lastSkipped = own;
                    continue;
                } catch (InterruptedException | TestAbortedException e) {
                    // Cancelled: the test is aborted whatever its earlier runs said, and judged by none of them; what they
                    // sent still reached the bot.
                    made(observation, owns, own);
                    throw e;
                } catch (NotRecordedException e) {
                    // Not an answer of the bot (cognigy.replay=replay without this run's recording): not a run to count.
                    made(observation, owns, own);
                    unjudged[0] = true;
                    throw e;
                } catch (Exception | AssertionError e) {
                    failure = e;
                }
                owns.add(own);
                answers.add(answer);
                failures.add(failure);
                numbers.add(r);
            }
            if (owns.isEmpty()) {
                // Every run skipped itself: the test is skipped, as when it runs once.
                unjudged[0] = true;
                observation.addSeen(lastSkipped);
                throw skipped.get(0);
            }
            Optional<Throwable> notApproved = approve(run, descriptor, identity, owns, answers, failures);
            for (int i = 0; i < owns.size(); i++) if (failures.get(i) != null) failed.accept(numbers.get(i), failures.get(i));
            Observation firstPassed = null;
            for (int i = 0; i < owns.size(); i++) {
                Observation own = owns.get(i);
                Throwable failure = failures.get(i);
                // A run whose message never reached the bot (its run stopped before it, or it never left this machine) is
                // not sent, not unanswered: the bot was never asked.
                if (own.sentNothing()) tally.addNotSent(failure == null); else tally.add(own.lastAnswer(), failure == null);
                observation.addRetries(own.retries());
                observation.countAnswersOf(own);
                if (failure == null && firstPassed == null) firstPassed = own;
            }
            // The run whose failure the test takes when it falls short: the most serious kind among the runs that did
            // not pass, never the one that happened to fail first (the runs go out together).
            int decisive = decisive(failures);
            Throwable decisiveFailure = decisive < 0 ? null : failures.get(decisive);
            Repetitions repetitions = tally.result(ratio);
            String skips = skipped.isEmpty() ? "" : "\n" + skipped(skipped, runs);
            if (notApproved.isPresent()) {
                // Nothing to judge the runs against (none approved yet, or the approval file cannot be read): not the
                // bot's stability, so no verdict.
                unjudged[0] = true;
                Observation missing = owns.get(failures.indexOf(notApproved.get()));
                observation.addSeen(missing);
                observation.approval(missing.approval());
                List<String> lines = StabilityText.lines(repetitions);
                String message = notApproved.get().getMessage() + "\nits " + owns.size()
                        + " runs: " + String.join("; ", lines.subList(1, lines.size())) + skips;
                Optional<Throwable> otherwise = failures.stream().filter(f -> f != null && f != notApproved.get()).findFirst();
                if (otherwise.isPresent()) {
                    message += "\nrun " + numbers.get(failures.indexOf(otherwise.get())) + " of " + runs + ": "
                            + otherwise.get().getMessage();
                }
                judged.thrown = new AssertionFailedError(SimulationStep.place(identity) + message);
                throw (AssertionFailedError) (judged.recorded = new AssertionFailedError(message));
            }
            // The record's answer (and what became of its approved answer) agrees with its outcome: a passing test shows
            // a run that passed, a failing one the run whose failure it takes.
            Observation shown = repetitions.ratioMet() && firstPassed != null ? firstPassed
                    : decisive >= 0 ? owns.get(decisive) : firstPassed;
            observation.addSeen(shown);
            // An answer this run wrote is said whatever the shown run did with it, so the reports show what changed.
            observation.approval(owns.stream().map(Observation::approval).filter(a -> a == Approval.NEWLY_APPROVED
                    || a == Approval.ACCEPTED).findFirst().orElse(shown.approval()));
            Map<String, String> entries = new java.util.LinkedHashMap<>(StabilityText.reportEntries(repetitions));
            // How the runs that did not pass ended, as the failure message says it: a test that met its ratio shows only
            // these entries, where a timeout would otherwise read as the bot recognising nothing, (none).
            if (decisive >= 0) {
                entries.put("cognigy.stability", StabilityText.headline(repetitions) + ": " + StabilityText.misses(misses(failures)));
            }
            if (!skipped.isEmpty()) entries.put("cognigy.stability.skipped", skipped(skipped, runs));
            run.retries().publish(descriptor, entries);
            if (!repetitions.ratioMet()) {
                // A run whose checks fell on a part of its replayed answer redacted in the cassette was compared with
                // nothing: a test that fell short with one is no wrong answer to tolerate (RedactedAnswer).
                if (failures.stream().anyMatch(f -> f instanceof RedactedAnswer.Unjudged)) observation.unjudged();
                List<String> lines = new ArrayList<>(StabilityText.lines(repetitions));
                lines.set(0, lines.get(0) + ": " + StabilityText.misses(misses(failures)));
                String message = String.join("\n", lines) + skips
                        + "\nrun " + numbers.get(decisive) + " of " + runs + ": " + decisiveFailure.getMessage();
                judged.thrown = sameKind(decisiveFailure, SimulationStep.place(identity) + message);
                throw unchecked(judged.recorded = sameKind(decisiveFailure, message));
            }
        }, () -> tally.runs() == 0 || unjudged[0] ? null : tally.result(ratio));
    }

    /**
     * What the runs of a test that stopped before its last run sent and were retried, counted for its record: the runs
     * made and the one it stopped at, whose answer the record shows. Its record carries no repetitions (it was never
     * judged), but says that its messages reached the bot, and from where their answers came.
     */
    private static void made(Observation observation, List<Observation> owns, Observation stoppedAt) {
        for (Observation made : owns) {
            observation.addRetries(made.retries());
            observation.countAnswersOf(made);
        }
        observation.addRetries(stoppedAt.retries());
        observation.countAnswersOf(stoppedAt);
        observation.addSeen(stoppedAt);
    }

    /**
     * The kinds of runs that did not pass, most serious first. A repeated test that falls short takes the most serious
     * kind among its runs that did not pass, so that its outcome — and whether a tolerant build lets it through — never
     * depends on which run happened to fail first. A misconfiguration (the deployment cannot answer as the test needs)
     * and a run the bot never answered (an error, a timeout) are what tolerant governance promises still fail their
     * tests ({@link dev.botsim.cognigy.engine.config.Constants#GOVERNANCE_MODE}): one such run among wrong answers must
     * not be tolerated as a wrong answer. A misconfiguration comes first (no run of that deployment can pass, whatever
     * the backend does), an error before a timeout (the backend failed outright; a timeout may only have been slow).
     * FAILED, the one kind tolerant mode tolerates, is the test's outcome only when every run that did not pass was a
     * wrong answer.
     */
    private static final List<Outcome> MOST_SERIOUS_FIRST = List.of(Outcome.MISCONFIGURATION, Outcome.ERROR,
            Outcome.TIMEOUT, Outcome.FAILED);

    /**
     * The index of the failure a repeated test that fell short takes: the first (by run number) of the most serious kind
     * ({@link #MOST_SERIOUS_FIRST}); -1 when every run passed.
     */
    static int decisive(List<Throwable> failures) {
        int decisive = -1;
        for (int i = 0; i < failures.size(); i++) {
            if (failures.get(i) == null) continue;
            if (decisive < 0 || seriousness(failures.get(i)) < seriousness(failures.get(decisive))) decisive = i;
        }
        return decisive;
    }

    private static int seriousness(Throwable failure) {
        int rank = MOST_SERIOUS_FIRST.indexOf(Outcomes.of(failure));
        return rank < 0 ? MOST_SERIOUS_FIRST.size() : rank;
    }

    /** How many runs did not pass, by outcome. */
    private static Map<Outcome, Integer> misses(List<Throwable> failures) {
        Map<Outcome, Integer> misses = new java.util.EnumMap<>(Outcome.class);
        for (Throwable failure : failures) if (failure != null) misses.merge(Outcomes.of(failure), 1, Integer::sum);
        return misses;
    }

    /**
     * A run the test's own code skipped (an assumption that did not hold, {@link TestAbortedException}): it is neither
     * passed nor failed, and the test is judged by its other runs, as JUnit skips one repetition of a
     * {@code @RepeatedTest} and judges the others. A cancelled run is not one: it aborts the whole test.
     */
    static final class SkippedRun extends RuntimeException {
        SkippedRun(TestAbortedException abort) {
            super(abort.getMessage(), abort, false, false);
        }

        TestAbortedException abort() {
            return (TestAbortedException) getCause();
        }
    }

    /** {@code 2 of 10 runs skipped by the test itself, not counted: <the first one's reason>}. */
    private static String skipped(List<TestAbortedException> skipped, int runs) {
        return skipped.size() + " of " + runs + " runs skipped by the test itself, not counted: " + skipped.get(0).getMessage();
    }

    /**
     * Compares the answers of the runs that passed so far with the test's approved answer, noting in each run's
     * observation what became of it and turning a differing answer into that run's failure.
     *
     * @return the failure of a test whose runs have nothing to be judged against: no approved answer in CI, one approved
     *         for another message, or an approval file that cannot be read; the same object as each such run's failure
     */
    private static Optional<Throwable> approve(RunScope run, TestDescriptor descriptor, SimulationStep.TestIdentity identity,
                                               List<Observation> owns, List<SimulationResult> answers,
                                               List<Throwable> failures) {
        if (!identity.comparesApprovedAnswer()) return Optional.empty();
        List<Integer> compared = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) if (failures.get(i) == null && answers.get(i) != null) compared.add(i);
        if (compared.isEmpty()) return Optional.empty();
        List<Approvals.Checked> checked = run.approvals().checkRuns(identity.approvalFile(), identity.testId(),
                identity.utterance(), identity.expected().approved(), compared.stream().map(answers::get).toList(),
                SimulationStep.flowNames(run));
        Optional<Throwable> missing = Optional.empty();
        for (int k = 0; k < compared.size(); k++) {
            int i = compared.get(k);
            Approvals.Checked one = checked.get(k);
            SimulationStep.keep(run, descriptor, owns.get(i), one);
            if (one.failure().isPresent()) failures.set(i, one.failure().get());
            // An unreadable approval file judges no run either: the file's fault, not the bot's.
            boolean unjudgeable = one.approval() != null && one.approval().unjudged();
            if (unjudgeable && one.failure().isPresent() && missing.isEmpty()) missing = Optional.of(one.failure().get());
        }
        return missing;
    }

    /**
     * Run {@code r} (from 2) of a message: a key of its own, in {@code sessionId} (a fresh one when {@code null}), and
     * a user of its own when the test names none ({@code cognigy.endpoint.user-scope=case}): Cognigy keeps a contact
     * profile per user (an AI Agent's memory among it), which must not carry one run's answers into the next.
     */
    static TestMessage repetition(TestMessage message, int r, String sessionId) {
        String run = String.valueOf(r);
        return new TestMessage(message.test().append(SEGMENT, run), message.turn(), message.testId(),
                message.text(), message.userId(), message.platform(), message.data(), sessionId, message.locale(),
                message.injectContext(), message.userOwner().append(SEGMENT, run), message.mode());
    }

    /**
     * A failure of the kind {@code first} is, with {@code message}: so that a test whose runs fell short of the ratio,
     * or a turn a run never reached, has the outcome of the run's own failure. {@code message} holds {@code first}'s
     * message whole, so {@code first} is not its cause, which would print that message a second time below it in
     * Surefire's output and the console launcher's: the failure takes {@code first}'s stack trace (a test method's line
     * that failed), its cause and its suppressed failures instead. An exception nobody expected stays its cause, by
     * its type and trace.
     */
    static Throwable sameKind(Throwable first, String message) {
        if (first instanceof AssertionFailedError e) {
            return SimulationStep.withMessage(e, message);
        } else if (first instanceof BotMisconfigurationError e) {
            return SimulationStep.inPlaceOf(new BotMisconfigurationError(e.code(), message), first);
        } else if (first instanceof BackendException e) {
            return SimulationStep.inPlaceOf(new BackendException(e.kind(), message, e.getCause()), first);
        } else if (first instanceof AssertionError) {
            return SimulationStep.inPlaceOf(new AssertionFailedError(message, first.getCause()), first);
        }
        return new BackendException(BackendException.Kind.PROTOCOL, message, first);
    }

    /** {@code failure} to throw from code that declares {@code Exception}: an error or an exception as it is. */
    static Exception unchecked(Throwable failure) {
        if (failure instanceof Error error) throw error;
        return (Exception) failure;
    }
}
