package dev.botsim.cognigy.engine.backend.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.Mode;
import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.ConcurrencyLimit;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.transport.BudgetWait;

/** The run's backend with the NLU beside it: what each side answers for, and when the NLU's side is made at all. */
class ModeRoutingTest {

    /** A backend that says what it was set up to say, and records what it was asked. */
    private static class Side implements Backend {
        final String name;
        final List<String> sent = new ArrayList<>();
        final AtomicInteger closed = new AtomicInteger();
        Optional<String> pace = Optional.empty();
        Optional<BudgetWait> wait = Optional.empty();
        Optional<String> standIn = Optional.empty();
        RuntimeException onClose;

        Side(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public BotSchema schema() {
            throw new UnsupportedOperationException();
        }

        @Override
        public TurnResult send(TurnRequest request) {
            sent.add(request.text());
            return null;
        }

        @Override
        public Optional<String> pacing(long plannedMessages) {
            return pace.map(text -> text + " (" + plannedMessages + ")");
        }

        @Override
        public Optional<BudgetWait> budgetWait(long remainingRequests) {
            return wait;
        }

        @Override
        public Optional<String> standIn() {
            return standIn;
        }

        @Override
        public void close() {
            closed.incrementAndGet();
            if (onClose != null) throw onClose;
        }
    }

    /** A simulation API backend's traits: no rich content, its own user ids, no NLU data hint of its own. */
    private static final class SimulationLike extends Side {
        SimulationLike() {
            super("simulation");
        }

        @Override
        public boolean answersRichContent() {
            return false;
        }

        @Override
        public Optional<Pattern> userIdPattern() {
            return Optional.of(Pattern.compile("[a-z0-9-]{1,64}"));
        }

        @Override
        public Optional<String> missingNluDataHint() {
            return Optional.of("the simulation API returns no NLU data");
        }

        @Override
        public boolean intentUnknownWithoutNluData() {
            return true;
        }

        @Override
        public Optional<ConcurrencyLimit.State> concurrency() {
            return Optional.of(new ConcurrencyLimit.State(8, 4, 2, 0));
        }
    }

    private static BudgetWait wait(Duration left) {
        return new BudgetWait("a budget", 3, Instant.parse("2026-12-05T10:00:00Z").plus(left), left);
    }

    private static TurnRequest request(String text, Mode mode) {
        return new TurnRequest("run-1", "t1", 1, "u1", "web", text, null, null, "k1", null, null, mode);
    }

    @Test
    @DisplayName("what the run's backend is (rich content, user ids, NLU data) is the flow side's, not the NLU's")
    void theFlowSidesTraits() {
        Side flow = new SimulationLike();
        ModeRouting routing = new ModeRouting(flow, () -> {
            throw new AssertionError("the NLU is not made to say what the run's backend is");
        });
        assertThat(routing.name()).isEqualTo("simulation");
        assertThat(routing.answersRichContent()).isFalse();
        assertThat(routing.userIdPattern()).map(Pattern::pattern).contains("[a-z0-9-]{1,64}");
        assertThat(routing.missingNluDataHint()).contains("the simulation API returns no NLU data");
        assertThat(routing.intentUnknownWithoutNluData()).isTrue();
        assertThat(routing.concurrency()).contains(new ConcurrencyLimit.State(8, 4, 2, 0));
        flow.pace = Optional.of("simulation pace");
        assertThat(routing.pacing(12)).contains("simulation pace (12)");
        Side plain = new Side("endpoint");
        ModeRouting other = new ModeRouting(plain, () -> new SimulationLike());
        assertThat(other.answersRichContent()).isTrue();
        assertThat(other.userIdPattern()).isEmpty();
        assertThat(other.intentUnknownWithoutNluData()).isFalse();
    }

    @Test
    @DisplayName("tests in mode nlu go to the NLU, made once on first use; every other request to the run's backend")
    void requestsRoutedByMode() {
        Side flow = new Side("endpoint");
        Side nlu = new Side("nlu");
        AtomicInteger made = new AtomicInteger();
        ModeRouting routing = new ModeRouting(flow, () -> {
            made.incrementAndGet();
            return nlu;
        });
        routing.send(request("hello", Mode.FLOW));
        assertThat(made).hasValue(0);
        routing.send(request("where is my order", Mode.NLU));
        routing.send(request("track my package", Mode.NLU));
        assertThat(made).hasValue(1);
        assertThat(flow.sent).containsExactly("hello");
        assertThat(nlu.sent).containsExactly("where is my order", "track my package");
    }

