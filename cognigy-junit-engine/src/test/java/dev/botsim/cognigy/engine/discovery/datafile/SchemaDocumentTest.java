package dev.botsim.cognigy.engine.discovery.datafile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.discovery.rules.CaseRules;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Keeps docs/simulation-file.schema.json in step with the keys the reader accepts. */
class SchemaDocumentTest {

    private static JsonNode schema;

    @BeforeAll
    static void load() throws Exception {
        // Surefire runs in the module directory; docs/ is at the repository root.
        schema = JsonMapper.shared().readTree(Files.readString(Path.of("..", "docs", "simulation-file.schema.json")));
    }

    private static List<String> keys(JsonNode object) {
        return new ArrayList<>(object.get("properties").propertyNames());
    }

    @Test
    @DisplayName("the schema names exactly the keys the reader accepts, at every level")
    void sameKeys() {
        JsonNode defs = schema.get("$defs");
        assertThat(schema.get("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(keys(schema)).containsExactlyInAnyOrderElementsOf(DocumentBinder.ROOT_KEYS);
        assertThat(keys(schema.get("properties").get("defaults")))
                .containsExactlyInAnyOrderElementsOf(DocumentBinder.DEFAULTS_KEYS);
        assertThat(keys(defs.get("case"))).containsExactlyInAnyOrderElementsOf(CaseBinder.CASE_KEYS);
        assertThat(keys(defs.get("conversation"))).containsExactlyInAnyOrderElementsOf(CaseBinder.CONVERSATION_KEYS);
        assertThat(keys(defs.get("conversation").get("properties").get("turns").get("items")))
                .containsExactlyInAnyOrderElementsOf(CaseBinder.TURN_KEYS);
        assertThat(keys(defs.get("expect"))).containsExactlyInAnyOrderElementsOf(Expectations.KEYS);
    }

    @Test
    @DisplayName("the schema's id patterns are the reader's")
    void samePatterns() {
        JsonNode defs = schema.get("$defs");
        assertThat(defs.get("testId").get("pattern").asString()).isEqualTo(CaseRules.TEST_ID.pattern());
        // The user pattern depends on the backend: the schema names the simulation API's in its description.
        assertThat(defs.get("userId").get("description").asString()).contains(CaseRules.USER_ID.pattern());
        assertThat(defs.get("locale").get("pattern").asString()).isEqualTo(CaseRules.LOCALE.pattern());
        assertThat(defs.get("testId").get("maxLength").asInt()).isEqualTo(CaseRules.MAX_ID_LENGTH);
    }
}
