package dev.botsim.cognigy.engine.discovery.datafile;

import static dev.botsim.cognigy.engine.discovery.datafile.Reading.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.model.SimulationCase;

/**
 * Cases stay in memory for the whole run (100,000 of them in the throughput target's -Xmx256m), so
 * what repeats from case to case is held once.
 */
class SharedValuesTest {

    private static final String FILE = """
            version: 1
            cases:
              - id: test_a
                utterance: where is my order ORD_1
                expect: { intent: check_order, next_flow: flow_order, entities: { order_id: ORD_1 } }
              - id: test_b
                utterance: where is my order ORD_2
                expect: { intent: check_order, next_flow: flow_order, entities: { order_id: ORD_2 } }
              - id: test_c
                utterance: hi
                context: { language: en }
                tags: [smoke]
                expect: { intent: check_order, not_intent: greeting, error_code: NONE, next_flow: flow_order }
            """;

    @Test
    @DisplayName("intent, flow, error code and entity names repeated across a file's cases are one instance each")
    void namesOnce() {
        List<SimulationCase> cases = read("shared.sim.yaml", FILE).file().cases();
        SimulationCase a = cases.get(0);
        SimulationCase b = cases.get(1);
        SimulationCase c = cases.get(2);
        assertThat(b.expect().intent()).isEqualTo("check_order").isSameAs(a.expect().intent()).isSameAs(c.expect().intent());
        assertThat(b.expect().nextFlow()).isEqualTo("flow_order").isSameAs(a.expect().nextFlow()).isSameAs(c.expect().nextFlow());
        assertThat(b.expect().entities().keySet().iterator().next()).isSameAs(a.expect().entities().keySet().iterator().next());
        assertThat(a.expect().entities()).isEqualTo(Map.of("order_id", "ORD_1"));
        assertThat(c.expect().notIntent()).isEqualTo("greeting");
        assertThat(c.expect().errorCode()).isEqualTo("NONE");
    }

    @Test
    @DisplayName("a case without context or tags holds the shared empty map and set, not an empty copy of its own")
    void emptiesShared() {
        List<SimulationCase> cases = read("shared.sim.yaml", FILE).file().cases();
        assertThat(cases.get(0).data()).isSameAs(Map.of());
        assertThat(cases.get(0).tags()).isSameAs(Set.of());
        assertThat(cases.get(2).data()).isEqualTo(Map.of("language", "en"));
        assertThat(cases.get(2).tags()).containsExactly("smoke");
    }
}