    @Test
    @DisplayName("a run without NLU tests is paced by its backend alone: the NLU, which may lack its settings, is not made;"
            + " with one NLU score both sides say their pace")
    void pacingMakesTheNluOnlyForNluScores() {
        Side flow = new Side("endpoint");
        flow.pace = Optional.of("endpoint pace");
        ModeRouting withoutNlu = new ModeRouting(flow, () -> {
            throw new ConfigurationException("tests in mode nlu are scored through the management API: set cognigy.management.url");
        });
        assertThat(withoutNlu.pacing(40, 0)).contains("endpoint pace (40)");

        Side nlu = new Side("nlu");
        nlu.pace = Optional.of("management API pace");
        assertThat(new ModeRouting(flow, () -> nlu).pacing(40, 1)).contains("endpoint pace (40); management API pace (1)");

        Side unpacedFlow = new Side("simulation");
        assertThat(new ModeRouting(unpacedFlow, () -> nlu).pacing(40, 7)).contains("management API pace (7)");
        assertThat(new ModeRouting(flow, () -> new Side("nlu")).pacing(40, 7)).contains("endpoint pace (40)");
        assertThat(new ModeRouting(unpacedFlow, () -> new Side("nlu")).pacing(40, 7)).isEmpty();
    }

    @Test
    @DisplayName("the budget wait is the longer of the two sides', the NLU's only once it is made; either side's alone when the"
            + " other waits for nothing")
    void budgetWaitIsTheLongerOne() {
        Side flow = new Side("endpoint");
        Side nlu = new Side("nlu");
        ModeRouting routing = new ModeRouting(flow, () -> nlu);
        nlu.wait = Optional.of(wait(Duration.ofMinutes(5)));
        assertThat(routing.budgetWait(10)).isEmpty();

        routing.send(request("where is my order", Mode.NLU));
        assertThat(routing.budgetWait(10)).contains(wait(Duration.ofMinutes(5)));
        flow.wait = Optional.of(wait(Duration.ofMinutes(2)));
        assertThat(routing.budgetWait(10)).contains(wait(Duration.ofMinutes(5)));
        flow.wait = Optional.of(wait(Duration.ofMinutes(9)));
        assertThat(routing.budgetWait(10)).contains(wait(Duration.ofMinutes(9)));
        nlu.wait = Optional.empty();
        assertThat(routing.budgetWait(10)).contains(wait(Duration.ofMinutes(9)));
    }

    @Test
    @DisplayName("a stand-in on either side makes the run's answers a stand-in's; the NLU's counts once it is made")
    void standInOfEitherSide() {
        Side flow = new Side("endpoint");
        Side nlu = new Side("nlu");
        nlu.standIn = Optional.of("http://127.0.0.1:4711");
        ModeRouting routing = new ModeRouting(flow, () -> nlu);
        assertThat(routing.standIn()).isEmpty();
        routing.send(request("where is my order", Mode.NLU));
        assertThat(routing.standIn()).contains("http://127.0.0.1:4711");
        flow.standIn = Optional.of("http://127.0.0.1:4712");
        assertThat(routing.standIn()).contains("http://127.0.0.1:4712");
    }

    @Test
    @DisplayName("closing closes both sides, the NLU's even when the run's backend fails to close; an NLU never made is not made"
            + " to close it")
    void closeClosesBothSides() {
        Side flow = new Side("endpoint");
        Side nlu = new Side("nlu");
        ModeRouting routing = new ModeRouting(flow, () -> nlu);
        routing.send(request("where is my order", Mode.NLU));
        flow.onClose = new IllegalStateException("connection pool already shut down");
        assertThatThrownBy(routing::close).isInstanceOf(IllegalStateException.class);
        assertThat(flow.closed).hasValue(1);
        assertThat(nlu.closed).hasValue(1);

        Side alone = new Side("endpoint");
        new ModeRouting(alone, () -> {
            throw new AssertionError("not made to be closed");
        }).close();
        assertThat(alone.closed).hasValue(1);
    }
}
