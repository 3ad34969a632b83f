package dev.botsim.cognigy.engine.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.platform.engine.TestDescriptor;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.stability.RunTally;
import dev.botsim.cognigy.engine.stability.StabilityText;
import dev.botsim.cognigy.spi.Repetitions;

/**
 * A one-message test that runs several times ({@code cognigy.repeat}, {@code repeat:}, {@code @Utterance(repeat)}):
 * each run sends the message in a fresh session and is checked on its own; the test passes when at least the
 * required share of runs passed. It stays one JUnit test, whose report entries and failure message carry the
 * distribution of what the bot answered, so Surefire's and the IDE's counts stay those of the tests written.
 *
 * <p>Run 1 is the test's own message (started ahead with the run like any single-turn test, with the key and
 * preflight check it always had); runs 2..N carry a unique id of their own below the test's
 * ({@code [repetition:2]}), so each gets its own idempotency key — one simulation each — and they are queued on the
 * run's start-ahead pipeline, within {@code max-concurrency} and the backend's rate limits like every other message.
 */
public final class RepeatedAnswers {

    static final String SEGMENT = "repetition";

    private RepeatedAnswers() {
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
        for (int r = 1; r <= runs; r++) messages.add(r == 1 ? message : repetition(message, r));
        for (TestMessage repeated : messages.subList(1, runs)) {
            run.dispatcher().startAhead(repeated.test(), () -> run.requests().of(repeated));
        }
        RunTally tally = new RunTally();
        double ratio = run.repeat().passRatio();
        SimulationStep.recorded(run, descriptor, identity, observation -> {
            Throwable firstFailure = null;
            int failedRun = 0;
            List<BotTurn> firstPassed = null;
            List<BotTurn> firstFailed = null;
            for (int r = 1; r <= runs; r++) {
                Observation own = new Observation();
                Throwable failure = null;
                try {
                    SimulationResult result = SimulationStep.exchange(run, messages.get(r - 1), own);
                    SimulationStep.verify(run, identity.expected(), result);
                    then.accept(result);
                } catch (InterruptedException | TestAbortedException e) {
                    // Cancelled: the test is aborted whatever its earlier runs said.
                    observation.addTurns(own.turns());
                    throw e;
                } catch (dev.botsim.cognigy.engine.backend.NotRecordedException e) {
                    // Not an answer of the bot (cognigy.replay=replay without this run's recording): not a run to count.
                    observation.addTurns(own.turns());
                    throw e;
                } catch (Exception | AssertionError e) {
                    failure = e;
                }
                tally.add(own.turns(), failure == null);
                observation.addRetries(own.retries());
                observation.countAnswersOf(own);
                if (failure == null && firstPassed == null) firstPassed = own.turns();
                if (failure != null && firstFailure == null) {
                    firstFailure = failure;
                    failedRun = r;
                    firstFailed = own.turns();
                }
            }
            Repetitions repetitions = tally.result(ratio);
            // The record's answer agrees with its outcome: a passing test shows a run that passed, a failing one the
            // first run that failed.
            observation.addTurns(repetitions.ratioMet() && firstPassed != null ? firstPassed
                    : firstFailed != null ? firstFailed : firstPassed);
            run.retries().publish(descriptor, StabilityText.reportEntries(repetitions));
            if (!repetitions.ratioMet()) {
                Throwable summary = summarised(identity, repetitions, firstFailure, failedRun);
                if (summary instanceof Error error) throw error;
                throw (RuntimeException) summary;
            }
        }, () -> tally.runs() == 0 ? null : tally.result(ratio));
    }

    /** Run {@code r} (from 2) of a test's message: a fresh session, a key of its own, the test's user. */
    static TestMessage repetition(TestMessage message, int r) {
        return new TestMessage(message.test().append(SEGMENT, String.valueOf(r)), message.turn(), message.testId(),
                message.text(), message.userId(), message.platform(), message.data(), null, message.locale(),
                message.injectContext(), message.userOwner(), message.mode());
    }

    /**
     * The failure of a test whose runs fell short of the ratio: of the kind its first failed run had (so its outcome
     * is that run's), its message the stability verdict and distributions, then that run's own message.
     */
    private static Throwable summarised(SimulationStep.TestIdentity identity, Repetitions repetitions, Throwable first,
                                        int failedRun) {
        String message = SimulationStep.place(identity) + String.join("\n", StabilityText.lines(repetitions))
                + "\nrun " + failedRun + " of " + repetitions.runs() + ": " + first.getMessage();
        Throwable summary;
        if (first instanceof AssertionFailedError e && e.isExpectedDefined() && e.isActualDefined()) {
            summary = new AssertionFailedError(message, e.getExpected(), e.getActual(), e);
        } else if (first instanceof BotMisconfigurationError e) {
            summary = new BotMisconfigurationError(e.code(), message);
        } else if (first instanceof BackendException e) {
            summary = new BackendException(e.kind(), message, e);
        } else if (first instanceof AssertionError) {
            summary = new AssertionFailedError(message, first);
        } else {
            summary = new BackendException(BackendException.Kind.PROTOCOL, message, first);
        }
        return summary;
    }
}
