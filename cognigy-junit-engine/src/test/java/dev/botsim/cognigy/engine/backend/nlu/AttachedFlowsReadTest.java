package dev.botsim.cognigy.engine.backend.nlu;

import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.FAQ_REF;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.KEY;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.LEGACY_REF;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.MAIN_REF;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.PROJECT;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.TOKEN;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.management.AttachedFlows;
import dev.botsim.cognigy.engine.backend.management.ManagementApiFake;
import dev.botsim.cognigy.engine.backend.management.ManagementApiSchema;
import dev.botsim.cognigy.engine.backend.management.ManagementClient;
import dev.botsim.cognigy.engine.backend.management.ManagementReads;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.support.Secret;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A flow's {@code attachedFlows} ({@code GET flows/{id}}) as each of its three readers takes it — the bot's schema
 * ({@code BotReader}, through {@link ManagementApiSchema}), the NLU backend's target ({@link NluTarget}) and the
 * import's training data ({@link TrainingData}) — all by {@link AttachedFlows}' one rule. Each reader is seen by the
 * flows whose intents it lists, in order: the scope it took. The fake's project lists Main Flow ({@code f-main}), FAQ
 * ({@code f-faq}) and Legacy ({@code f-legacy}).
 */
class AttachedFlowsReadTest {

    private static final Pattern INTENTS = Pattern.compile("/new/v2\\.0/flows/([^/]+)/intents");

    private final ManagementApiFake tenant = new ManagementApiFake();
    private final MockWebServer server = LoopbackServers.mockWebServer();
    private ManagementApiSchema.Settings settings;

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(tenant);
        server.start();
        settings = ManagementApiSchema.Settings.of(server.url("/").toString(), Secret.of(KEY), PROJECT)
                .withHttp(HttpSettings.defaults().withCall(Duration.ofSeconds(5))).withClock(Clock.systemUTC()).withSleeper(d -> { });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Main Flow's detail with {@code attachedFlows} as given; {@code null} leaves the field out. */
    private void attach(Object attachedFlows) {
        Map<String, Object> detail = map("_id", "f-main", "referenceId", MAIN_REF, "name", "Main Flow",
                "attachedLexicons", List.of("lex-orders"));
        if (attachedFlows != null) detail.put("attachedFlows", attachedFlows);
        tenant.flowDetails.put("f-main", detail);
    }

    /** What each reader took for Main Flow's scope. */
    private record Seen(List<String> schema, List<String> schemaNotes, List<String> nlu, List<String> training) {
    }

    private Seen read() {
        tenant.requests.clear();
        BotSchema bot;
        try (ManagementApiSchema schema = new ManagementApiSchema(settings.withEndpointToken(Secret.of(TOKEN)))) {
            bot = schema.read();
        }
        List<String> schemaScope = intentLists();

        tenant.requests.clear();
        try (ManagementClient api = ManagementClient.open(settings)) {
            NluTarget.resolve(api, ManagementReads.of(api), PROJECT, NluSettings.defaults().withFlow("Main Flow").withLocale("en-US"), Optional.empty(),
                    d -> { });
        }
        List<String> nluScope = intentLists();

        tenant.requests.clear();
        TrainingData.read(settings, Optional.of("Main Flow"), Optional.of("en-US"));
        List<String> trainingScope = intentLists();
        return new Seen(schemaScope, bot.unknown().stream().filter(n -> n.contains("attached flow")).toList(), nluScope,
                trainingScope);
    }

    /** The flows whose intents were listed, in the order asked. */
    private List<String> intentLists() {
        List<String> flows = new ArrayList<>();
        synchronized (tenant.requests) {
            for (RecordedRequest request : tenant.requests) {
                Matcher m = INTENTS.matcher(request.getUrl().encodedPath());
                if (m.matches()) flows.add(m.group(1));
            }
        }
        return flows;
    }

    @Test
    @DisplayName("string entries naming a flow by its reference id: every reader takes the flow and the attached flow")
    void referenceIds() {
        attach(List.of(FAQ_REF));

        Seen seen = read();

        assertThat(seen.schema()).containsExactly("f-main", "f-faq");
        assertThat(seen.nlu()).containsExactly("f-main", "f-faq");
        assertThat(seen.training()).containsExactly("f-main", "f-faq");
        assertThat(seen.schemaNotes()).isEmpty();
    }

    @Test
    @DisplayName("string entries naming a flow by its _id, as Botium's connector reads them: every reader takes the flow (the"
            + " schema took it for a flow the list does not hold, and its intents for unknown)")
    void objectIds() {
        attach(List.of("f-faq"));

        Seen seen = read();

        assertThat(seen.schema()).containsExactly("f-main", "f-faq");
        assertThat(seen.schemaNotes()).isEmpty();
        assertThat(seen.nlu()).containsExactly("f-main", "f-faq");
        assertThat(seen.training()).containsExactly("f-main", "f-faq");
    }

    @Test
    @DisplayName("object entries: {_id: reference id} and {_id: object id} are taken by every reader, as the string they"
            + " hold; {referenceId: ...} by none")
    void objectEntries() {
        attach(List.of(map("_id", FAQ_REF)));
        Seen byReference = read();
        attach(List.of(map("_id", "f-faq")));
        Seen byObjectId = read();
        attach(List.of(map("referenceId", FAQ_REF)));
        Seen referenceIdField = read();

        assertThat(byReference.schema()).containsExactly("f-main", "f-faq");
        assertThat(byReference.nlu()).containsExactly("f-main", "f-faq");
        assertThat(byReference.training()).containsExactly("f-main", "f-faq");
        assertThat(byObjectId.schema()).containsExactly("f-main", "f-faq");
        assertThat(byObjectId.nlu()).containsExactly("f-main", "f-faq");
        assertThat(byObjectId.training()).containsExactly("f-main", "f-faq");
        assertThat(referenceIdField.schema()).containsExactly("f-main");
        assertThat(referenceIdField.schemaNotes()).isEmpty();
        assertThat(referenceIdField.nlu()).containsExactly("f-main");
        assertThat(referenceIdField.training()).containsExactly("f-main");
    }

