package dev.botsim.cognigy.engine.execution;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.annotations.BotResponse;
import dev.botsim.cognigy.annotations.BotSession;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.spi.Expectation;

/** The session a {@code @Conversation} method talks through: each {@link #say} is one turn of one session. */
public final class DefaultBotSession implements BotSession {

    private final RunScope run;
    private final UniqueId test;
    private final String testId;
    private final String userId;
    private final String sessionId;
    private final Observation observation;
    private final AtomicInteger turns = new AtomicInteger();

    public DefaultBotSession(RunScope run, UniqueId test, String testId, String userId, String sessionId,
                             Observation observation) {
        this.run = run;
        this.test = test;
        this.testId = testId;
        this.userId = userId;
        this.sessionId = sessionId;
        this.observation = observation;
    }

    @Override
    public BotResponse say(String text) {
        return say(text, Map.of());
    }

    @Override
    public BotResponse say(String text, Map<String, Object> data) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("say(...) needs a non-empty message");
        int turn = turns.incrementAndGet();
        try {
            SimulationResult result = SimulationStep.exchange(run,
                    new TestMessage(test, turn, testId + "#" + turn, text.strip(), userId, null, data, sessionId, null), observation);
            return new Response(run, result);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the bot", e);
        }
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    private record Response(RunScope run, SimulationResult result) implements BotResponse {

        private BotResponse check(Expectation expectation) {
            SimulationStep.verify(run, expectation, result);
            return this;
        }

        @Override
        public BotResponse expectIntent(String intent) {
            return check(Expectation.builder().intent(intent).build());
        }

        @Override
        public BotResponse expectEntity(String name, String value) {
            return check(Expectation.builder().entities(Map.of(name, value)).build());
        }

        @Override
        public BotResponse expectNextFlow(String flow) {
            return check(Expectation.builder().nextFlow(flow).build());
        }

        @Override
        public BotResponse expectResponseContains(String text) {
            return check(Expectation.builder().responseContains(text).build());
        }

        @Override
        public BotResponse expectErrorCode(String errorCode) {
            return check(Expectation.builder().errorCode(errorCode).build());
        }
    }
}
