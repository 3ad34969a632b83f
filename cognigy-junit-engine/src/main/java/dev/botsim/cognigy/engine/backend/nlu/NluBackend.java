package dev.botsim.cognigy.engine.backend.nlu;

import static dev.botsim.cognigy.engine.config.Constants.NLU_FLOW;
import static dev.botsim.cognigy.engine.config.Constants.NLU_LOCALE;

import java.time.Duration;
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
import dev.botsim.cognigy.engine.backend.management.ManagementRefusal;
import dev.botsim.cognigy.engine.backend.management.ProjectResources;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.DurationText;
import dev.botsim.cognigy.engine.transport.BudgetWait;
import dev.botsim.cognigy.engine.transport.RequestBudget;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Scores each test's sentence with Cognigy's NLU ({@code POST projects/{projectId}/nlu/scores}) instead of running a
 * flow: one management API request per test, no session, nothing billed as a conversation. The recognised intent is
 * Cognigy's ({@link IntentRanking#outcome()}): the best score that is neither negated nor disabled, taken when it
 * reaches the flow's thresholds; none below them, none when a reject intent scores best, and none when it has a
 * confirmation sentence and scores between the reconfirmation and the confidence threshold, where the bot asks it back
 * rather than taking it. The whole ranking travels with the turn so a failure says why. Only intents are checked:
 * tests expecting anything else are refused before sending (see {@link #checksIntentsOnly()}).
 *
 * <p>The request is idempotent and holds no session, so the management client's retries on 408, 429 and 5xx are
 * safe; it shares that client's budget of 1,000 requests per 5 minutes with the schema reads.
 */
public final class NluBackend implements Backend {

    private final ManagementApiSchema.Settings settings;
    private final NluSettings nlu;
    private final ManagementClient api;
    private final ManagementApiSchema schema;
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile NluTarget target;
    /**
     * The refusal to score with this key or this flow and locale, once the API has given it: every later sentence fails
     * with it unsent.
     */
    private volatile BackendException scoringRefused;
    /** Whether a sentence has been scored: a 400 or 404 after that is about its sentence, not the run's setup. */
    private volatile boolean scoredOnce;
    /**
     * The 400s and 404s before any sentence was scored. One may be about its own sentence; a second, of another sentence,
     * is taken for the setup's, so that one odd sentence at the start cannot fail the run.
     */
    private final java.util.concurrent.atomic.AtomicInteger refusedBeforeScored = new java.util.concurrent.atomic.AtomicInteger();
    /** The project's locales, read once when a test first names a locale ({@code locale:}), else never. */
    private List<ProjectResources.Locale> projectLocales;

    public NluBackend(ManagementApiSchema.Settings settings, NluSettings nlu) {
        this(settings, nlu, ManagementClient.open(settings));
    }

    /** @param api the management API client, spending the run's one budget with the bot's other readers */
    public NluBackend(ManagementApiSchema.Settings settings, NluSettings nlu, ManagementClient api) {
        this.settings = settings;
        this.nlu = nlu;
        this.api = api;
        this.schema = new ManagementApiSchema(settings, api);
    }

    @Override
    public String name() {
        return "nlu";
    }

    /**
     * The bot's schema, then the flow, locale, thresholds and intents scored against, with the model's training checked.
     */
    @Override
    public synchronized BotSchema schema() {
        BotSchema bot = schema.schema();
        if (target == null) {
            // The schema was read just now: what it read of the flows is taken, not asked again.
            target = NluTarget.resolve(api, schema.reads(), settings.projectId(), nlu, bot.underTest(), settings.sleeper());
        }
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
            throw new BackendException(BackendException.Kind.CONFIGURATION, "the nlu backend checks intents only: it scores one"
                    + " sentence per test, not conversations or data-only messages; run this test with cognigy.backend=endpoint")
                    .withMessageUnsent();
        }
        if (target == null) {
            try {
                schema();
            } catch (BackendException e) {
                // Read before the sentence is scored: the scores request, which alone takes it to the bot's NLU, never left.
                throw e.withMessageUnsent();
            }
        }
        NluTarget scored = target;
        String locale = localeOf(request, scored);
        ObjectNode body = json.createObjectNode().put("flowReferenceId", scored.flowReferenceId())
                .put("localeReferenceId", locale).put("sentence", request.text());
        IntentRanking ranking = NluScores.ranking(scores(body, scored, locale.equals(scored.localeReferenceId())), scored);
        if (ranking.scores().isEmpty()) {
            // Nothing to judge by: a not_intent would pass whatever the model is, and an intent fail as if unknown.
            throw new BackendException(BackendException.Kind.REJECTED, "Cognigy's NLU scored no intent at all for this sentence"
                    + " (flow '" + scored.flowName() + "', locale " + locale + "): the flow and the flows"
                    + " attached to it have no intents in that locale, or no model was built for it; check " + NLU_FLOW + " and "
                    + NLU_LOCALE + " (or the endpoint's flow and locale)");
        }
        Optional<IntentRanking.Score> recognised = ranking.recognised();
        // Cognigy's input.intentScore is null when no intent is recognised: a best score below the threshold, a reject
        // intent's or one the bot asks back is no taken intent's score, and taken as one it would let intent_min_score pass
        // a sentence the bot did not take (the ranking keeps it, and says why).
        double score = recognised.map(IntentRanking.Score::score).orElse(Double.NaN);
        String flowReference = recognised.map(IntentRanking.Score::flow).orElse(scored.flowReferenceId());
        String flow = schema.flowName(flowReference).orElse(scored.flowName());
        BotTurn turn = new BotTurn(0, flow, recognised.map(IntentRanking.Score::intent).orElse(null), score, Map.of(), null,
                null, null, flowReference, List.of(), List.of(), List.of(),
                List.of(ranking.toOutputData()), List.of());
        return new TurnResult("nlu-" + request.idempotencyKey(), null, "completed", List.of(turn), null, List.of(), 0);
    }

    /**
     * The reference id of the locale a test's sentence is scored in: the run's ({@code cognigy.nlu.locale} or the
     * endpoint's), or the project's locale the test names ({@code locale: de-DE}, by its language, its name in any case or
     * its reference id, or {@code de} for the one locale reading German, as {@link LocaleNames#find} finds it), as the scores
     * request scores in any locale of the project. A test naming a locale the project has none of is
     * refused unsent: scored in the run's locale, a German sentence would be judged by the English model, a verdict on
     * nothing the test means.
     */
    private String localeOf(TurnRequest request, NluTarget target) {
        String wanted = request.locale() == null ? "" : request.locale().strip();
        if (wanted.isEmpty() || wanted.equals(target.localeReferenceId())) return target.localeReferenceId();
        List<ProjectResources.Locale> locales;
        try {
            locales = projectLocales();
        } catch (BackendException e) {
            throw e.withMessageUnsent();
        }
        Optional<ProjectResources.Locale> named;
        try {
            named = LocaleNames.find(locales, wanted);
        } catch (LocaleNames.Ambiguous e) {
            throw new BackendException(BackendException.Kind.CONFIGURATION, "test " + request.testId() + " names locale "
                    + ConsoleText.oneLine(wanted) + ", which " + ConsoleText.oneLine(e.getMessage())).withMessageUnsent();
        }
        return named.map(ProjectResources.Locale::referenceId)
                .orElseThrow(() -> new BackendException(BackendException.Kind.CONFIGURATION, "test " + request.testId()
                        + " names locale " + ConsoleText.oneLine(wanted) + ", which is no locale of the project (locales: "
                        + ConsoleText.oneLine(ProjectResources.listed(locales)) + "): scored in"
                        + " the run's locale, its sentence would be read by another language's model. Correct the test's locale,"
                        + " or add the locale to the project in Cognigy and train it").withMessageUnsent());
    }

    private synchronized List<ProjectResources.Locale> projectLocales() {
        if (projectLocales == null) projectLocales = List.copyOf(ProjectResources.locales(api, settings.projectId()));
        return projectLocales;
    }

    /**
     * One sentence's scores. A refusal that holds for every sentence is kept, and every later test fails with it unsent,
     * rather than spending the management API's budget (1,000 requests per 5 minutes) on a thousand identical refusals:
     * a key the API refuses to score with (401/403 on {@code nlu/scores}, after the schema was read with it), and a 400
     * or 404 on two sentences before any sentence was scored in the run's locale (a flow or locale the request names that
     * the project's NLU does not know; one in a locale a test names is about that test). The first such refusal, or a 400 or 404 once a sentence was scored, is about its sentence and fails
     * its test only.
     */
    private JsonNode scores(ObjectNode body, NluTarget target, boolean runLocale) {
        BackendException refused = scoringRefused;
        if (refused != null) {
            throw new BackendException(refused.kind(), "not sent: " + refused.getMessage()).withMessageUnsent();
        }
        JsonNode answer;
        try {
            // The request that takes the sentence to the bot's NLU: a failure before it left says the sentence never did.
            answer = api.postMessage("projects/" + settings.projectId() + "/nlu/scores", body);
        } catch (ManagementRefusal e) {
            BackendException kept;
            if (e.kind() == BackendException.Kind.AUTHENTICATION) {
                kept = new BackendException(e.kind(), "the management API refused to score sentences with this"
                        + " API key (" + e.answered() + "), though the project was read with it: the key's user may read the"
                        + " project but not use its NLU; check the user's role in the project, or use a key of a user who may");
            } else if ((e.status() == 400 || e.status() == 404) && !scoredOnce && runLocale) {
                String where = "flow '" + target.flowName() + "' (" + target.flowReferenceId() + ") and locale "
                        + target.localeReferenceId() + " (" + e.answered() + ")";
                String check = "check " + NLU_FLOW + " and " + NLU_LOCALE + " (or the endpoint's flow and locale)";
                if (refusedBeforeScored.incrementAndGet() < 2) {
                    throw new BackendException(e.kind(), "the management API refused to score this sentence in " + where
                            + ": if no sentence is scored, the flow or locale is not one the project's NLU scores in; " + check);
                }
                kept = new BackendException(BackendException.Kind.CONFIGURATION, "the management API refused to score the run's first sentences in " + where
                        + ", before any was scored: the project's NLU does not score in that flow or locale; " + check);
            } else {
                throw e;
            }
            scoringRefused = kept;
            throw kept;
        }
        scoredOnce = true;
        return answer;
    }

    /**
     * At 1,000 requests per 5 minutes, shared with the reads before the first test: when the suite's scores do not fit
     * in what is left of the window, how many requests that makes and about how long they take. The reads already
     * spent (schema, flow and locale, thresholds, intents' kinds, training state) are in the budget's window, so they
     * are counted.
     */
    @Override
    public Optional<String> pacing(long plannedMessages) {
        RequestBudget budget = api.budget();
        Duration expected = budget.timeFor(plannedMessages);
        if (plannedMessages <= 0 || expected.isZero()) return Optional.empty();
        int reads = budget.spent();
        return Optional.of(String.format(Locale.ROOT, "%,d tests scored through Cognigy's NLU: %,d management requests (%,d"
                        + " reads before the first score), about %s at %s", plannedMessages, plannedMessages + reads, reads,
                DurationText.rounded(expected), budget.describe()));
    }

    /** While the management API's budget holds scores back: until when, and how long the rest of the suite takes. */
    @Override
    public Optional<BudgetWait> budgetWait(long remainingRequests) {
        return api.budget().waiting("the management API's", remainingRequests);
    }

    /** The project's sandbox, when the management API scoring the sentences said it is one. */
    @Override
    public Optional<String> standIn() {
        return api.sandboxSeen();
    }

    @Override
    public void close() {
        schema.close();
    }
}
