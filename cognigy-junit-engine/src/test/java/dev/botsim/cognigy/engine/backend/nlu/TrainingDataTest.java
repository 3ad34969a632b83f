package dev.botsim.cognigy.engine.backend.nlu;

import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.FAQ_REF;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.KEY;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.LOCALE_REF;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.PROJECT;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.TOKEN;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.management.ManagementApiFake;
import dev.botsim.cognigy.engine.backend.management.ManagementApiSchema;
import dev.botsim.cognigy.engine.support.Secret;
import mockwebserver3.MockWebServer;

/** A bot's training data read through the management API in Cognigy's shapes: which flow and locale, and the refusals. */
class TrainingDataTest {

    private static final String DE = "d1e2f3a4-0000-4000-8000-000000000001";

    private final ManagementApiFake tenant = new ManagementApiFake();
    private final MockWebServer server = LoopbackServers.mockWebServer();

    @BeforeEach
    void start() throws Exception {
        tenant.pageSize = 2;
        tenant.sentences.put("i1", List.of(sentence("s1", "where is my order", LOCALE_REF)));
        tenant.sentences.put("i5", List.of(sentence("h1", "when are you open", LOCALE_REF),
                sentence("h2", "wann habt ihr offen", DE), sentence("h3", "opening hours", null)));
        server.setDispatcher(tenant);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Map<String, Object> sentence(String id, String text, String locale) {
        return map("_id", id, "text", text, "localeReference", locale, "slots", List.of());
    }

    private ManagementApiSchema.Settings settings(boolean withEndpoint) {
        ManagementApiSchema.Settings settings = ManagementApiSchema.Settings.of(server.url("/").toString(), Secret.of(KEY), PROJECT)
                .withSleeper(d -> { });
        return withEndpoint ? settings.withEndpointToken(Secret.of(TOKEN)) : settings;
    }

    @Test
    @DisplayName("the endpoint's flow, not the project's first, and the endpoint's locale, not the primary one: an endpoint"
            + " serving FAQ in German gives FAQ's German sentences and those of no locale")
    void endpointsFlowAndLocale() {
        tenant.endpoint.put("flowId", FAQ_REF);
        tenant.endpoint.put("localeId", DE);

        TrainingData data = TrainingData.read(settings(true), Optional.empty(), Optional.empty());

        assertThat(data.flowName()).isEqualTo("FAQ");
        assertThat(data.localeName()).isEqualTo("de-DE");
        assertThat(data.intents()).containsExactly(Map.entry("opening_hours", List.of("wann habt ihr offen", "opening hours")));
    }

    @Test
    @DisplayName("without an endpoint or a locale, the project's primary locale; a project marking none primary, its first")
    void primaryLocaleElseFirst() {
        assertThat(TrainingData.read(settings(false), Optional.of("FAQ"), Optional.empty()).localeName()).isEqualTo("en-US");

        tenant.locales.replaceAll(locale -> {
            Map<String, Object> unmarked = new java.util.LinkedHashMap<>(locale);
            unmarked.put("primary", false);
            return unmarked;
        });
        assertThat(TrainingData.read(settings(false), Optional.of("FAQ"), Optional.empty()).localeName()).isEqualTo("de-DE");

        tenant.locales.clear();
        assertThatThrownBy(() -> TrainingData.read(settings(false), Optional.of("FAQ"), Optional.empty()))
                .isInstanceOf(BackendException.class).hasMessage("the project has no locale");
    }

    @Test
    @DisplayName("--locale a language alone (de) reads the one locale whose NLU reads it (Deutsch, de-DE), as the NLU backend"
            + " scores a test of that locale; a language of two locales is refused naming them")
    void localeByLanguageAlone() {
        tenant.tenantShapedLocales();
        TrainingData german = TrainingData.read(settings(false), Optional.of("FAQ"), Optional.of("de"));
        assertThat(german.localeName()).isEqualTo("de-DE");
        assertThat(german.intents()).containsEntry("opening_hours", List.of("wann habt ihr offen", "opening hours"));
        tenant.locales.add(map("_id", "loc-gb", "referenceId", "e1e2f3a4-0000-4000-8000-000000000009", "name", "British",
                "nluLanguage", "en-GB", "primary", false));
        assertThatThrownBy(() -> TrainingData.read(settings(false), Optional.of("FAQ"), Optional.of("en")))
                .isInstanceOf(BackendException.class).hasMessageStartingWith("--locale en is the language of 2 locales of the"
                        + " project (English (en-US), British (en-GB))");
    }

    @Test
    @DisplayName("--flow or --locale naming nothing of the project, or no flow at all, is refused naming the option and what"
            + " the project has; never the key")
    void refusals() {
        assertThatThrownBy(() -> TrainingData.read(settings(false), Optional.of("Billing"), Optional.of("en-US")))
                .isInstanceOf(BackendException.class)
                .hasMessage("no flow 'Billing' in the project (flows: Main Flow, FAQ, Legacy); give --flow a flow's name or"
                        + " reference id");
        assertThatThrownBy(() -> TrainingData.read(settings(false), Optional.of("FAQ"), Optional.of("fr-FR")))
                .isInstanceOf(BackendException.class)
                .hasMessage("no locale 'fr-FR' in the project (locales: de-DE, en-US); give --locale a locale's name, language or"
                        + " reference id");
        // Flows without a name (absent, null, blank) are counted, not listed as blanks: "Legacy, , , " named nothing.
        tenant.flows.add(map("_id", "f-x", "referenceId", "a0a0a0a0-0000-4000-8000-00000000000a", "isTrainingOutOfDate", false));
        tenant.flows.add(map("_id", "f-y", "referenceId", "a0a0a0a0-0000-4000-8000-00000000000b", "name", null));
        tenant.flows.add(map("_id", "f-z", "referenceId", "a0a0a0a0-0000-4000-8000-00000000000c", "name", " "));
        assertThatThrownBy(() -> TrainingData.read(settings(false), Optional.of("Billing"), Optional.of("en-US")))
                .isInstanceOf(BackendException.class)
                .hasMessage("no flow 'Billing' in the project (flows: Main Flow, FAQ, Legacy; 3 without a name); give --flow a"
                        + " flow's name or reference id");
        tenant.flows.clear();
        tenant.flows.add(map("_id", "f-x", "referenceId", "a0a0a0a0-0000-4000-8000-00000000000a", "name", ""));
        assertThatThrownBy(() -> TrainingData.read(settings(false), Optional.of("Billing"), Optional.of("en-US")))
                .isInstanceOf(BackendException.class)
                .hasMessage("no flow 'Billing' in the project (flows: 1 without a name); give --flow a flow's name or"
                        + " reference id");
        assertThatThrownBy(() -> TrainingData.read(settings(false), Optional.empty(), Optional.of("en-US")))
                .isInstanceOf(BackendException.class).hasMessageStartingWith("which flow? give --flow <name or reference id>")
                .hasMessageNotContaining(KEY);
    }
}