    @Test
    @DisplayName("a flow attached twice, by its reference id and by its _id: every reader reads it once (the schema read it"
            + " twice)")
    void duplicate() {
        attach(List.of(FAQ_REF, "f-faq", FAQ_REF));

        Seen seen = read();

        assertThat(seen.schema()).containsExactly("f-main", "f-faq");
        assertThat(seen.nlu()).containsExactly("f-main", "f-faq");
        assertThat(seen.training()).containsExactly("f-main", "f-faq");
    }

    @Test
    @DisplayName("the flow attached to itself: every reader reads it once, as the flow (the schema read it twice)")
    void attachedToItself() {
        attach(List.of(MAIN_REF, FAQ_REF, "f-main"));

        Seen seen = read();

        assertThat(seen.schema()).containsExactly("f-main", "f-faq");
        assertThat(seen.nlu()).containsExactly("f-main", "f-faq");
        assertThat(seen.training()).containsExactly("f-main", "f-faq");
    }

    @Test
    @DisplayName("an attached id no flow of the project has (a deleted flow): the schema says so once, the NLU target and"
            + " the import pass over it without a word")
    void unknownAttachedFlow() {
        attach(List.of("9e9e9e9e-0000-4000-8000-00000000dead", FAQ_REF, "9e9e9e9e-0000-4000-8000-00000000dead"));

        Seen seen = read();

        assertThat(seen.schema()).containsExactly("f-main", "f-faq");
        assertThat(seen.schemaNotes()).containsExactly("flow 'Main Flow' has attached flow 9e9e9e9e-0000-4000-8000-00000000dead,"
                + " which the flow list does not hold; its intents are not known");
        assertThat(seen.nlu()).containsExactly("f-main", "f-faq");
        assertThat(seen.training()).containsExactly("f-main", "f-faq");
    }

    @Test
    @DisplayName("an attached flow the list holds but whose GET flows/{id} answers 404: the schema, which reads it for its"
            + " lexicons, fails; the NLU target and the import never ask")
    void attachedFlowAnswers404() {
        attach(List.of(FAQ_REF));
        tenant.overrides.put("flows/f-faq", ManagementApiFake.problem(404, "Not Found", "Flow not found"));

        Throwable schemaFailure = org.assertj.core.api.Assertions.catchThrowable(() -> {
            try (ManagementApiSchema schema = new ManagementApiSchema(settings.withEndpointToken(Secret.of(TOKEN)))) {
                schema.read();
            }
        });
        tenant.requests.clear();
        try (ManagementClient api = ManagementClient.open(settings)) {
            NluTarget.resolve(api, ManagementReads.of(api), PROJECT, NluSettings.defaults().withFlow("Main Flow").withLocale("en-US"), Optional.empty(),
                    d -> { });
        }
        List<String> nlu = intentLists();
        tenant.requests.clear();
        TrainingData.read(settings, Optional.of("Main Flow"), Optional.of("en-US"));
        List<String> training = intentLists();

        assertThat(schemaFailure).hasMessageContaining("HTTP 404").hasMessageContaining("flows/f-faq");
        assertThat(nlu).containsExactly("f-main", "f-faq");
        assertThat(training).containsExactly("f-main", "f-faq");
    }

    @Test
    @DisplayName("attachedFlows empty, null or missing: every reader takes the flow alone")
    void noAttachedFlows() {
        Map<String, Seen> seen = new HashMap<>();
        attach(List.of());
        seen.put("empty", read());
        attach(null);
        seen.put("missing", read());
        tenant.flowDetails.put("f-main", new java.util.LinkedHashMap<>(map("_id", "f-main", "referenceId", MAIN_REF, "name",
                "Main Flow", "attachedFlows", null, "attachedLexicons", List.of())));
        seen.put("null", read());

        seen.forEach((shape, s) -> {
            assertThat(s.schema()).as(shape).containsExactly("f-main");
            assertThat(s.nlu()).as(shape).containsExactly("f-main");
            assertThat(s.training()).as(shape).containsExactly("f-main");
            assertThat(s.schemaNotes()).as(shape).isEmpty();
        });
    }

    @Test
    @DisplayName("order: every reader takes the flow first, then its attached flows in attachedFlows' order, whatever the"
            + " project list's order (the NLU target followed the list's, the import too, the flow itself where the list had it)")
    void order() {
        attach(List.of(LEGACY_REF, FAQ_REF));
        // The project lists FAQ first, then Legacy, then Main Flow.
        List<Map<String, Object>> listed = new ArrayList<>(tenant.flows);
        tenant.flows.clear();
        tenant.flows.addAll(List.of(listed.get(1), listed.get(2), listed.get(0)));

        Seen seen = read();

        assertThat(seen.schema()).containsExactly("f-main", "f-legacy", "f-faq");
        assertThat(seen.nlu()).containsExactly("f-main", "f-legacy", "f-faq");
        assertThat(seen.training()).containsExactly("f-main", "f-legacy", "f-faq");
    }
}
