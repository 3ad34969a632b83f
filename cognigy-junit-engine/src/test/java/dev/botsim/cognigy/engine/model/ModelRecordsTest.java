package dev.botsim.cognigy.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.Mode;
import dev.botsim.cognigy.spi.Expectation;

/** The records discovery hands to execution: what they keep, what they copy, and how a position reads in a message. */
class ModelRecordsTest {

    private static final SourcePosition AT = new SourcePosition("sims/orders.sim.yaml", 12, 5);

    @Test
    @DisplayName("a position reads file:line:column, file:line without a column, the file alone without a line; line and"
            + " column 1 are shown")
    void positionAsMessagesShowIt() {
        assertThat(new SourcePosition("sims/orders.sim.yaml", 12, 5)).hasToString("sims/orders.sim.yaml:12:5");
        assertThat(new SourcePosition("sims/orders.sim.yaml", 1, 1)).hasToString("sims/orders.sim.yaml:1:1");
        assertThat(new SourcePosition("sims/orders.sim.yaml", 1, 0)).hasToString("sims/orders.sim.yaml:1");
        assertThat(new SourcePosition("sims/orders.sim.yaml", 0, 3)).hasToString("sims/orders.sim.yaml");
        assertThat(SourcePosition.of("sims/orders.sim.yaml")).hasToString("sims/orders.sim.yaml");
    }

    @Test
    @DisplayName("a file keeps the mode it was read with (nlu), FLOW when it names none; its lists are copies the reader cannot"
            + " change afterwards")
    void fileModeAndLists() {
        List<String> flows = new ArrayList<>(List.of("flow_order_status"));
        SimulationFile nlu = new SimulationFile("sims/orders.sim.yaml", "order-bot", flows, List.of(), List.of(), "ab12", Mode.NLU);
        assertThat(nlu.mode()).isEqualTo(Mode.NLU);
        assertThat(new SimulationFile("sims/orders.sim.yaml", "order-bot", flows, List.of(), List.of(), "ab12", null).mode())
                .isEqualTo(Mode.FLOW);
        assertThat(new SimulationFile("sims/orders.sim.yaml", "order-bot", flows, List.of(), List.of(), "ab12").mode())
                .isEqualTo(Mode.FLOW);
        flows.add("flow_refund");
        assertThat(nlu.flows()).containsExactly("flow_order_status");
        assertThatThrownBy(() -> nlu.flows().add("flow_refund")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @DisplayName("a case with more tags keeps everything else (repeat, entry, external id); its data and tags are read-only"
            + " copies in the order written")
    void caseWithTags() {
        Map<String, Object> data = new HashMap<>();
        data.put("channel", null);
        SimulationCase written = new SimulationCase("order_status", "where is my order", "u-1", "web", data, Expectation.NONE,
                new LinkedHashSet<>(List.of("smoke")), AT, "de-DE", Map.of("vip", true), 3, SourcePosition.of("sims/orders.sim.yaml"),
                "TC-17");
        SimulationCase tagged = written.withTags(new LinkedHashSet<>(List.of("smoke", "regression")));
        assertThat(tagged.tags()).containsExactly("smoke", "regression");
        assertThat(tagged).usingRecursiveComparison().ignoringFields("tags").isEqualTo(written);
        assertThat(written.tags()).containsExactly("smoke");
        data.put("locale", "fr-FR");
        assertThat(written.data()).containsOnlyKeys("channel");
        assertThatThrownBy(() -> written.tags().add("late")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(written.withRepeat(5).repeat()).isEqualTo(5);
        assertThat(written.withExternalId(null).externalId()).isNull();
        assertThat(new SimulationCase("c", "hi", null, null, null, null, null, AT).entry()).isEqualTo(AT);
    }

    @Test
    @DisplayName("a conversation with more tags keeps its turns, repeat and external id; its turns are a copy")
    void conversationWithTags() {
        List<ConversationTurn> turns = new ArrayList<>(List.of(new ConversationTurn(1, "hi", null, null, AT)));
        ConversationCase written = new ConversationCase("greeting", null, null, null, Set.of("smoke"), turns, AT, "en-US",
                Map.of(), 2, "TC-9");
        ConversationCase tagged = written.withTags(Set.of("nightly"));
        assertThat(tagged.tags()).containsExactly("nightly");
        assertThat(tagged).usingRecursiveComparison().ignoringFields("tags").isEqualTo(written);
        turns.add(new ConversationTurn(2, "bye", null, null, AT));
        assertThat(written.turns()).hasSize(1);
        assertThat(written.turns().get(0).expect()).isSameAs(Expectation.NONE);
        assertThat(written.turns().get(0).data()).isEmpty();
    }
}
