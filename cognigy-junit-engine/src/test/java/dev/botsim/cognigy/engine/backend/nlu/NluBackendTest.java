package dev.botsim.cognigy.engine.backend.nlu;

import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.FAQ_REF;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.KEY;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.LOCALE_REF;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.MAIN_REF;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.PROJECT;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.TOKEN;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.IntentRanking;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.backend.management.ManagementApiFake;
import dev.botsim.cognigy.engine.backend.management.ManagementApiSchema;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.LoopbackServers;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The nlu backend against the management API's real shapes: scores, thresholds, training state and the train task. */
class NluBackendTest {

    private static final String SCORES = "projects/" + PROJECT + "/nlu/scores";

    private final ManagementApiFake tenant = new ManagementApiFake();
    private final MockWebServer server = LoopbackServers.mockWebServer();
    private final List<Duration> slept = new ArrayList<>();
    private final JsonMapper json = JsonMapper.builder().build();
    /** Statuses the training task reports, one per look, the last repeated. */
    private final List<String> taskStatuses = new ArrayList<>(List.of("queued", "active", "done"));
    private final AtomicInteger taskLooks = new AtomicInteger();
    private NluBackend backend;

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                String path = request.getUrl().encodedPath();
                if (path.equals("/new/v2.0/tasks/task-7")) {
                    tenant.requests.add(request);
                    int look = taskLooks.getAndIncrement();
                    return tenant.ok(map("_id", "task-7", "type", "trainNlu", "status",
                            taskStatuses.get(Math.min(look, taskStatuses.size() - 1))));
                }
                return tenant.dispatch(request);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        if (backend != null) backend.close();
        server.close();
    }

    private NluBackend backend(NluSettings nlu, boolean withEndpoint) {
        ManagementApiSchema.Settings settings = ManagementApiSchema.Settings.of(server.url("/").toString(), Secret.of(KEY), PROJECT)
                .withHttp(HttpSettings.defaults().withCall(Duration.ofSeconds(5))).withClock(Clock.systemUTC()).withSleeper(slept::add);
        backend = new NluBackend(withEndpoint ? settings.withEndpointToken(Secret.of(TOKEN)) : settings, nlu);
        return backend;
    }

    private static TurnRequest say(String text) {
        return new TurnRequest("batch_1", "t1", 1, "usr_1", "web", text, Map.of(), null, "key-1", null, Map.of());
    }

    private void scores(Object body) {
        tenant.overrides.put(SCORES, tenant.ok(body));
    }

    private static Map<String, Object> score(String name, double score, boolean negated, String flow) {
        return map("id", "i-" + name, "name", name, "score", score, "negated", negated, "confirmationSentence", null,
                "confirmationSentences", List.of(), "disambiguationSentence", null, "flow", flow, "description", "");
    }

    @Test
    @DisplayName("the documented bare array: one POST per sentence with the endpoint's flow and locale; a negated top score is"
            + " passed over for the best non-negated one; the whole ranking travels with the turn")
    void bareArray() throws Exception {
        scores(List.of(score("order_pizza", 0.63, false, MAIN_REF), score("cancel_order", 0.92, true, MAIN_REF),
                score("opening_hours", 0.71, false, FAQ_REF)));
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();
        int settingsReads = tenant.to("flows/f-main/settings").size();

        TurnResult result = nlu.send(say("I want a pizza, not cancel"));
        nlu.send(say("again"));

        BotTurn turn = result.turns().get(0);
        assertThat(turn.intent()).isEqualTo("opening_hours");
        assertThat(turn.intentScore()).isEqualTo(0.71);
        assertThat(turn.flowReferenceId()).isEqualTo(FAQ_REF);
        assertThat(turn.flowId()).isEqualTo("FAQ");
        IntentRanking ranking = IntentRanking.of(turn).orElseThrow();
        assertThat(ranking.scores()).extracting(IntentRanking.Score::intent)
                .containsExactly("cancel_order", "opening_hours", "order_pizza");
        assertThat(ranking.threshold()).as("the flow's intentThreshold.lower").isEqualTo(0.4);
        assertThat(ranking.explain("order_pizza")).isEqualTo("expected order_pizza, got opening_hours (0.71); order_pizza was 3rd (0.63)");

        List<RecordedRequest> posts = tenant.to(SCORES);
        assertThat(posts).hasSize(2);
        assertThat(posts.get(0).getMethod()).isEqualTo("POST");
        assertThat(posts.get(0).getHeaders().get("X-API-Key")).isEqualTo(KEY);
        JsonNode body = json.readTree(posts.get(0).getBody().utf8());
        assertThat(body.path("flowReferenceId").asString()).isEqualTo(MAIN_REF);
        assertThat(body.path("localeReferenceId").asString()).isEqualTo(LOCALE_REF);
        assertThat(body.path("sentence").asString()).isEqualTo("I want a pizza, not cancel");
        assertThat(tenant.to("flows/f-main/settings")).as("thresholds read before the first sentence, not per sentence")
                .hasSize(settingsReads);
    }

    @Test
    @DisplayName("the API reference's {scores: [...]}: below the threshold no intent is recognised, the best score is kept")
    void scoresObjectBelowThreshold() {
        scores(map("scores", List.of(score("opening_hours", 0.31, false, FAQ_REF), score("order_pizza", 0.12, false, MAIN_REF))));
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();

        BotTurn turn = nlu.send(say("blue sky")).turns().get(0);

        assertThat(turn.intent()).isNull();
        assertThat(turn.intentScore()).as("no intent's score, as Cognigy's input.intentScore is null: intent_min_score cannot"
                + " pass a sentence nothing was recognised in").isNaN();
        assertThat(IntentRanking.of(turn).orElseThrow().explain("order_pizza")).isEqualTo("expected order_pizza, got no intent"
                + " (best opening_hours 0.31 is below the threshold 0.40); order_pizza was 2nd (0.12, below the threshold 0.40)");
    }

    @Test
    @DisplayName("flow and locale by name from configuration, without an endpoint")
    void configuredFlowAndLocale() throws Exception {
        scores(List.of(score("opening_hours", 0.9, false, FAQ_REF)));
        NluBackend nlu = backend(NluSettings.defaults().withFlow("FAQ").withLocale("de-DE"), false);
        nlu.schema();
        nlu.send(say("when are you open"));

        JsonNode body = json.readTree(tenant.to(SCORES).get(0).getBody().utf8());
        assertThat(body.path("flowReferenceId").asString()).isEqualTo(FAQ_REF);
        assertThat(body.path("localeReferenceId").asString()).isEqualTo("d1e2f3a4-0000-4000-8000-000000000001");
        assertThat(tenant.to("endpoints")).isEmpty();
    }

    @Test
    @DisplayName("a test naming a locale (locale: de-DE) is scored in that locale of the project, not in the run's; one"
            + " naming the run's locale by name in another case is scored as usual; one naming a locale the project has"
            + " none of is refused unsent, naming the project's locales; the locales are read once")
    void testsLocale() throws Exception {
        scores(List.of(score("opening_hours", 0.9, false, FAQ_REF)));
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();
        int localeReads = tenant.to("locales").size();

        nlu.send(inLocale("wann habt ihr offen", "de-DE"));
        nlu.send(inLocale("when are you open", "EN-us"));
        nlu.send(inLocale("when are you open", null));
        assertThatThrownBy(() -> nlu.send(inLocale("quand êtes-vous ouverts", "fr-FR"))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.messageUnsent()).as(e.getMessage()).isTrue()).hasMessageContaining("test t1 names locale fr-FR,"
                + " which is no locale of the project (locales: de-DE, en-US)");

        List<String> locales = new ArrayList<>();
        for (RecordedRequest post : tenant.to(SCORES)) locales.add(json.readTree(post.getBody().utf8()).path("localeReferenceId").asString());
        assertThat(locales).containsExactly("d1e2f3a4-0000-4000-8000-000000000001", LOCALE_REF, LOCALE_REF);
        assertThat(tenant.to("locales")).as("the project's locales read once, for the tests naming one").hasSize(localeReads + 1);
    }

    @Test
    @DisplayName("locales as a tenant lists them (name Deutsch, nluLanguage de-DE): cognigy.nlu.locale=de-DE and a test's"
            + " locale: de-DE name the locale by its language; a language the project has no locale of lists name and language")
    void localesByLanguage() throws Exception {
        tenant.tenantShapedLocales();
        scores(List.of(score("opening_hours", 0.9, false, FAQ_REF)));
        NluBackend configured = backend(NluSettings.defaults().withFlow("FAQ").withLocale("de-DE"), false);
        configured.schema();
        configured.send(say("wann habt ihr offen"));
        configured.close();
        backend = null;

        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();
        nlu.send(inLocale("wann habt ihr offen", "de-DE"));
        nlu.send(inLocale("when are you open", "en-us"));
        assertThatThrownBy(() -> nlu.send(inLocale("quand êtes-vous ouverts", "fr-FR"))).hasMessageContaining("test t1 names"
                + " locale fr-FR, which is no locale of the project (locales: Deutsch (de-DE), English (en-US))");

        List<String> locales = new ArrayList<>();
        for (RecordedRequest post : tenant.to(SCORES)) locales.add(json.readTree(post.getBody().utf8()).path("localeReferenceId").asString());
        assertThat(locales).containsExactly("d1e2f3a4-0000-4000-8000-000000000001", "d1e2f3a4-0000-4000-8000-000000000001",
                LOCALE_REF);
    }

    @Test
    @DisplayName("a language alone (locale: de, cognigy.nlu.locale=de), a tag the data files take and the REST Endpoint routes"
            + " to its German endpoint, names the one locale reading it (Deutsch, de-DE); a language two locales read is refused"
            + " naming both, unsent")
    void languageAloneNamesItsOneLocale() throws Exception {
        tenant.tenantShapedLocales();
        scores(List.of(score("opening_hours", 0.9, false, FAQ_REF)));
        NluBackend configured = backend(NluSettings.defaults().withFlow("FAQ").withLocale("de"), false);
        configured.schema();
        configured.send(say("wann habt ihr offen"));
        configured.close();
        backend = null;

        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();
        nlu.send(inLocale("wann habt ihr offen", "de"));
        nlu.send(inLocale("when are you open", "EN"));
        List<String> locales = new ArrayList<>();
        for (RecordedRequest post : tenant.to(SCORES)) locales.add(json.readTree(post.getBody().utf8()).path("localeReferenceId").asString());
        assertThat(locales).containsExactly("d1e2f3a4-0000-4000-8000-000000000001", "d1e2f3a4-0000-4000-8000-000000000001",
                LOCALE_REF);
        nlu.close();
        backend = null;

        tenant.locales.add(map("_id", "loc-gb", "referenceId", "d1e2f3a4-0000-4000-8000-000000000002",
                "name", "British", "nluLanguage", "en-GB", "primary", false));
        NluBackend twoEnglish = backend(NluSettings.defaults(), true);
        twoEnglish.schema();
        assertThatThrownBy(() -> twoEnglish.send(inLocale("when are you open", "en"))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.messageUnsent()).isTrue()).hasMessageContaining("test t1 names locale en, which is the language of"
                + " 2 locales of the project (English (en-US), British (en-GB))");
        assertThat(tenant.to(SCORES)).hasSize(3);
    }

    private static TurnRequest inLocale(String text, String locale) {
        return new TurnRequest("batch_1", "t1", 1, "usr_1", "web", text, Map.of(), null, "key-" + text, locale, Map.of());
    }

    @Test
    @DisplayName("flow and locale by reference id from configuration, as Cognigy's scores request names them")
    void configuredReferenceIds() throws Exception {
        scores(List.of(score("opening_hours", 0.9, false, FAQ_REF)));
        NluBackend nlu = backend(NluSettings.defaults().withFlow(FAQ_REF).withLocale("d1e2f3a4-0000-4000-8000-000000000001"), false);
        nlu.schema();
        nlu.send(say("when are you open"));

        JsonNode body = json.readTree(tenant.to(SCORES).get(0).getBody().utf8());
        assertThat(body.path("flowReferenceId").asString()).isEqualTo(FAQ_REF);
        assertThat(body.path("localeReferenceId").asString()).isEqualTo("d1e2f3a4-0000-4000-8000-000000000001");
    }

    @ParameterizedTest(name = "score {0}")
    @ValueSource(doubles = {5.0, 1.01, -0.2})
    @DisplayName("a score outside 0 to 1 is a protocol error naming the intent, not an intent recognised above any threshold")
    void scoreOutOfRange(double outOfRange) {
        scores(List.of(score("order_pizza", outOfRange, false, MAIN_REF), score("opening_hours", 0.2, false, FAQ_REF)));
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();

        assertThatThrownBy(() -> nlu.send(say("a pizza please"))).isInstanceOf(BackendException.class)
                .hasMessageContaining("the NLU scores answer's intent 'order_pizza' has the intent score " + outOfRange
                        + ", outside 0 to 1");
    }

    @Test
    @DisplayName("without an endpoint or cognigy.nlu.flow, the run is refused naming the key")
    void noFlow() {
        NluBackend nlu = backend(NluSettings.defaults(), false);
        assertThatThrownBy(nlu::schema).isInstanceOf(ConfigurationException.class).hasMessageContaining("cognigy.nlu.flow");
    }

    @Test
    @DisplayName("cognigy.nlu.flow without cognigy.nlu.locale or an endpoint: the run is refused naming the locale's key and the"
            + " endpoint variable")
    void noLocale() {
        NluBackend nlu = backend(NluSettings.defaults().withFlow("Main Flow"), false);
        assertThatThrownBy(nlu::schema).isInstanceOf(ConfigurationException.class)
                .hasMessage("cognigy.backend=nlu needs the locale to score in: set cognigy.nlu.locale (a name such as en-US, or a"
                        + " reference id), or the environment variable COGNIGY_ENDPOINT_URL to take the locale of that REST endpoint");
    }

    @Test
    @DisplayName("cognigy.nlu.locale naming no locale of the project is refused naming the key, the value and the project's"
            + " locales")
    void unknownLocale() {
        NluBackend nlu = backend(NluSettings.defaults().withFlow("Main Flow").withLocale("fr-FR"), false);
        assertThatThrownBy(nlu::schema).isInstanceOf(ConfigurationException.class)
                .hasMessage("cognigy.nlu.locale=fr-FR names no locale of the project (locales: de-DE, en-US); use a locale's name,"
                        + " language or reference id");
    }

    @Test
    @DisplayName("a reconfirmation threshold of exactly 1 (the highest Cognigy takes) is the flow's: 0.99 is below it, 1.0 is"
            + " recognised")
    void thresholdOfOne() {
        tenant.overrides.put("flows/f-main/settings", tenant.ok(map("intentThreshold", map("lower", 1, "upper", 1))));
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();

        scores(List.of(score("check_order", 0.99, false, MAIN_REF)));
        assertThat(nlu.send(say("where is my order")).turns().get(0).intent()).as("0.99 against a threshold of 1").isNull();
        scores(List.of(score("check_order", 1.0, false, MAIN_REF)));
        assertThat(nlu.send(say("where is my order")).turns().get(0).intent()).isEqualTo("check_order");
    }

    @Test
    @DisplayName("a reconfirmation threshold of exactly 0 is the flow's, not refused: any score above 0 is recognised")
    void thresholdOfZero() {
        tenant.overrides.put("flows/f-main/settings", tenant.ok(map("intentThreshold", map("lower", 0, "upper", 0))));
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();

        scores(List.of(score("check_order", 0.05, false, MAIN_REF)));
        BotTurn turn = nlu.send(say("order?")).turns().get(0);
        assertThat(turn.intent()).isEqualTo("check_order");
        assertThat(IntentRanking.of(turn).orElseThrow().threshold()).isEqualTo(0.0);
    }

    @Test
    @DisplayName("a reject intent of an attached flow named as an ordinary intent of the scored flow: a score naming the"
            + " attached flow, or the reject intent's referenceId without a flow, rejects the sentence; one naming neither"
            + " takes the scored flow's intent of that name")
    void rejectIntentSharingANameWithAnOrdinaryOne() {
        String rejectRef = "5e0c7a1b-0000-4000-8000-0000000000aa";
        tenant.intents.put("f-main", List.of(map("_id", "i1", "referenceId", "5e0c7a1b-0000-4000-8000-0000000000bb",
                "name", "smalltalk", "isDisabled", false, "isRejectIntent", false)));
        tenant.intents.put("f-faq", List.of(map("_id", "i5", "referenceId", rejectRef, "name", "smalltalk",
                "isDisabled", false, "isRejectIntent", true)));
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();

        Map<String, Object> byFlow = score("smalltalk", 0.9, false, FAQ_REF);
        byFlow.put("id", "not-an-id-the-lists-give");
        scores(List.of(byFlow));
        BotTurn rejected = nlu.send(say("tell me a joke")).turns().get(0);
        assertThat(rejected.intent()).as("joined by the attached flow and the name").isNull();
        assertThat(IntentRanking.of(rejected).orElseThrow().outcome().verdict()).isEqualTo(IntentRanking.Verdict.REJECTED);

        Map<String, Object> byId = score("smalltalk", 0.9, false, null);
        byId.put("id", rejectRef);
        scores(List.of(byId));
        assertThat(IntentRanking.of(nlu.send(say("tell me a joke")).turns().get(0)).orElseThrow().outcome().verdict())
                .as("joined by the reject intent's referenceId").isEqualTo(IntentRanking.Verdict.REJECTED);

        Map<String, Object> byName = score("smalltalk", 0.9, false, null);
        byName.put("id", null);
        scores(List.of(byName));
        assertThat(nlu.send(say("tell me a joke")).turns().get(0).intent()).as("by name alone: the scored flow's first")
                .isEqualTo("smalltalk");
    }

    @Test
    @DisplayName("an out-of-date model of the flow or an attached flow fails the run once, naming them; an unattached one does not")
    void untrained() {
        outOfDate("f-faq");
        outOfDate("f-legacy");
        NluBackend nlu = backend(NluSettings.defaults(), true);

        assertThatThrownBy(nlu::schema).isInstanceOf(BackendException.class)
                .hasMessageContaining("the NLU model of flow 'FAQ' is out of date").hasMessageContaining("cognigy.nlu.train-first=true")
                .hasMessageNotContaining("Legacy");
        assertThat(tenant.to(SCORES)).isEmpty();
    }

    @Test
    @DisplayName("cognigy.nlu.train-first=true trains the out-of-date flow and waits for its task to be done")
    void trainFirst() throws Exception {
        outOfDate("f-main");
        tenant.overrides.put("flows/f-main/intents/train", tenant.ok(map("_id", "task-7", "type", "trainNlu", "status", "queued")));
        NluBackend nlu = backend(NluSettings.defaults().withTrainFirst(true), true);

        nlu.schema();

        assertThat(tenant.to("flows/f-main/intents/train")).hasSize(1).allSatisfy(r -> assertThat(r.getMethod()).isEqualTo("POST"));
        assertThat(taskLooks.get()).as("queued, active, done").isEqualTo(3);
        assertThat(slept).as("a wait after each look that was not done").containsExactly(NluTarget.TASK_POLL, NluTarget.TASK_POLL);
    }

    @Test
    @DisplayName("a training task that ends in error fails the run")
    void trainingFails() {
        outOfDate("f-main");
        taskStatuses.clear();
        taskStatuses.add("error");
        tenant.overrides.put("flows/f-main/intents/train", tenant.ok(map("_id", "task-7", "status", "queued")));
        NluBackend nlu = backend(NluSettings.defaults().withTrainFirst(true), true);

        assertThatThrownBy(nlu::schema).isInstanceOf(BackendException.class).hasMessageContaining("ended with status error");
    }

    @Test
    @DisplayName("a 429 on the scores call is retried after its Retry-After: scoring is idempotent and holds no session")
    void rateLimited() {
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();
        scores(List.of(score("order_pizza", 0.8, false, MAIN_REF)));
        tenant.next.add(new MockResponse.Builder().code(429).setHeader("Retry-After", "3").build());

        BotTurn turn = nlu.send(say("pizza please")).turns().get(0);

        assertThat(turn.intent()).isEqualTo("order_pizza");
        assertThat(tenant.to(SCORES)).hasSize(2);
        assertThat(slept).contains(Duration.ofSeconds(3));
    }

    @Test
    @DisplayName("a sentence whose scores request was answered (a 503 asking for an hour) reached the bot's NLU; the next,"
            + " held back by that Retry-After, never left, nor does one whose scores request cannot connect, nor one whose"
            + " flow and locale could not be read before it: only the scores request takes a sentence to the NLU")
    void sentenceThatNeverLeft() {
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();
        tenant.overrides.put(SCORES, new MockResponse.Builder().code(503).setHeader("Retry-After", "3600").build());

        assertThatThrownBy(() -> nlu.send(say("pizza please"))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.messageUnsent()).as(e.getMessage()).isFalse()).hasMessageContaining("503");
        assertThatThrownBy(() -> nlu.send(say("a pizza"))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.messageUnsent()).as(e.getMessage()).isTrue()).hasMessageContaining("not sent");
        assertThat(tenant.to(SCORES)).as("the held sentence was not posted").hasSize(1);
    }

    @Test
    @DisplayName("the management API gone (connection refused): a sentence never leaves, whether its scores request cannot"
            + " connect or the flow and locale to score in cannot be read before it")
    void sentenceThatCannotConnect() {
        NluBackend prepared = backend(NluSettings.defaults(), true);
        prepared.schema();
        NluBackend unprepared = backend(NluSettings.defaults(), true);
        server.close();

        assertThatThrownBy(() -> prepared.send(say("pizza please"))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.messageUnsent()).as(e.getMessage()).isTrue()).hasMessageContaining("cannot reach the management API");
        assertThatThrownBy(() -> unprepared.send(say("pizza please"))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.messageUnsent()).as(e.getMessage()).isTrue()).hasMessageContaining("cannot reach the management API");
        prepared.close();
    }

    @Test
    @DisplayName("a conversation's later turn is refused, never sent: the nlu backend checks intents only")
    void refusesConversations() {
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();
        TurnRequest second = new TurnRequest("batch_1", "t1", 2, "usr_1", "web", "and then", Map.of(), "s1", "k", null, Map.of());

        assertThatThrownBy(() -> nlu.send(second)).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.messageUnsent()).as(e.getMessage()).isTrue()).hasMessageContaining("the nlu backend checks intents only");
        assertThat(tenant.to(SCORES)).isEmpty();
    }

    @Test
    @DisplayName("the API reference's {scores: [...]}: a negated best score is passed over; when every score above the"
            + " threshold is negated, no intent is recognised")
    void scoresObjectNegated() {
        scores(map("scores", List.of(score("order_pizza", 0.55, false, MAIN_REF), score("cancel_order", 0.88, true, MAIN_REF))));
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();

        BotTurn turn = nlu.send(say("I do not want to cancel, I want a pizza")).turns().get(0);
        assertThat(turn.intent()).isEqualTo("order_pizza");
        assertThat(turn.intentScore()).isEqualTo(0.55);
        assertThat(IntentRanking.of(turn).orElseThrow().scores()).extracting(IntentRanking.Score::intent)
                .as("the whole ranking, the negated one first").containsExactly("cancel_order", "order_pizza");

        scores(map("scores", List.of(score("cancel_order", 0.88, true, MAIN_REF), score("order_pizza", 0.21, false, MAIN_REF))));
        BotTurn none = nlu.send(say("do not cancel")).turns().get(0);
        assertThat(none.intent()).as("the only score above the threshold 0.40 is negated; 0.21 is below it").isNull();
    }

    @Test
    @DisplayName("a 429 with Cognigy's problem body and an HTTP-date Retry-After, then a 503: the same sentence is posted"
            + " again each time (idempotent, no session) and the third answer counts")
    void retriesAreTheSameRequest() throws Exception {
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();
        scores(List.of(score("order_pizza", 0.8, false, MAIN_REF)));
        tenant.next.add(new MockResponse.Builder().code(429).setHeader("Content-Type", "application/problem+json")
                .setHeader("Retry-After", "7").body("{\"type\":\"TooManyRequests\",\"title\":\"Too Many Requests\","
                        + "\"status\":429,\"detail\":\"Rate limit exceeded\",\"code\":1000,\"traceId\":\"api--1\"}").build());
        tenant.next.add(ManagementApiFake.problem(503, "ServiceUnavailable", "try again"));

        BotTurn turn = nlu.send(say("pizza please")).turns().get(0);

        assertThat(turn.intent()).isEqualTo("order_pizza");
        List<RecordedRequest> posts = tenant.to(SCORES);
        assertThat(posts).hasSize(3);
        assertThat(posts).extracting(r -> r.getBody().utf8()).as("each attempt the same body").containsOnly(posts.get(0).getBody().utf8());
        assertThat(slept.get(0)).as("Retry-After honoured").isEqualTo(Duration.ofSeconds(7));
        assertThat(slept).hasSize(2);
    }

    @Test
    @DisplayName("three 429s in a row: the test fails naming the route and Cognigy's detail, after three attempts, not more")
    void rateLimitedThrice() {
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();
        for (int i = 0; i < 4; i++) tenant.next.add(ManagementApiFake.problem(429, "TooManyRequests", "Rate limit exceeded"));

        assertThatThrownBy(() -> nlu.send(say("pizza please"))).isInstanceOf(BackendException.class)
                .hasMessageContaining("429").hasMessageContaining("Rate limit exceeded");
        assertThat(tenant.to(SCORES)).hasSize(3);
    }

    @Test
    @DisplayName("a 404 on the run's first two scores requests, before any sentence was scored, is the setup's: those tests"
            + " fail naming cognigy.nlu.flow and cognigy.nlu.locale and Cognigy's answer, and the others fail with it unsent")
    void firstScoresRefusedFailsTheRest() {
        tenant.overrides.put(SCORES, ManagementApiFake.problem(404, "NotFound", "Locale not found"));
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();

        for (String sentence : List.of("pizza please", "a pizza")) {
            assertThatThrownBy(() -> nlu.send(say(sentence))).isInstanceOf(BackendException.class)
                    .hasMessageContaining("HTTP 404 on POST").hasMessageContaining("Locale not found")
                    .hasMessageContaining("api--f84324f4-98eb-4f02-abdd-375a2e6c3c1f")
                    .hasMessageContaining("flow 'Main Flow' (" + MAIN_REF + ")").hasMessageContaining(LOCALE_REF)
                    .hasMessageContaining("check cognigy.nlu.flow and cognigy.nlu.locale")
                    .hasMessageNotContaining("not sent");
        }
        String unsent = thrown(() -> nlu.send(say("pizza please")));
        for (String sentence : List.of("where is my order", "when are you open", "cancel it")) {
            assertThat(thrown(() -> nlu.send(say(sentence)))).isEqualTo(unsent)
                    .startsWith("not sent: the management API refused to score the run's first sentences")
                    .contains("check cognigy.nlu.flow and cognigy.nlu.locale");
        }
        assertThat(tenant.to(SCORES)).as("two scores requests; the other tests are failed unsent").hasSize(2);
    }

    @Test
    @DisplayName("one sentence refused with a 400 before any was scored fails its own test only: the next is sent and scored")
    void oneOddFirstSentenceFailsItsTestOnly() {
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();
        tenant.next.add(ManagementApiFake.problem(400, "BadRequest", "sentence is too long"));
        assertThatThrownBy(() -> nlu.send(say("pizza ".repeat(200)))).hasMessageContaining("sentence is too long")
                .hasMessageNotContaining("not sent");
        scores(List.of(score("order_pizza", 0.8, false, MAIN_REF)));
        assertThat(nlu.send(say("a pizza")).turns().get(0).intent()).isEqualTo("order_pizza");
        assertThat(tenant.to(SCORES)).hasSize(2);
    }

    @Test
    @DisplayName("a 400 on the run's first scores request is kept the same way; a 400 once a sentence was scored fails that"
            + " test only, and the next sentence is sent and scored")
    void scoresRefusedAfterOneScoredFailsThatTestOnly() {
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();
        scores(List.of(score("order_pizza", 0.8, false, MAIN_REF)));
        assertThat(nlu.send(say("pizza please")).turns().get(0).intent()).isEqualTo("order_pizza");
        tenant.next.add(ManagementApiFake.problem(400, "BadRequest", "sentence is too long"));

        assertThatThrownBy(() -> nlu.send(say("pizza ".repeat(200)))).isInstanceOf(BackendException.class)
                .hasMessageContaining("HTTP 400 on POST").hasMessageContaining("sentence is too long")
                .hasMessageNotContaining("cognigy.nlu.flow");
        assertThat(nlu.send(say("a pizza")).turns().get(0).intent()).isEqualTo("order_pizza");
        assertThat(tenant.to(SCORES)).hasSize(3);

        NluBackend fresh = backend(NluSettings.defaults(), true);
        fresh.schema();
        int before = tenant.to(SCORES).size();
        tenant.next.add(ManagementApiFake.problem(400, "BadRequest", "flowReferenceId is not a flow of this project"));
        tenant.next.add(ManagementApiFake.problem(400, "BadRequest", "flowReferenceId is not a flow of this project"));
        assertThatThrownBy(() -> fresh.send(say("pizza please"))).hasMessageContaining("check cognigy.nlu.flow and cognigy.nlu.locale");
        assertThatThrownBy(() -> fresh.send(say("a pizza"))).hasMessageContaining("check cognigy.nlu.flow and cognigy.nlu.locale")
                .hasMessageNotContaining("not sent");
        assertThatThrownBy(() -> fresh.send(say("two pizzas"))).hasMessageStartingWith("not sent: ")
                .hasMessageContaining("flowReferenceId is not a flow of this project");
        assertThat(tenant.to(SCORES)).hasSize(before + 2);
    }

    private static String thrown(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return org.assertj.core.api.Assertions.catchThrowableOfType(BackendException.class, call).getMessage();
    }

    @Test
    @DisplayName("issue 16: the first progress line counts the reads before the first score — 1,000 tests after them"
            + " take a second window; what fits in the first says nothing")
    void pacingCountsReads() {
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();
        int reads = tenant.requests.size();
        assertThat(reads).as("schema, flow, locale, threshold and training state").isGreaterThan(5);

        assertThat(nlu.pacing(1000 - reads)).as("exactly one window").isEmpty();
        assertThat(nlu.pacing(1000)).contains(String.format(java.util.Locale.ROOT, "1,000 tests scored through Cognigy's NLU:"
                + " %,d management requests (%d reads before the first score), about 5 min at 1,000 requests per 5 minutes",
                1000 + reads, reads));
        assertThat(nlu.pacing(3000)).hasValueSatisfying(line -> assertThat(line).contains("about 15 min"));
        assertThat(nlu.pacing(3000 - reads)).hasValueSatisfying(line -> assertThat(line).contains("about 10 min"));
        assertThat(nlu.budgetWait(10)).as("nothing waits before the first score").isEmpty();
    }

    @Test
    @DisplayName("the reads before the first score ask nothing twice that the bot's schema read with the same request: the"
            + " flow list, the flow and the flows' settings are read once; the intents, listed by the schema in the"
            + " endpoint's locale, are listed again without one")
    void preflightTakesTheSchemasReads() {
        scores(List.of(score("opening_hours", 0.71, false, FAQ_REF), score("check_order", 0.2, false, MAIN_REF)));
        NluBackend nlu = backend(NluSettings.defaults(), true);

        nlu.schema();

        assertThat(tenant.to("flows")).as("the flow list").hasSize(1);
        assertThat(tenant.to("flows/f-main")).as("the scored flow, with its attachedFlows").hasSize(1);
        assertThat(tenant.to("flows/f-main/settings")).as("its thresholds and system slots").hasSize(1);
        assertThat(tenant.to("flows/f-faq/settings")).as("the attached flow's").hasSize(1);
        assertThat(tenant.to("flows/f-main/intents")).extracting(r -> r.getUrl().queryParameter("preferredLocaleId"))
                .as("the schema's list in the endpoint's locale, then the NLU's").containsExactly("loc-en", null);
        assertThat(tenant.requests).as("probe, endpoints, endpoint, locales, flows, 2 flows, their intents, settings and"
                + " slot fillers, 2 lexicons' slots; then the NLU's 2 intent lists").hasSize(17);
        assertThat(nlu.send(say("when are you open")).turns().get(0).intent()).as("a verdict from what was taken")
                .isEqualTo("opening_hours");
    }

    @Test
    @DisplayName("with the flow and locale named and no endpoint, the schema reads every flow of the project as the NLU asks"
            + " for them: the preflight takes the flow list, settings and intent lists, and reads only the flow itself")
    void preflightTakesTheProjectsReads() {
        NluBackend nlu = backend(NluSettings.defaults().withFlow("Main Flow").withLocale("en-US"), false);
        int before;

        nlu.schema();
        before = tenant.requests.size();

        assertThat(tenant.to("flows")).hasSize(1);
        assertThat(tenant.to("flows/f-main")).as("read by the NLU only: the schema of a project reads no flow's detail")
                .hasSize(1);
        assertThat(tenant.to("flows/f-main/settings")).hasSize(1);
        assertThat(tenant.to("flows/f-faq/settings")).hasSize(1);
        assertThat(tenant.to("flows/f-main/intents")).hasSize(1);
        assertThat(tenant.to("flows/f-faq/intents")).hasSize(1);
        assertThat(nlu.schema()).isNotNull();
        assertThat(tenant.requests).as("read once").hasSize(before);
    }

    @ParameterizedTest(name = "intentThreshold.lower {0}")
    @ValueSource(strings = {"\"0.4\"", "40", "-0.1", "{\"value\":0.4}"})
    @DisplayName("a flow threshold in a shape other than a number from 0 to 1 is refused before the first sentence, naming the"
            + " flow and the value, never replaced by the default 0.2, which would recognise sentences the flow does not")
    void thresholdInAnotherShape(String lower) {
        tenant.overrides.put("flows/f-main/settings", new mockwebserver3.MockResponse.Builder().code(200)
                .setHeader("Content-Type", "application/json").body("{\"intentThreshold\":{\"lower\":" + lower + ",\"upper\":0.5}}")
                .build());
        scores(List.of(score("order_pizza", 0.3, false, MAIN_REF)));
        NluBackend nlu = backend(NluSettings.defaults(), true);

        assertThatThrownBy(nlu::schema).isInstanceOf(BackendException.class)
                .hasMessageContaining("the settings of flow 'Main Flow' give intentThreshold.lower as " + lower + ", not a number from 0 to 1")
                .hasMessageContaining("Reconfirmation Threshold").hasMessageEndingWith("no test was run.");
        assertThat(tenant.to(SCORES)).isEmpty();
    }

    @Test
    @DisplayName("a score given as text or null, or an item without a name, is a protocol error naming the intent and what it"
            + " held, never an intent recognised or passed over")
    void scoreNotANumber() {
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();
        Map<String, Object> asText = score("order_pizza", 0.5, false, MAIN_REF);
        asText.put("score", "0.9");
        scores(List.of(score("opening_hours", 0.3, false, FAQ_REF), asText));
        assertThatThrownBy(() -> nlu.send(say("a pizza"))).isInstanceOf(BackendException.class)
                .hasMessageContaining("the NLU scores answer's item for intent 'order_pizza' has the score \"0.9\", where Cognigy"
                        + " gives each intent's name and a number from 0 to 1");

        Map<String, Object> asNull = score("order_pizza", 0.5, false, MAIN_REF);
        asNull.put("score", null);
        scores(List.of(asNull));
        assertThatThrownBy(() -> nlu.send(say("a pizza"))).hasMessageContaining("for intent 'order_pizza' has the score null");

        Map<String, Object> unnamed = score("order_pizza", 0.5, false, MAIN_REF);
        unnamed.remove("name");
        scores(List.of(score("opening_hours", 0.3, false, FAQ_REF), unnamed));
        assertThatThrownBy(() -> nlu.send(say("a pizza"))).hasMessageContaining("item #2 has no intent name (none)");
    }

    @Test
    @DisplayName("flow settings without intentThreshold take Cognigy's documented default, 0.2")
    void thresholdAbsent() {
        tenant.overrides.put("flows/f-main/settings", tenant.ok(map("systemSlots", map())));
        scores(List.of(score("order_pizza", 0.2, false, MAIN_REF)));
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();

        BotTurn turn = nlu.send(say("pizza")).turns().get(0);

        assertThat(turn.intent()).as("a score of exactly the threshold is recognised").isEqualTo("order_pizza");
        assertThat(IntentRanking.of(turn).orElseThrow().threshold()).isEqualTo(0.2);
    }

    @Test
    @DisplayName("a training task that never ends is given up after 10 minutes of looks, naming its last status and the fix")
    void trainingNeverEnds() {
        outOfDate("f-main");
        taskStatuses.clear();
        taskStatuses.add("building");
        tenant.overrides.put("flows/f-main/intents/train", tenant.ok(map("_id", "task-7", "status", "queued")));
        NluBackend nlu = backend(NluSettings.defaults().withTrainFirst(true), true);

        assertThatThrownBy(nlu::schema).isInstanceOf(BackendException.class)
                .hasMessageContaining("training flow 'Main Flow' was not done after 10 minutes (task task-7, last status building)")
                .hasMessageContaining("Build Model");
        assertThat(taskLooks.get()).isEqualTo(NluTarget.TASK_POLLS);
        assertThat(tenant.to(SCORES)).isEmpty();
    }

    private static Map<String, Object> asking(Map<String, Object> score, String sentence, boolean asList) {
        Map<String, Object> item = new java.util.LinkedHashMap<>(score);
        if (asList) item.put("confirmationSentences", List.of(sentence));
        else item.put("confirmationSentence", sentence);
        return item;
    }

    @Test
    @DisplayName("finding 4, the documented bare array: the best intent scores between the reconfirmation threshold (lower 0.4)"
            + " and the confidence threshold (upper 0.5) and has a confirmation sentence, so the bot asks it back: no intent is"
            + " taken, and the failure says what it scored, between which thresholds, and what the bot asks")
    void betweenTheThresholdsWithAConfirmationSentence() {
        scores(List.of(asking(score("check_order", 0.45, false, MAIN_REF), "Do you want to check an order?", false),
                score("greeting", 0.1, false, MAIN_REF)));
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();

        BotTurn turn = nlu.send(say("order thing")).turns().get(0);

        assertThat(turn.intent()).as("asked back, not taken: input.intent is no intent yet").isNull();
        assertThat(turn.intentScore()).as("no taken intent's score: intent_min_score cannot pass it").isNaN();
        IntentRanking ranking = IntentRanking.of(turn).orElseThrow();
        assertThat(ranking.outcome().verdict()).isEqualTo(IntentRanking.Verdict.RECONFIRMATION_ASKED);
        assertThat(ranking.explain("check_order")).isEqualTo("expected check_order, got no intent: 'check_order' scored 0.45,"
                + " between the reconfirmation threshold 0.40 and the confidence threshold 0.50, and has a confirmation sentence:"
                + " the bot asks \"Do you want to check an order?\" rather than taking it");
        assertThat(ranking.explain("greeting")).endsWith("rather than taking it; greeting was 2nd (0.10, below the threshold 0.40)");
    }

    @Test
    @DisplayName("finding 4, the API reference's {scores: [...]}: between the thresholds without a confirmation sentence the"
            + " intent is taken, as Cognigy's docs say; at the confidence threshold it is taken even with one; a sentence in"
            + " confirmationSentences counts as one in confirmationSentence")
    void betweenTheThresholdsWithoutAConfirmationSentence() {
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();

        scores(map("scores", List.of(score("check_order", 0.45, false, MAIN_REF))));
        assertThat(nlu.send(say("order thing")).turns().get(0).intent()).as("no confirmation sentence").isEqualTo("check_order");

        scores(map("scores", List.of(asking(score("check_order", 0.5, false, MAIN_REF), "Check an order?", true))));
        BotTurn confident = nlu.send(say("check my order")).turns().get(0);
        assertThat(confident.intent()).as("at the confidence threshold").isEqualTo("check_order");
        assertThat(confident.intentScore()).isEqualTo(0.5);

        scores(map("scores", List.of(asking(score("check_order", 0.49, false, MAIN_REF), "Check an order?", true))));
        assertThat(nlu.send(say("order?")).turns().get(0).intent()).as("the list's sentence is asked back").isNull();
    }

    @Test
    @DisplayName("finding 5, the documented bare array: a reject intent scoring best rejects the sentence — no intent, and the"
            + " failure names the reject intent and its score — joined with the flow's intent list by the score's id")
    void rejectIntentOnTop() {
        Map<String, Object> reject = score("Reject Intent", 0.95, false, MAIN_REF);
        reject.put("id", "i3");
        scores(List.of(reject, score("check_order", 0.45, false, MAIN_REF)));
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();

        BotTurn turn = nlu.send(say("tell me a joke")).turns().get(0);

        assertThat(turn.intent()).isNull();
        assertThat(turn.intentScore()).isNaN();
        IntentRanking ranking = IntentRanking.of(turn).orElseThrow();
        assertThat(ranking.outcome().verdict()).isEqualTo(IntentRanking.Verdict.REJECTED);
        assertThat(ranking.explain("check_order")).isEqualTo("expected check_order, got no intent: the reject intent 'Reject Intent'"
                + " scored best (0.95), so Cognigy rejects the sentence; check_order was 2nd (0.45)");
        assertThat(tenant.to("flows/f-main/intents")).as("read before the first sentence").isNotEmpty()
                .allSatisfy(r -> assertThat(r.getUrl().queryParameter("includeChildren")).isEqualTo("true"));
    }

    @Test
    @DisplayName("finding 5, the API reference's {scores: [...]}: a disabled intent scoring best is passed over and the next"
            + " takes its place, joined by flow and name when the score's id is none the lists hold; expecting the disabled"
            + " one says it is disabled")
    void disabledIntentOnTop() {
        scores(map("scores", List.of(score("old_promo", 0.9, false, MAIN_REF), score("check_order", 0.45, false, MAIN_REF))));
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();

        BotTurn turn = nlu.send(say("any deals")).turns().get(0);

        assertThat(turn.intent()).isEqualTo("check_order");
        assertThat(turn.intentScore()).isEqualTo(0.45);
        IntentRanking ranking = IntentRanking.of(turn).orElseThrow();
        assertThat(ranking.explain("old_promo")).isEqualTo("expected old_promo, got check_order (0.45); old_promo was 1st (0.90,"
                + " disabled in Cognigy: never recognised)");
        assertThat(ranking.margin()).as("a disabled intent is no runner-up").isEmpty();
    }

    @Test
    @DisplayName("finding 5: a reject intent of an attached flow, joined by the intent's referenceId, rejects too; one below"
            + " the reconfirmation threshold is simply below it")
    void rejectIntentByReferenceId() {
        tenant.intents.put("f-faq", List.of(map("_id", "i5", "referenceId", "5e0c7a1b-0000-4000-8000-00000000000f",
                "name", "out_of_scope", "isDisabled", false, "isRejectIntent", true)));
        Map<String, Object> reject = score("out_of_scope", 0.7, false, FAQ_REF);
        reject.put("id", "5e0c7a1b-0000-4000-8000-00000000000f");
        scores(List.of(reject, score("check_order", 0.6, false, MAIN_REF)));
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();

        assertThat(nlu.send(say("where is the park")).turns().get(0).intent()).isNull();

        reject.put("score", 0.3);
        scores(List.of(reject, score("check_order", 0.2, false, MAIN_REF)));
        IntentRanking below = IntentRanking.of(nlu.send(say("park")).turns().get(0)).orElseThrow();
        assertThat(below.outcome().verdict()).isEqualTo(IntentRanking.Verdict.BELOW_THRESHOLD);
    }

    @ParameterizedTest(name = "intentThreshold.upper {0}")
    @ValueSource(strings = {"\"0.5\"", "50", "-0.1"})
    @DisplayName("finding 4: a confidence threshold in another shape is refused before the first sentence, naming the flow,"
            + " the value and the setting")
    void confidenceThresholdInAnotherShape(String upper) {
        tenant.overrides.put("flows/f-main/settings", tenant.ok(map("intentThreshold", map("lower", 0.4, "upper",
                json.readTree(upper)))));
        NluBackend nlu = backend(NluSettings.defaults(), true);

        assertThatThrownBy(nlu::schema).isInstanceOf(BackendException.class)
                .hasMessageContaining("the settings of flow 'Main Flow' give intentThreshold.upper as " + upper)
                .hasMessageContaining("Confidence Threshold").hasMessageEndingWith("no test was run.");
    }

    @Test
    @DisplayName("finding 4: flow settings without intentThreshold.upper take Cognigy's default confidence threshold, 0.4,"
            + " and one below lower is no band at all")
    void confidenceThresholdAbsentOrBelow() {
        tenant.overrides.put("flows/f-main/settings", tenant.ok(map("intentThreshold", map("lower", 0.3))));
        scores(List.of(asking(score("check_order", 0.35, false, MAIN_REF), "Check an order?", false)));
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();
        assertThat(IntentRanking.of(nlu.send(say("order")).turns().get(0)).orElseThrow().confidenceThreshold()).isEqualTo(0.4);

        tenant.overrides.put("flows/f-main/settings", tenant.ok(map("intentThreshold", map("lower", 0.3, "upper", 0.1))));
        NluBackend inverted = backend(NluSettings.defaults(), true);
        inverted.schema();
        assertThat(inverted.send(say("order")).turns().get(0).intent()).isEqualTo("check_order");
    }

    @Test
    @DisplayName("finding 6, the documented bare array: an attached flow's intent meets that flow's own thresholds, as"
            + " Cognigy's \"Use Thresholds of the attached Flows\" (on by default) has it: FAQ's 0.6 leaves opening_hours'"
            + " 0.55 unrecognised, where the scored flow's 0.4 took it")
    void attachedFlowsOwnThresholds() {
        tenant.overrides.put("flows/f-faq/settings", tenant.ok(map("intentThreshold", map("lower", 0.6, "upper", 0.8))));
        scores(List.of(score("opening_hours", 0.55, false, FAQ_REF), score("check_order", 0.3, false, MAIN_REF)));
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();
        int settingsReads = tenant.to("flows/f-faq/settings").size();

        BotTurn turn = nlu.send(say("when do you open")).turns().get(0);

        assertThat(turn.intent()).isNull();
        assertThat(IntentRanking.of(turn).orElseThrow().explain("opening_hours")).isEqualTo("expected opening_hours, got no intent"
                + " (best opening_hours 0.55 is below the threshold 0.60); opening_hours was 1st (0.55, below the threshold 0.60)");
        assertThat(settingsReads).as("the attached flow's settings, read before the first sentence").isPositive();
        assertThat(tenant.to("flows/f-faq/settings")).hasSize(settingsReads);
        assertThat(tenant.to("flows/f-legacy/settings")).as("a flow not attached is not read").isEmpty();
    }

    @Test
    @DisplayName("finding 6, the API reference's {scores: [...]}: with useAttachedFlowThresholds false in the scored flow's"
            + " settings, an attached flow's intent meets the scored flow's thresholds")
    void attachedFlowsThresholdsOff() {
        tenant.overrides.put("flows/f-main/settings", tenant.ok(map("intentThreshold", map("lower", 0.4, "upper", 0.5),
                "useAttachedFlowThresholds", false)));
        tenant.overrides.put("flows/f-faq/settings", tenant.ok(map("intentThreshold", map("lower", 0.6, "upper", 0.8))));
        scores(map("scores", List.of(score("opening_hours", 0.55, false, FAQ_REF), score("check_order", 0.3, false, MAIN_REF))));
        NluBackend nlu = backend(NluSettings.defaults(), true);
        nlu.schema();

        BotTurn turn = nlu.send(say("when do you open")).turns().get(0);

        assertThat(turn.intent()).isEqualTo("opening_hours");
        assertThat(turn.intentScore()).isEqualTo(0.55);
    }

    private void outOfDate(String flowId) {
        synchronized (tenant.flows) {
            for (int i = 0; i < tenant.flows.size(); i++) {
                if (tenant.flows.get(i).get("_id").equals(flowId)) {
                    Map<String, Object> flow = new java.util.LinkedHashMap<>(tenant.flows.get(i));
                    flow.put("isTrainingOutOfDate", true);
                    tenant.flows.set(i, flow);
                }
            }
        }
    }
}
