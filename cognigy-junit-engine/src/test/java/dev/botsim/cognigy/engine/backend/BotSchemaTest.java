package dev.botsim.cognigy.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BotSchemaTest {

    @Test
    @DisplayName("a flow is known by the name its answers give, its display name or its ids; blank, missing or repeated ids"
            + " and one equal to the name are not listed")
    void flowsByNameOrId() {
        BotSchema.KnownFlow main = new BotSchema.KnownFlow("Main", "Main Flow", Arrays.asList("main-ref", null, " ", "Main Flow", "main-ref"));
        assertThat(main.ids()).containsExactly("main-ref");
        assertThat(main.label()).isEqualTo("Main Flow (main-ref)");
        assertThat(new BotSchema.KnownFlow("FAQ", "FAQ", List.of()).label()).isEqualTo("FAQ");

        BotSchema schema = new BotSchema(Optional.of(Set.of("size")), Optional.of(Set.of("Main", "FAQ", "Bu\u0308ro")), Optional.empty())
                .withKnownFlows(List.of(main, new BotSchema.KnownFlow("FAQ", "FAQ", List.of())));
        // A flow known by nothing but its reported name adds nothing to the flow list.
        assertThat(schema.knownFlows()).containsExactly(main);
        assertThat(schema.flows()).contains(Set.of("Main", "FAQ", "Büro"));

        assertThat(schema.reportedFlow("main-ref")).contains("Main");
        assertThat(schema.reportedFlow("Main Flow")).contains("Main");
        assertThat(schema.reportedFlow("Bu\u0308ro")).contains("Büro");
        assertThat(schema.reportedFlow("Other")).isEmpty();
        assertThat(schema.reportedFlow(null)).isEmpty();
        assertThat(schema.knowsFlow("main-ref")).isTrue();
        assertThat(schema.knowsFlow("Other")).isFalse();
        assertThat(schema.sameFlow("Main", "main-ref")).isTrue();
        assertThat(schema.sameFlow("Main", "FAQ")).isFalse();
        assertThat(schema.sameFlow("Other", "Other")).isTrue();
        assertThat(schema.sameFlow("Other", "Another")).isFalse();
        assertThat(schema.sameFlow(null, "Main")).isFalse();
        assertThat(schema.sameFlow(null, null)).isTrue();
        assertThat(schema.flowLabel("main-ref")).isEqualTo("Main Flow (main-ref)");
        assertThat(schema.flowLabel("FAQ")).isEqualTo("FAQ");
        assertThat(schema.flowLabel(null)).isNull();
        assertThat(schema.flowNamesAndIds()).containsExactly("Büro", "FAQ", "Main", "Main Flow", "main-ref");
    }

    @Test
    @DisplayName("an empty or unknown flow list knows every flow; entity names match regardless of case unless exact")
    void unknownListsKnowEverything() {
        assertThat(BotSchema.UNKNOWN.knowsFlow("Anything")).isTrue();
        assertThat(BotSchema.UNKNOWN.knowsEntity("anything")).isTrue();
        assertThat(new BotSchema(Optional.empty(), Optional.of(Set.of()), Optional.empty()).knowsFlow("Anything")).isTrue();

        BotSchema schema = new BotSchema(Optional.of(Set.of("Gro\u0308ße")), Optional.empty(), Optional.empty());
        assertThat(schema.knowsEntity("größe")).isTrue();
        assertThat(schema.knowsEntity("farbe")).isFalse();
        assertThat(schema.withExactEntityNames().knowsEntity("größe")).isFalse();
        assertThat(schema.withExactEntityNames().knowsEntity("Größe")).isTrue();
    }
}
