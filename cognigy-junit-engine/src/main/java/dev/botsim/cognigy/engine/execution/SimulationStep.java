package dev.botsim.cognigy.engine.execution;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.opentest4j.AssertionFailedError;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.TurnRequest;
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

    /**
     * Sends {@code utterance} as one turn.
     *
     * @param sessionId the conversation's session, or {@code null} for a fresh one
     */
    public static SimulationResult exchange(SimulationRun run, UniqueId test, int turn, String testId, String utterance,
                                            String userId, String platform, Map<String, Object> context, String sessionId,
                                            Observation observation) throws InterruptedException {
        run.preflightProblem(test).ifPresent(problem -> {
            throw problem.error();
        });
        TurnResult result;
        try {
            java.util.Optional<TurnResult> ahead = turn == 1 && sessionId == null ? run.awaitStartedAhead(test) : java.util.Optional.empty();
            result = ahead.isPresent() ? ahead.get()
                    : run.send(request(run, test, turn, testId, utterance, userId, platform, context, sessionId));
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
            throw new AssertionFailedError("the bot gave no answer to \"" + utterance + "\" (" + result.simulationId()
                    + " " + result.status() + " without any turn)");
        }
        return new SimulationResult(testId, utterance, result.simulationId(), result.turns());
    }

    /** Where and as whom a message is sent. */
    public record Sender(String userId, String platform, Map<String, Object> context, String sessionId) {
    }

    /**
     * The whole of a one-message test: sends the identity's utterance, checks its expectation, runs
     * {@code then} on the result (a test method's own assertions) and records the outcome.
     */
    public static void expectAnswer(SimulationRun run, TestDescriptor descriptor, TestIdentity identity, int turn,
                                    Sender sender, java.util.function.Consumer<SimulationResult> then) throws Exception {
        recorded(run, descriptor, identity, observation -> {
            SimulationResult result = exchange(run, descriptor.getUniqueId(), turn, identity.testId(), identity.utterance(),
                    sender.userId(), sender.platform(), sender.context(), sender.sessionId(), observation);
            verify(run, identity.expected(), result);
            then.accept(result);
        });
    }

    /**
     * Checks the answer; when it failed because the backend reported no NLU data at all, the
     * failure says what the user must add to the bot rather than only "expected X but was null".
     */
    public static void verify(SimulationRun run, Expectation expected, SimulationResult result) {
        try {
            ExpectationVerifier.verify(expected, result);
        } catch (AssertionFailedError e) {
            boolean noNluData = result.turns().stream().allMatch(t -> t.intent() == null && t.flowId() == null);
            java.util.Optional<String> hint = run.missingNluDataHint();
            if (!noNluData || hint.isEmpty()) throw e;
            AssertionFailedError explained = new AssertionFailedError(e.getMessage() + "\n" + hint.get(),
                    e.getExpected(), e.getActual());
            explained.setStackTrace(e.getStackTrace());
            throw explained;
        }
    }

    /** The message a test sends: its own values, else the run's defaults, with the test's idempotency key. */
    public static TurnRequest request(SimulationRun run, UniqueId test, int turn, String testId, String utterance,
                                      String userId, String platform, Map<String, Object> context, String sessionId) {
        return new TurnRequest(testId,
                userId != null ? userId : run.config().defaultUser(),
                platform != null ? platform : run.config().defaultPlatform(),
                utterance, context, sessionId, run.idempotencyKey(test, turn));
    }

    /** Runs a test body and hands its record to the listeners, whatever the outcome; rethrows the failure. */
    public static void recorded(SimulationRun run, TestDescriptor descriptor, TestIdentity identity, Body body)
            throws Exception {
        Instant start = run.clock().instant();
        Observation observation = new Observation();
        Throwable failure = null;
        try {
            body.run(observation);
        } catch (Exception | AssertionError e) {
            failure = e;
            if (run.config().tolerant() && Outcomes.of(e) == dev.botsim.cognigy.spi.Outcome.FAILED) {
                // Tolerant mode: visible with its reason, judged with the others at the end of the run.
                throw new org.opentest4j.TestAbortedException("tolerated (cognigy.governance.mode=tolerant): " + e.getMessage(), e);
            }
            throw e;
        } finally {
            run.publishRetries(descriptor, observation.retries());
            run.record(SimulationRecord.builder().uniqueId(descriptor.getUniqueId().toString()).testId(identity.testId())
                    .conversationTurn(identity.conversationId(), identity.turn()).displayName(descriptor.getDisplayName())
                    .source(identity.source()).line(identity.line()).tags(identity.tags()).utterance(identity.utterance())
                    .expected(identity.expected()).actual(observation.turns()).outcome(Outcomes.of(failure))
                    .message(failure == null ? null : failure.getMessage()).duration(run.elapsedSince(start))
                    .attempts(observation.retries().size()).build());
        }
    }
}
