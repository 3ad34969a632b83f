package dev.botsim.cognigy.engine.backend.nlu;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.IntentRanking;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.backend.management.ManagementApiSchema;
import dev.botsim.cognigy.engine.backend.management.ManagementClient;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Scores each test's sentence with Cognigy's NLU ({@code POST projects/{projectId}/nlu/scores}) instead of running a
 * flow: one management API request per test, no session, nothing billed as a conversation. The recognised intent is
 * Cognigy's: the best non-negated score at or above the flow's threshold, none below it; the whole ranking travels
 * with the turn ({@link IntentRanking}) so a failure says where the expected intent came. Only intents are checked:
 * tests expecting anything else are refused before sending (see {@link #checksIntentsOnly()}).
 *
 * <p>The request is idempotent and holds no session, so the management client's retries on 408, 429 and 5xx are
 * safe; it shares that client's budget of 1,000 requests per 5 minutes with the schema reads.
 */
public final class NluBackend implements Backend {

    /** The management API's request budget: what sets the pace of an NLU suite. */
    static final int REQUESTS_PER_WINDOW = 1000;
    static final int WINDOW_MINUTES = 5;

    private final ManagementApiSchema.Settings settings;
    private final NluSettings nlu;
    private final ManagementClient api;
    private final ManagementApiSchema schema;
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile NluTarget target;

    public NluBackend(ManagementApiSchema.Settings settings, NluSettings nlu) {
        this.settings = settings;
        this.nlu = nlu;
        this.api = ManagementClient.open(settings);
        this.schema = new ManagementApiSchema(settings, api);
    }

    @Override
    public String name() {
        return "nlu";
    }

    /** The bot's schema, then the flow, locale and threshold scored against, with the model's training checked. */
    @Override
    public synchronized BotSchema schema() {
        BotSchema bot = schema.schema();
        if (target == null) target = NluTarget.resolve(api, settings.projectId(), nlu, bot.underTest(), settings.sleeper());
        return bot;
    }

    @Override
    public boolean checksIntentsOnly() {
        return true;
    }

    /** Every test this backend gets is scored: the target is resolved with the schema. */
    @Override
    public void prepareNluScoring() {
        schema();
    }

    @Override
    public TurnResult send(TurnRequest request) {
        if (request.turn() > 1 || request.sessionId() != null || request.text() == null || request.text().isBlank()) {
            throw new BackendException(BackendException.Kind.REJECTED, "the nlu backend checks intents only: it scores one"
                    + " sentence per test, not conversations or data-only messages; run this test with cognigy.backend=endpoint");
        }
        if (target == null) schema();
        NluTarget scored = target;
        ObjectNode body = json.createObjectNode().put("flowReferenceId", scored.flowReferenceId())
                .put("localeReferenceId", scored.localeReferenceId()).put("sentence", request.text());
        IntentRanking ranking = NluScores.ranking(api.post("projects/" + settings.projectId() + "/nlu/scores", body),
                scored.threshold());
        Optional<IntentRanking.Score> recognised = ranking.recognised();
        double score = recognised.or(ranking::best).map(IntentRanking.Score::score).orElse(0.0);
        String flowReference = recognised.map(IntentRanking.Score::flow).orElse(scored.flowReferenceId());
        String flow = schema.flowName(flowReference).orElse(scored.flowName());
        BotTurn turn = new BotTurn(0, flow, recognised.map(IntentRanking.Score::intent).orElse(null), score, Map.of(), null,
                null, null, flowReference, List.of(), List.of(), List.of(ranking.toOutputData()));
        return new TurnResult("nlu-" + request.idempotencyKey(), null, "completed", List.of(turn), null, List.of(), 0);
    }

    /** At 1,000 requests per 5 minutes, a suite larger than one window takes as many windows as it fills. */
    @Override
    public Optional<String> pacing(long plannedMessages) {
        if (plannedMessages <= REQUESTS_PER_WINDOW) return Optional.empty();
        long minutes = (plannedMessages - 1) / REQUESTS_PER_WINDOW * WINDOW_MINUTES;
        return Optional.of(String.format(Locale.ROOT, "the nlu backend scores each test with one management API request, at"
                + " most %,d per %d minutes: %,d tests take at least %d minutes", REQUESTS_PER_WINDOW, WINDOW_MINUTES,
                plannedMessages, minutes));
    }

    @Override
    public void close() {
        schema.close();
    }
}
