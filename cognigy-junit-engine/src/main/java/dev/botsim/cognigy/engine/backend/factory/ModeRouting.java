package dev.botsim.cognigy.engine.backend.factory;

import java.util.Optional;
import java.util.function.Supplier;

import dev.botsim.cognigy.annotations.Mode;
import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.ConcurrencyLimit;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.transport.BudgetWait;

/**
 * The run's backend with NLU scoring beside it, so one suite mixes flow tests and intent tests: a request of a test in
 * {@code mode: nlu} is scored by the NLU, every other one goes to the run's backend. The NLU backend is made on first
 * use (a suite without NLU tests never touches the management API for it) and talks to the same Cognigy: the
 * tenant's management API, or the sandbox the run started.
 */
final class ModeRouting implements Backend {

    private final Backend flow;
    private final Supplier<Backend> nluFactory;
    private Backend nlu;

    /** @param nluFactory makes the NLU backend; may throw a {@code ConfigurationException} naming what it lacks */
    ModeRouting(Backend flow, Supplier<Backend> nluFactory) {
        this.flow = flow;
        this.nluFactory = nluFactory;
    }

    private synchronized Backend nlu() {
        if (nlu == null) nlu = nluFactory.get();
        return nlu;
    }

    @Override
    public String name() {
        return flow.name();
    }

    @Override
    public boolean answersRichContent() {
        return flow.answersRichContent();
    }

    /** The run's backend's: a test in {@code mode: nlu}, whose sentence the NLU scores, sends no user id. */
    @Override
    public Optional<java.util.regex.Pattern> userIdPattern() {
        return flow.userIdPattern();
    }

    @Override
    public BotSchema schema() {
        return flow.schema();
    }

    @Override
    public TurnResult send(TurnRequest request) {
        return request.mode() == Mode.NLU ? nlu().send(request) : flow.send(request);
    }

    @Override
    public Optional<String> missingNluDataHint() {
        return flow.missingNluDataHint();
    }

    @Override
    public boolean intentUnknownWithoutNluData() {
        return flow.intentUnknownWithoutNluData();
    }

    @Override
    public Optional<ConcurrencyLimit.State> concurrency() {
        return flow.concurrency();
    }

    @Override
    public Optional<String> pacing(long plannedMessages) {
        return flow.pacing(plannedMessages);
    }

    /** The flow's share paced by the run's backend, the NLU's by the management API's budget: each says its own. */
    @Override
    public Optional<String> pacing(long flowMessages, long nluScores) {
        Optional<String> flowPace = flow.pacing(flowMessages);
        Optional<String> nluPace = nluScores > 0 ? nlu().pacing(nluScores) : Optional.empty();
        if (flowPace.isPresent() && nluPace.isPresent()) return Optional.of(flowPace.get() + "; " + nluPace.get());
        return flowPace.or(() -> nluPace);
    }

    /**
     * Whichever waits the longer, when both do. {@code remainingRequests} counts the tests of both shares, so each
     * side's figure is an upper bound.
     */
    @Override
    public Optional<BudgetWait> budgetWait(long remainingRequests) {
        Backend made;
        synchronized (this) {
            made = nlu;
        }
        Optional<BudgetWait> flowWait = flow.budgetWait(remainingRequests);
        Optional<BudgetWait> nluWait = made == null ? Optional.empty() : made.budgetWait(remainingRequests);
        if (flowWait.isPresent() && nluWait.isPresent()) {
            return flowWait.get().left().compareTo(nluWait.get().left()) >= 0 ? flowWait : nluWait;
        }
        return flowWait.or(() -> nluWait);
    }

    @Override
    public void prepareNluScoring() {
        nlu().prepareNluScoring();
    }

    /** Either side's: flow tests and tests in {@code mode: nlu} are both the run's answers. */
    @Override
    public Optional<String> standIn() {
        Backend made;
        synchronized (this) {
            made = nlu;
        }
        return flow.standIn().or(() -> made == null ? Optional.empty() : made.standIn());
    }

    @Override
    public void close() {
        Backend made;
        synchronized (this) {
            made = nlu;
        }
        try {
            flow.close();
        } finally {
            if (made != null) made.close();
        }
    }
}
