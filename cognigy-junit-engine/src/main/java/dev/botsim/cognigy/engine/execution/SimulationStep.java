package dev.botsim.cognigy.engine.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.junit.platform.engine.TestDescriptor;
import org.opentest4j.AssertionFailedError;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.SimulationRecord;

/** Sending one message for a test and recording how the test ended. */
public final class SimulationStep {

    private SimulationStep() {
    }

    /** What a test body does; it may send several messages, all added to the observation. */
    @FunctionalInterface
    public interface Body {
        void run(Observation observation) throws Exception;
    }

    /**
     * Identity of a test in its record.
     *
     * @param conversationId the data-file conversation the test is a turn of, or {@code null}
     * @param turn           the test's turn in that conversation, from 1; 0 without a conversation
     */
    public record TestIdentity(String testId, String conversationId, int turn, String utterance, Expectation expected,
                               String source, int line, Set<String> tags) {
    }

    /** Sends one message and checks that the bot answered it at all. */
    static SimulationResult exchange(RunScope run, TestMessage message, Observation observation)
            throws InterruptedException {
        run.preflight().problem(message.test()).ifPresent(problem -> {
            throw problem.error();
        });
        TurnResult result;
        try {
            java.util.Optional<TurnResult> ahead = message.mayHaveStartedAhead()
                    ? run.dispatcher().awaitStartedAhead(message.test()) : java.util.Optional.empty();
            result = ahead.isPresent() ? ahead.get() : run.dispatcher().send(run.requests().of(message));
        } catch (BackendException e) {
            observation.addRetries(e.retries());
            throw e;
        }
        observation.add(result);
        // A failed simulation is never an answer, whatever its error looks like; one with a turn error
        // is the bot's misconfiguration, judged against the expectation.
        if ("failed".equals(result.status()) && result.turns().stream().noneMatch(BotTurn::hasError)) {
            throw new BackendException(BackendException.Kind.PROTOCOL, "simulation " + result.simulationId() + " failed: "
                    + java.util.Objects.requireNonNullElse(result.failure(), "the server gave no reason"));
        }
        // Every expectation, even none at all, presumes the bot answered: silence never passes.
        if (result.turns().isEmpty()) {
            throw new AssertionFailedError("the bot gave no answer to \"" + message.shown() + "\" (" + result.simulationId()
                    + " " + result.status() + " without any turn)");
        }
        return new SimulationResult(message.testId(), message.shown(), result.simulationId(), result.turns());
    }

    /**
     * The whole of a one-message test: sends its message, checks the identity's expectation, runs
     * {@code then} on the result (a test method's own assertions) and records the outcome.
     */
    public static void expectAnswer(RunScope run, TestDescriptor descriptor, TestIdentity identity, TestMessage message,
                                    java.util.function.Consumer<SimulationResult> then) throws Exception {
        recorded(run, descriptor, identity, observation -> {
            SimulationResult result = exchange(run, message, observation);
            verify(run, identity.expected(), result);
            then.accept(result);
        });
    }

    /**
     * Checks the answer; when it failed because the backend reported no NLU data at all, the
     * failure says what the user must add to the bot rather than only "expected X but was null".
     */
    static void verify(RunScope run, Expectation expected, SimulationResult result) {
        try {
            ExpectationVerifier.verify(expected, result);
        } catch (AssertionFailedError e) {
            boolean noNluData = result.turns().stream().allMatch(t -> t.intent() == null && t.flowId() == null);
            java.util.Optional<String> hint = run.missingNluDataHint();
            // Quick replies, buttons, output data and text come without NLU data; only an NLU expectation that
            // fails deserves the advice.
            if (!noNluData || hint.isEmpty() || !ExpectationVerifier.failsOnNlu(expected, result)) throw e;
            AssertionFailedError explained = new AssertionFailedError(e.getMessage() + "\n" + hint.get(),
                    e.getExpected(), e.getActual());
            explained.setStackTrace(e.getStackTrace());
            throw explained;
        }
    }

    /** Runs a test body and hands its record to the listeners, whatever the outcome; rethrows the failure. */
    public static void recorded(RunScope run, TestDescriptor descriptor, TestIdentity identity, Body body)
            throws Exception {
        Instant start = run.clock().instant();
        Observation observation = new Observation();
        Throwable failure = null;
        try {
            body.run(observation);
        } catch (Exception | AssertionError e) {
            failure = e;
            if (run.tolerant() && Outcomes.of(e) == dev.botsim.cognigy.spi.Outcome.FAILED) {
                // Tolerant mode: visible with its reason, judged with the others at the end of the run.
                throw new org.opentest4j.TestAbortedException("tolerated (cognigy.governance.mode=tolerant): " + e.getMessage(), e);
            }
            throw e;
        } finally {
            run.retries().publish(descriptor, observation.retries());
            run.ledger().record(SimulationRecord.builder().uniqueId(descriptor.getUniqueId().toString()).testId(identity.testId())
                    .conversationTurn(identity.conversationId(), identity.turn()).displayName(descriptor.getDisplayName())
                    .source(identity.source()).line(identity.line()).tags(identity.tags()).utterance(identity.utterance())
                    .expected(identity.expected()).actual(observation.turns()).outcome(Outcomes.of(failure))
                    .message(failure == null ? null : failure.getMessage()).duration(Duration.between(start, run.clock().instant()))
                    .attempts(observation.retries().size()).build());
        }
    }
}
